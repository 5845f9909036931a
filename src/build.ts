import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CjkpressError } from './diagnostics.ts';
import { defaultFonts, type FontSet } from './fonts/resolve.ts';
import type { Book } from './model.ts';
import { writeOutputs, type Output } from './output.ts';
import { readArticle } from './reader/index.ts';
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
      if (md.length === 0) throw new CjkpressError('no .md files in this folder', input, undefined, undefined, 'io');
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
    return writeEpub(book, { fonts, date: opts.date });
  }
  const { writePdf } = await import('./writers/pdf/index.ts');
  return writePdf(book, { fonts, date: opts.date, pageSize: opts.pageSize });
}

/**
 * Reads every input, renders every format in memory, and only then writes the files (atomically):
 * an error anywhere leaves the output folder as it was.
 */
export async function build(inputs: readonly string[], opts: BuildOptions): Promise<Output[]> {
  const files = await expandInputs(inputs);
  const books: Book[] = [];
  for (const file of files) books.push(transform(await readArticle(file)));
  const seen = new Map<string, string>();
  for (const b of books) {
    const other = seen.get(b.meta.slug);
    if (other) throw new CjkpressError(`two articles would both write ${b.meta.slug}.*: this one and ${other} (set \`slug\` in front matter)`, b.file, 1, 1, 'slug');
    seen.set(b.meta.slug, b.file);
  }
  const outputs: Output[] = [];
  for (const book of books) {
    for (const format of opts.formats) {
      outputs.push({ path: join(opts.outDir, `${book.meta.slug}.${format}`), bytes: await renderBook(book, format, opts) });
    }
  }
  await writeOutputs(outputs);
  return outputs;
}
