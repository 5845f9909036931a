import { loadImages, type BookImage } from './assets/images.ts';
import { join } from 'node:path';
import { CjkpressError, Diagnostics, InternalError, inStage } from './diagnostics.ts';
import { bookChars, chainFor } from './fonts/chain.ts';
import { chooseFonts, verticalWriting, type FontChoice, type FontSet } from './fonts/resolve.ts';
import { keyLine } from './reader/meta.ts';
import { DEFAULT_LIMITS, type Limits } from './limits.ts';
import type { Book } from './model.ts';
import { writeOutputs, type Output } from './output.ts';
import { parseArticle } from './reader/index.ts';
import { normalizeSource, readSource } from './reader/source.ts';
import { transform } from './transforms/index.ts';
import type { PageSize } from './writers/pdf/style.ts';

import type { Format } from './formats.ts';
import { expandInputs, isBookFile } from './inputs.ts';
import { loadVolume } from './book/load.ts';
import { renderVolume } from './book/build.ts';
import { RenderFailure, type RenderJob, type RenderResult, renderJob } from './render/job.ts';
import type { RenderWorker } from './render/pool.ts';
import { type RenderTask, renderTaskCount, runTasks, startWorkers } from './render/run.ts';

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
   * failing the build (src/assets/images.ts KEEP_GOING_RULES); and an article that fails is reported
   * (`onFailure`) and skipped, the others being written as each is finished
   */
  keepGoing?: boolean;
  /**
   * Threads to render on, this one included (default 1: everything in the caller's thread). With 2 or
   * more, a single article's EPUB and PDF are rendered at once, and a batch fills every thread; the
   * command line uses all cores (`--jobs`).
   */
  jobs?: number;
  /**
   * Render threads already started (`startWorkers` of render/run.ts, for these inputs and formats): the
   * command starts them before it loads the build's packages, so they load their writers meanwhile.
   * The build takes them over and stops them when it ends.
   */
  workers?: RenderWorker[];
  /** each article as it is finished (done of total), for a progress display */
  progress?: (p: BuildProgress) => void;
  /**
   * with `keepGoing`: an article that fails is reported here and skipped; the others are written, and
   * the build then throws a BatchError naming the failed files
   */
  onFailure?: (file: string, error: CjkpressError) => void;
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
  /** `--pdf-a`: PDF/A-2a (archival: XMP identification, sRGB output intent); every PDF is tagged either way */
  pdfa?: boolean;
}

export { expandInputs };

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

function verticalFor(book: Book, opts: Pick<BuildOptions, 'vertical' | 'diagnostics'>): boolean {
  return verticalWriting(opts.vertical ?? book.meta.vertical ?? false, book.meta.lang, book.file, 'articles', opts.diagnostics);
}

/** Renders one edition of a loaded book in this thread (warnings go to `opts.diagnostics`). */
export async function renderBook(book: Book, format: Format, opts: BuildOptions, images?: ReadonlyMap<string, BookImage>): Promise<Uint8Array> {
  const job = await prepareJob(book, format, opts, images);
  try {
    const r = await renderJob(job);
    opts.diagnostics?.absorb(r.warnings);
    return r.bytes;
  } catch (e) {
    if (!(e instanceof RenderFailure)) throw e;
    opts.diagnostics?.absorb(e.warnings);
    throw e.error;
  }
}

