import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CjkpressError, Diagnostics } from './diagnostics.ts';
import { defaultFonts, type FontSet } from './fonts/resolve.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import type { Book } from './model.ts';
import { writeOutputs, type Output } from './output.ts';
import { parseArticle } from './reader/index.ts';
import { normalizeSource, readSource } from './reader/source.ts';
import { transform } from './transforms/index.ts';
import type { PageSize } from './writers/pdf/style.ts';

export const FORMATS = ['epub', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];

export interface BuildOptions {
  formats: readonly Format[];
  outDir: string;
  pageSize: PageSize;
  date: Date;
  /** overrides the language's default fonts */
  fonts?: FontSet;
  /** warnings from every stage go here (default: a sink nobody reads) */
  diagnostics?: Diagnostics;
  /** article and paragraph size limits (default 20 MB / 1 MB) */
  limits?: Limits;
  /** any warning fails the build: nothing is written */
  strict?: boolean;
  /** stage timings and file operations (--verbose) */
  log?: (line: string) => void;
}

/** Expands folders to the Markdown files in them (sorted, so builds are stable). */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    let s;
    try {
      s = await stat(input);
    } catch {
      throw new CjkpressError('cannot read: no such file or folder', input, undefined, undefined, 'io');
    }
    if (s.isDirectory()) {
      const md = (await readdir(input)).filter((f) => extname(f) === '.md' && !f.startsWith('.')).sort();
      if (md.length === 0) throw new CjkpressError('no .md files in this folder', input, undefined, undefined, 'no-input');
      files.push(...md.map((f) => join(input, f)));
    } else {
      files.push(input);
    }
  }
  return files;
}

export async function renderBook(book: Book, format: Format, opts: BuildOptions): Promise<Uint8Array> {
  const fonts = opts.fonts ?? defaultFonts(book.meta.lang);
  // writers load on demand: `--help`, `import` and single-format builds don't pay for the other one
  if (format === 'epub') {
    const { writeEpub } = await import('./writers/epub/index.ts');
    return writeEpub(book, { fonts, date: opts.date, ...(opts.diagnostics ? { diagnostics: opts.diagnostics } : {}) });
  }
  const { writePdf } = await import('./writers/pdf/index.ts');
  return writePdf(book, { fonts, date: opts.date, pageSize: opts.pageSize, ...(opts.diagnostics ? { diagnostics: opts.diagnostics } : {}) });
}

const ms = (t0: number): string => `${(performance.now() - t0).toFixed(0)} ms`;

/** Reads, checks and transforms one article. */
export async function loadBook(file: string, opts: Pick<BuildOptions, 'diagnostics' | 'limits' | 'log'>): Promise<Book> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  let t0 = performance.now();
  const text = await readSource(file, limits);
  opts.log?.(`read ${file} (${text.length} characters) in ${ms(t0)}`);
  t0 = performance.now();
  const article = parseArticle(text, file, { diagnostics: opts.diagnostics, limits });
  opts.log?.(`parsed ${file}: ${article.blocks.length} blocks in ${ms(t0)}`);
  t0 = performance.now();
  const book = transform(article, { diagnostics: opts.diagnostics, lines: normalizeSource(text).split('\n') });
  opts.log?.(`transformed ${file} in ${ms(t0)}`);
  return book;
}

/**
 * Reads every input, renders every format in memory, and only then writes the files (atomically):
 * an error anywhere — or a warning with `strict` — leaves the output folder as it was.
 */
export async function build(inputs: readonly string[], opts: BuildOptions): Promise<Output[]> {
  const diagnostics = opts.diagnostics ?? new Diagnostics();
  const files = await expandInputs(inputs);
  const books: Book[] = [];
  for (const file of files) books.push(await loadBook(file, { ...opts, diagnostics }));
  const seen = new Map<string, string>();
  for (const b of books) {
    const other = seen.get(b.meta.slug);
    if (other) throw new CjkpressError(`two articles would both write ${b.meta.slug}.*: this one and ${other} (set \`slug\` in front matter)`, b.file, 1, 1, 'duplicate-slug');
    seen.set(b.meta.slug, b.file);
  }
  const outputs: Output[] = [];
  for (const book of books) {
    for (const format of opts.formats) {
      const t0 = performance.now();
      const bytes = await renderBook(book, format, { ...opts, diagnostics });
      opts.log?.(`rendered ${book.file} as ${format} (${bytes.length} bytes) in ${ms(t0)}`);
      outputs.push({ path: join(opts.outDir, `${book.meta.slug}.${format}`), bytes });
    }
  }
  if (opts.strict && diagnostics.count > 0) {
    const n = diagnostics.count;
    throw new CjkpressError(`${n} warning${n === 1 ? '' : 's'} with --strict: nothing written`, undefined, undefined, undefined, 'strict');
  }
  const t0 = performance.now();
  await writeOutputs(outputs, opts.log ? { log: opts.log } : {});
  opts.log?.(`wrote ${outputs.length} files in ${ms(t0)}`);
  return outputs;
}
