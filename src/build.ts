import { loadImages, type BookImage } from './assets/images.ts';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { CjkpressError, Diagnostics, inStage } from './diagnostics.ts';
import { bookChars, chainFor } from './fonts/chain.ts';
import { chooseFonts, fontLanguage, type FontChoice, type FontSet } from './fonts/resolve.ts';
import { keyLine } from './reader/meta.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import type { Book } from './model.ts';
import { writeOutputs, type Output } from './output.ts';
import { parseArticle } from './reader/index.ts';
import { normalizeSource, readSource } from './reader/source.ts';
import { transform } from './transforms/index.ts';
import type { PageSize } from './writers/pdf/style.ts';

import type { Format } from './formats.ts';
import { isBookFile } from './book/file.ts';
import { loadVolume } from './book/load.ts';
import { renderVolume } from './book/build.ts';

export { FORMATS, type Format } from './formats.ts';

export interface BuildOptions {
  formats: readonly Format[];
  outDir: string;
  pageSize: PageSize;
  date: Date;
  /** overrides the language's default fonts (library callers); `font`/`headingFont` are the CLI's */
  fonts?: FontSet;
  /** `--font`: a font file (relative to the working folder, `FILE#PostScriptName` for a collection face) or family name */
  font?: string;
  /** `--heading-font`: the same, for headings (default: the body font) */
  headingFont?: string;
  /** `--vertical`: vertical writing in the EPUB (zh-Hant and ja; the PDF stays horizontal) */
  vertical?: boolean;
  /** `--asset-dir`: further folders images may come from (the article's own folder always counts) */
  assetDirs?: readonly string[];
  /**
   * `--keep-going`: an image that is missing or unreadable [missing-asset], refused [bad-asset] or outside
   * the allowed folders [unsafe-path] is shown as its alt text in a frame, with a warning, instead of
   * failing the build (src/assets/images.ts KEEP_GOING_RULES)
   */
  keepGoing?: boolean;
  /** warnings from every stage go here (default: a sink nobody reads) */
  diagnostics?: Diagnostics;
  /** article and paragraph size limits (default 20 MB / 1 MB) */
  limits?: Limits;
  /** any warning fails the build: nothing is written */
  strict?: boolean;
  /** stage timings and file operations (--verbose) */
  log?: (line: string) => void;
  /** `--page-size` was given on the command line: it wins over a book file's `page-size` */
  pageSizeGiven?: boolean;
}