async function prepareJob(book: Book, format: Format, opts: BuildOptions, images?: ReadonlyMap<string, BookImage>): Promise<RenderJob> {
  const fonts = await inStage('font loader', book.file, () => fontsFor(book, opts));
  const reported = chainFor(fonts).reportedChars;
  return {
    book,
    format,
    fonts,
    date: opts.date,
    pageSize: opts.pageSize,
    ...(opts.pdfa ? { pdfa: true } : {}),
    // only the EPUB is set vertically (its warning for other languages is given once)
    vertical: format === 'epub' && verticalFor(book, opts),
    ...(images ? { images } : {}),
    ...(reported.length > 0 ? { reported } : {}),
  };
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

/** One article's progress through a build. */
export interface BuildProgress {
  /** articles finished (built or failed) */
  done: number;
  total: number;
  /** the article being rendered last started */
  current?: string;
}

/** `--keep-going` ended with some articles failed: the others were written. */
export class BatchError extends CjkpressError {
  constructor(
    readonly outputs: readonly Output[],
    readonly failed: readonly string[],
    built: number,
  ) {
    super(`${built} built, ${failed.length} failed: ${failed.join(', ')}`, undefined, undefined, undefined, 'failed');
    this.name = 'BatchError';
  }
}

interface Article {
  file: string;
  book?: Book;
  /** the article's own warnings (reader, fonts, images, writers), passed on when it is finished */
  diagnostics: Diagnostics;
  error?: CjkpressError;
  /** by format, in the order of `formats` */
  outcomes: (RenderResult | RenderFailure)[];
  /** editions rendered (or failed) so far */
  ended: number;
}

const asCjkpressError = (e: unknown, file: string): CjkpressError => (e instanceof CjkpressError ? e : new InternalError('build', file, e));

async function buildAll(inputs: readonly string[], opts: BuildOptions): Promise<Output[]> {
  const diagnostics = opts.diagnostics ?? new Diagnostics();
  let early = opts.workers ?? [];
  try {
    const all = await expandInputs(inputs);
    // worker threads start loading their writers now, while this thread reads the articles
    if (!opts.workers && (opts.jobs ?? 1) > 1) early = startWorkers(renderTaskCount(all, opts.formats), opts.jobs ?? 1, opts.formats);
    return await buildFiles(all, opts, diagnostics, early);
  } finally {
    await Promise.all(early.map((w) => w.close()));
  }
}

async function buildFiles(all: readonly string[], opts: BuildOptions, diagnostics: Diagnostics, early: RenderWorker[]): Promise<Output[]> {
  const keepGoing = opts.keepGoing === true;
  // a book file (`.yaml`) is a volume of articles: one EPUB and one PDF of them all (src/book/),
  // rendered after the single articles
  const files = all.filter((f) => !isBookFile(f));
  const volumes: Awaited<ReturnType<typeof loadVolume>>[] = [];
  for (const file of all.filter(isBookFile))
    volumes.push(await loadVolume(file, { ...opts, diagnostics, loadArticle: (f) => loadBook(f, { ...opts, diagnostics }) }));
  const articles: Article[] = [];
  for (const file of files) {
    const a: Article = { file, diagnostics: new Diagnostics(), outcomes: [], ended: 0 };
    articles.push(a);
    try {
      a.book = await loadBook(file, { ...opts, diagnostics: a.diagnostics });
    } catch (e) {
      if (!keepGoing) {
        diagnostics.absorb(a.diagnostics.record());
        throw e;
      }
      a.error = asCjkpressError(e, file);
    }
  }
  const seen = new Map<string, string>();
  for (const v of volumes) {
    const other = seen.get(v.volume.meta.slug);
    if (other)
      throw new CjkpressError(
        `two books would both write ${v.volume.meta.slug}.*: this one and ${other} (set \`slug\`)`,
        v.volume.file,
        1,
        1,
        'duplicate-slug',
      );
    seen.set(v.volume.meta.slug, v.volume.file);
  }
  for (const a of articles) {
    if (!a.book) continue;
    const other = seen.get(a.book.meta.slug);
    if (other) {
      const e = new CjkpressError(
        `two articles would both write ${a.book.meta.slug}.*: this one and ${other} (set \`slug\` in front matter)`,
        a.file,
        1,
        1,
        'duplicate-slug',
      );
      if (!keepGoing) throw e;
      a.error = e;
      continue;
    }
    seen.set(a.book.meta.slug, a.file);
  }

  // every edition of every article is a task; an article's fonts and images are prepared once, when its first task starts
  const tasks: RenderTask[] = [];
  const owner: Article[] = [];
  const taskFormat: Format[] = [];
  for (const a of articles) {
    const book = a.book;
    if (!book || a.error) continue;
    const bookOpts = { ...opts, diagnostics: a.diagnostics };
    let prepared: Promise<ReadonlyMap<string, BookImage>> | undefined;
    const prepare = (): Promise<ReadonlyMap<string, BookImage>> =>
      (prepared ??= (async () => {
        await inStage('font loader', book.file, async () => checkGlyphs(book, await fontsFor(book, opts), a.diagnostics, opts.log));
        return inStage('image loader', book.file, () =>
          loadImages(book.file, book.blocks, { assetDirs: opts.assetDirs ?? [], keepGoing: opts.keepGoing, diagnostics: a.diagnostics }),
        );
      })());
    for (const format of opts.formats) {
      tasks.push({ file: book.file, prepare: async () => prepareJob(book, format, bookOpts, await prepare()) });
      owner.push(a);
      taskFormat.push(format);
    }
  }

  const outputs: Output[] = [];
  const failed: string[] = [];
  let done = 0;
  const total = articles.length + volumes.length;
  const report = (current?: string): void => opts.progress?.({ done, total, ...(current !== undefined ? { current } : {}) });
  const articleOutputs = (a: Article): Output[] =>
    a.outcomes.map((o, i) => ({ path: join(opts.outDir, `${a.book?.meta.slug}.${opts.formats[i]}`), bytes: (o as RenderResult).bytes }));
  const fail = (a: Article, e: CjkpressError): void => {
    failed.push(a.file);
    opts.onFailure?.(a.file, e);
  };

  // articles are finished in input order, whatever order their tasks end in, so warnings come out in the
  // same order as a one-thread build's
  let next = 0;
  let stopped: CjkpressError | undefined;
  // after a failure stops the run, an article may have ended with one edition only
  let runEnded = false;
  // an output folder that cannot be written fails the whole batch (after the running tasks end)
  let writeError: unknown;
  const pending: Promise<void>[] = [];
  const finish = (): void => {
    for (; next < articles.length && !stopped; next++) {
      const a = articles[next] as Article;
      if (!a.error && a.ended < opts.formats.length && !(runEnded && a.ended > 0)) return;
      diagnostics.absorb(a.diagnostics.record());
      for (const o of a.outcomes) if (o) diagnostics.absorb(o.warnings);
      const failure = a.outcomes.find((o): o is RenderFailure => o instanceof RenderFailure);
      done++;
      if (!keepGoing) {
        // all or nothing: the first failure in input order stops the build, with the warnings before it
        if (failure) stopped = failure.error;
        else outputs.push(...articleOutputs(a));
        report();
        continue;
      }
      const warned = a.diagnostics.count + a.outcomes.reduce((n, o) => n + o.warnings.counts.reduce((m, [, k]) => m + k, 0), 0);
      const error =
        a.error ??
        failure?.error ??
        (opts.strict && warned > 0
          ? new CjkpressError(`${warned} warning${warned === 1 ? '' : 's'} with --strict: not written`, a.file, undefined, undefined, 'strict')
          : undefined);
      if (error) fail(a, error);
      else {
        const mine = articleOutputs(a);
        outputs.push(...mine);
        // written as soon as it is finished: an overnight batch keeps what it made if it is stopped
        pending.push(
          inStage('output writer', opts.outDir, () => writeOutputs(mine, opts.log ? { log: opts.log } : {})).catch((e: unknown) => {
            writeError ??= e;
          }),
        );
      }
      report();
    }
  };
  finish();

  const t0 = performance.now();
  await runTasks(tasks, {
    jobs: opts.jobs ?? 1,
    workers: early,
    stopOnFailure: !keepGoing,
    onStart: (i) => report(tasks[i]?.file),
    onDone: (i, outcome) => {
      const a = owner[i] as Article;
      const format = taskFormat[i] as Format;
      a.outcomes[opts.formats.indexOf(format)] = outcome;
      a.ended++;
      if (outcome instanceof RenderFailure) opts.log?.(`failed to render ${a.file} as ${format}: ${outcome.error.message}`);
      else opts.log?.(`rendered ${a.file} as ${format} (${outcome.bytes.length} bytes) at ${ms(t0)}`);
      finish();
    },
  });
  runEnded = true;
  finish();
  await Promise.all(pending);

  for (const { volume, bookFile } of volumes) {
    if (stopped) break;
    try {
      const mine = await renderVolume(volume, bookFile, {
        ...opts,
        diagnostics,
        checkGlyphs: (part, fonts) => checkGlyphs(part, fonts, diagnostics, opts.log),
      });
      outputs.push(...mine);
      if (keepGoing) await inStage('output writer', opts.outDir, () => writeOutputs(mine, opts.log ? { log: opts.log } : {}));
    } catch (e) {
      if (!keepGoing) throw e;
      failed.push(volume.file);
      opts.onFailure?.(volume.file, asCjkpressError(e, volume.file));
    }
    done++;
    report();
  }

  if (!keepGoing) {
    if (stopped) throw stopped;
    if (opts.strict && diagnostics.count > 0) {
      const n = diagnostics.count;
      throw new CjkpressError(`${n} warning${n === 1 ? '' : 's'} with --strict: nothing written`, undefined, undefined, undefined, 'strict');
    }
    const t1 = performance.now();
    await inStage('output writer', opts.outDir, () => writeOutputs(outputs, opts.log ? { log: opts.log } : {}));
    opts.log?.(`wrote ${outputs.length} files in ${ms(t1)}`);
    return outputs;
  }
  if (writeError !== undefined) throw writeError;
  if (failed.length > 0) throw new BatchError(outputs, failed, done - failed.length);
  return outputs;
}

/** Builds one book file (`book.yaml`): the volume's EPUB and PDF, written atomically like `build`. */
export function buildBook(file: string, opts: BuildOptions): Promise<Output[]> {
  return build([file], opts);
}