/** Expands folders to the Markdown files in them (sorted, so builds are stable). */
export async function expandInputs(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    let s: Awaited<ReturnType<typeof stat>>;
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

/** The source lines of each book loadBook read (for diagnostics that need a column). */
const sourceLines = new WeakMap<Book, readonly string[]>();
const fontSets = new WeakMap<Book, Promise<FontSet>>();

/**
 * The book's fonts, chosen once per book (both formats share them and their font chain): options
 * first, then front matter `font` / `heading-font` (relative to the article, inside its folder), then
 * the language's defaults.
 */
export function fontsFor(book: Book, opts: Pick<BuildOptions, 'fonts' | 'font' | 'headingFont'>): Promise<FontSet> {
  if (opts.fonts) return Promise.resolve(opts.fonts);
  let p = fontSets.get(book);
  if (!p) {
    const lines = sourceLines.get(book) ?? [];
    const fromArticle = (spec: string | undefined, key: string): FontChoice['font'] =>
      spec === undefined ? undefined : { spec, origin: { kind: 'article', file: book.file, key, line: keyLine([...lines], key) } };
    const choice: FontChoice = {};
    const font = opts.font !== undefined ? { spec: opts.font, origin: { kind: 'cli' as const, option: '--font' } } : fromArticle(book.meta.font, 'font');
    const heading =
      opts.headingFont !== undefined
        ? { spec: opts.headingFont, origin: { kind: 'cli' as const, option: '--heading-font' } }
        : fromArticle(book.meta.headingFont, 'heading-font');
    if (font) choice.font = font;
    if (heading) choice.headingFont = heading;
    p = chooseFonts(book.meta.lang, choice);
    fontSets.set(book, p);
  }
  return p;
}

/**
 * Before writing: every character of the book is looked up in the font chain (fallback fonts are read
 * only for characters the main faces lack); one that no font has is a warning at each place it occurs.
 */
export async function checkGlyphs(book: Book, fonts: FontSet, diagnostics?: Diagnostics, log?: (line: string) => void): Promise<void> {
  const chain = chainFor(fonts);
  // --verbose: which installed fonts stand in for characters the bundled fonts lack (src/fonts/system.ts)
  chain.log ??= log;
  const chars = bookChars(book);
  const missing = new Set([...(await chain.cover(chars.regular, 'regular')), ...(await chain.cover(chars.bold, 'bold'))]);
  chain.report([...missing].sort(), diagnostics, book.file, sourceLines.get(book));
}

/** Vertical writing is offered for Traditional Chinese and Japanese. */
function verticalFor(book: Book, opts: Pick<BuildOptions, 'vertical' | 'diagnostics'>): boolean {
  const wanted = opts.vertical ?? book.meta.vertical ?? false;
  if (!wanted) return false;
  const fl = fontLanguage(book.meta.lang);
  if (fl === 'zh-Hant' || fl === 'ja') return true;
  opts.diagnostics?.warn(
    `vertical writing is for zh-Hant and ja articles, not \`lang: ${book.meta.lang}\`: set horizontally`,
    book.file,
    undefined,
    undefined,
    'vertical',
  );
  return false;
}

export async function renderBook(book: Book, format: Format, opts: BuildOptions, images?: ReadonlyMap<string, BookImage>): Promise<Uint8Array> {
  const fonts = await inStage('font loader', book.file, () => fontsFor(book, opts));
  const shared = { ...(opts.diagnostics ? { diagnostics: opts.diagnostics } : {}), ...(images ? { images } : {}) };
  // writers load on demand: `--help`, `import` and single-format builds don't pay for the other one
  if (format === 'epub') {
    const { writeEpub } = await import('./writers/epub/index.ts');
    return inStage('EPUB writer', book.file, () => writeEpub(book, { fonts, date: opts.date, vertical: verticalFor(book, opts), ...shared }));
  }
  const { writePdf } = await import('./writers/pdf/index.ts');
  return inStage('PDF writer', book.file, () => writePdf(book, { fonts, date: opts.date, pageSize: opts.pageSize, ...shared }));
}

const ms = (t0: number): string => `${(performance.now() - t0).toFixed(0)} ms`;

/** Reads, checks and transforms one article. */
export async function loadBook(file: string, opts: Pick<BuildOptions, 'diagnostics' | 'limits' | 'log'>): Promise<Book> {
  const limits = opts.limits ?? DEFAULT_LIMITS;
  let t0 = performance.now();
  const text = await inStage('reader', file, () => readSource(file, limits));
  opts.log?.(`read ${file} (${text.length} characters) in ${ms(t0)}`);
  t0 = performance.now();
  const article = await inStage('reader', file, () => parseArticle(text, file, { diagnostics: opts.diagnostics, limits }));
  opts.log?.(`parsed ${file}: ${article.blocks.length} blocks in ${ms(t0)}`);
  t0 = performance.now();
  const lines = normalizeSource(text).split('\n');
  const book = await inStage('transforms', file, () => transform(article, { diagnostics: opts.diagnostics, lines }));
  sourceLines.set(book, lines);
  opts.log?.(`transformed ${file} in ${ms(t0)}`);
  return book;
}

/**
 * Reads every input, renders every format in memory, and only then writes the files (atomically):
 * an error anywhere — or a warning with `strict` — leaves the output folder as it was.
 * Every error is a CjkpressError: an exception from a package (or a bug of ours) inside a stage comes
 * out as an InternalError (rule `internal`) naming the stage and the file, the original as `cause`.
 */
export function build(inputs: readonly string[], opts: BuildOptions): Promise<Output[]> {
  // the stages name themselves (inStage below); this catches what falls between them
  return inStage('build', undefined, () => buildAll(inputs, opts));
}

async function buildAll(inputs: readonly string[], opts: BuildOptions): Promise<Output[]> {
  const diagnostics = opts.diagnostics ?? new Diagnostics();
  const all = await expandInputs(inputs);
  // a book file (`.yaml`) is a volume of articles: one EPUB and one PDF of them all (src/book/)
  const files = all.filter((f) => !isBookFile(f));
  const volumes: Awaited<ReturnType<typeof loadVolume>>[] = [];
  for (const file of all.filter(isBookFile))
    volumes.push(await loadVolume(file, { ...opts, diagnostics, loadArticle: (f) => loadBook(f, { ...opts, diagnostics }) }));
  const books: Book[] = [];
  for (const file of files) books.push(await loadBook(file, { ...opts, diagnostics }));
  const seen = new Map<string, string>();
  for (const b of [...books, ...volumes.map((v) => ({ meta: v.volume.meta, file: v.volume.file }))]) {
    const other = seen.get(b.meta.slug);
    if (other)
      throw new CjkpressError(
        `two articles would both write ${b.meta.slug}.*: this one and ${other} (set \`slug\` in front matter)`,
        b.file,
        1,
        1,
        'duplicate-slug',
      );
    seen.set(b.meta.slug, b.file);
  }
  const outputs: Output[] = [];
  for (const book of books) {
    await inStage('font loader', book.file, async () => checkGlyphs(book, await fontsFor(book, opts), diagnostics, opts.log));
    const images = await inStage('image loader', book.file, () =>
      loadImages(book.file, book.blocks, { assetDirs: opts.assetDirs ?? [], keepGoing: opts.keepGoing, diagnostics }),
    );
    for (const format of opts.formats) {
      const t0 = performance.now();
      const bytes = await renderBook(book, format, { ...opts, diagnostics }, images);
      opts.log?.(`rendered ${book.file} as ${format} (${bytes.length} bytes) in ${ms(t0)}`);
      outputs.push({ path: join(opts.outDir, `${book.meta.slug}.${format}`), bytes });
    }
  }
  for (const { volume, bookFile } of volumes)
    outputs.push(
      ...(await renderVolume(volume, bookFile, {
        ...opts,
        diagnostics,
        checkGlyphs: (part, fonts) => checkGlyphs(part, fonts, diagnostics, opts.log),
      })),
    );
  if (opts.strict && diagnostics.count > 0) {
    const n = diagnostics.count;
    throw new CjkpressError(`${n} warning${n === 1 ? '' : 's'} with --strict: nothing written`, undefined, undefined, undefined, 'strict');
  }
  const t0 = performance.now();
  await inStage('output writer', opts.outDir, () => writeOutputs(outputs, opts.log ? { log: opts.log } : {}));
  opts.log?.(`wrote ${outputs.length} files in ${ms(t0)}`);
  return outputs;
}

/** Builds one book file (`book.yaml`): the volume's EPUB and PDF, written atomically like `build`. */
export function buildBook(file: string, opts: BuildOptions): Promise<Output[]> {
  return build([file], opts);
}
