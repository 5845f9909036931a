// Parses arguments and calls the library; no typesetting logic lives here.
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { FORMATS, type Format } from './formats.ts';
import { buildDate } from './clock.ts';
import { CjkpressError, Diagnostics, formatDiagnostic, inStage, InternalError, InterruptedError } from './diagnostics.ts';
import { readInput } from './io.ts';
import { DEFAULT_LIMITS, formatSize, parseSize } from './limits.ts';
import { type Output, removeTempFilesSync, writeOutputs } from './output.ts';
import type { BuildProgress } from './build.ts';
import type { RenderWorker } from './render/pool.ts';
import { PAGE_SIZES, type PageSize } from './writers/pdf/style.ts';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
  /** colour the severity in messages (default: no) */
  color?: boolean;
  /**
   * a progress line that replaces the previous one ('' clears it); only given when stdout is a
   * terminal: piped or redirected output gets none
   */
  progress?: (line: string) => void;
}

/** Exit status: 0 built, 1 content or file error, 2 usage error, 130 interrupted (SIGINT). */
export const EXIT = { ok: 0, content: 1, usage: 2, interrupted: 130 } as const;

/** Colour only on a terminal, and never when NO_COLOR is set to anything but the empty string (no-color.org). */
export function useColor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR && env.TERM !== 'dumb';
}

const consoleIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
  color: useColor(process.stderr),
  ...(process.stdout.isTTY ? { progress: (l: string) => process.stdout.write(`\r\x1b[K${l}`) } : {}),
};

function duration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** `[######······] 12/120  columns/a.md  2m 10s left` */
export function progressLine(p: BuildProgress, elapsedMs: number, width = 20): string {
  const filled = p.total === 0 ? width : Math.round((p.done / p.total) * width);
  const bar = `[${'#'.repeat(filled)}${'·'.repeat(width - filled)}]`;
  const left = p.done > 0 && p.done < p.total ? `  ${duration((elapsedMs / p.done) * (p.total - p.done))} left` : '';
  return `${bar} ${p.done}/${p.total}${p.current ? `  ${p.current}` : ''}${left}`;
}

function kib(n: number): string {
  return `${(n / 1024).toFixed(1)} KiB`;
}

function parseFormats(value: string): Format[] {
  const list = value
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean);
  const bad = list.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length > 0 || list.length === 0) {
    throw new InvalidArgumentError(`use a comma-separated list of ${FORMATS.join(', ')}.`);
  }
  return [...new Set(list)] as Format[];
}

function sizeArg(value: string): number {
  const n = parseSize(value);
  if (n === undefined) throw new InvalidArgumentError('use a size such as 20MB, 512KB or 1048576 (bytes).');
  return n;
}

interface BuildFlags {
  format: Format[];
  out: string;
  pageSize: PageSize;
  quiet?: boolean;
  verbose?: boolean;
  strict?: boolean;
  maxSize: number;
  maxParagraphSize: number;
  font?: string;
  headingFont?: string;
  vertical?: boolean;
  assetDir: string[];
  keepGoing?: boolean;
  pdfA?: boolean;
  jobs: number;
}

/**
 * The render threads a build of these inputs will use, started now (render/run.ts and inputs.ts load
 * none of the build's packages). Undefined when the inputs cannot be listed: the build reports that.
 */
async function startWorkersFor(files: readonly string[], formats: readonly Format[], jobs: number): Promise<RenderWorker[] | undefined> {
  const [{ expandInputs }, { renderTaskCount, startWorkers }] = await Promise.all([import('./inputs.ts'), import('./render/run.ts')]);
  const all = await expandInputs(files).catch(() => undefined);
  return all ? startWorkers(renderTaskCount(all, formats), jobs, formats) : undefined;
}

/** `--jobs` unless given: CJKPRESS_JOBS when it is a whole number ≥ 1, else one thread per core */
export function defaultJobs(env: NodeJS.ProcessEnv = process.env): number {
  const n = Number(env.CJKPRESS_JOBS);
  return Number.isInteger(n) && n >= 1 ? Math.min(n, 256) : availableParallelism();
}

function jobsArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 256) throw new InvalidArgumentError('use a whole number from 1 to 256.');
  return n;
}

export function makeProgram(io: Io = consoleIo): Command {
  const program = new Command('cjkpress')
    .description('Typeset a CJK article (Markdown with YAML front matter) as an EPUB 3 e-book and a print-ready PDF.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput(outputConfig(io))
    .exitOverride();

  program
    .command('build')
    .description('build EPUB and PDF editions of each article into the output folder')
    .argument('[files...]', 'Markdown files or folders of them, or book files (book.yaml: one EPUB and PDF of many articles)', ['content'])
    .addOption(new Option('-f, --format <list>', 'formats to write, comma-separated').default(['epub', 'pdf'], 'epub,pdf').argParser(parseFormats))
    .option('-o, --out <dir>', 'output folder', 'dist')
    .addOption(new Option('--page-size <size>', 'PDF page size').choices(PAGE_SIZES).default('A4'))
    .option('--font <file>', 'body font: a .ttf/.otf/.ttc file (FILE#PostScriptName for a face of a collection) or an installed family name (fontconfig)')
    .option('--heading-font <file>', 'heading font, the same way (default: the body font)')
    .option('--vertical', 'vertical writing for zh-Hant and ja: EPUB only (right-to-left pages); the PDF stays horizontal')
    .option(
      '--asset-dir <dir>',
      "a further folder images may come from (repeatable); by default only the article's own folder",
      (d: string, all: string[]) => [...all, d],
      [] as string[],
    )
    .option(
      '--keep-going',
      'an article that fails is reported and skipped, the others are built (exit 1 with a summary); an image that is missing, unreadable, refused (bad-asset) or outside the allowed folders becomes its alt text in a frame, with a warning',
    )
    .option('--pdf-a', 'make the PDF a PDF/A-2a file for archives (tagged, sRGB output intent, XMP identification)')
    .addOption(
      new Option('-j, --jobs <n>', 'threads to render on: the EPUB and PDF of an article at once, and several articles at once')
        .default(defaultJobs(), '$CJKPRESS_JOBS, or the number of cores')
        .argParser(jobsArg),
    )
    .option('-q, --quiet', 'print errors only: no warnings, no "wrote" lines')
    .option('-v, --verbose', 'also print stage timings and file operations (on stderr)')
    .option('--strict', 'treat warnings as errors: exit 1 and write nothing if there is any')
    .addOption(
      new Option('--max-size <size>', 'refuse articles larger than this')
        .default(DEFAULT_LIMITS.maxFileBytes, formatSize(DEFAULT_LIMITS.maxFileBytes).replace(' ', ''))
        .argParser(sizeArg),
    )
    .addOption(
      new Option('--max-paragraph-size <size>', 'refuse a paragraph larger than this')
        .default(DEFAULT_LIMITS.maxParagraphBytes, formatSize(DEFAULT_LIMITS.maxParagraphBytes).replace(' ', ''))
        .argParser(sizeArg),
    )
    .addHelpText(
      'after',
      `
Outputs are written to <out>/<slug>.epub and <out>/<slug>.pdf; slug is front matter \`slug\` or the file name.
Each file is written to a hidden temporary file beside it and renamed into place: an interrupted or failed
build leaves older outputs as they were. Set SOURCE_DATE_EPOCH (seconds) for byte-identical rebuilds.
Nothing is fetched from the network: a remote image (https://…) is shown as its alt text in a frame, its
URL listed in the sources (warning [remote-resource]). Raw HTML in the Markdown is printed as text; only
http, https and mailto links are kept. Images over 50 megapixels or 50 MB are refused [bad-asset]; SVGs
are checked (no scripts, animation, DOCTYPE or outside references) and editor data is removed.

Fonts: by the article's lang, Noto Serif SC (zh-Hans), TC (zh-Hant), JP (ja) or KR (ko), bold for
headings; characters a font lacks come from the others and Noto Emoji (fonts/README.md). Front matter
\`font\`, \`heading-font\` (relative to the article, inside its folder) and \`vertical: true\` do the same
as the options. A character no font has: warning [missing-glyph]. --vertical sets the EPUB in vertical
columns; the PDF is always horizontal.

Messages (stderr): file:line:col: error|warning: text [rule]. Colour only on a terminal without NO_COLOR.
Exit status: 0 built, 1 content or file error (or a warning with --strict), 2 usage error, 130 interrupted.

Examples:
  cjkpress build                         # every .md in content/ → dist/
  cjkpress build article.md --format pdf --page-size A5 --out print/
  cjkpress build --strict --quiet        # CI: any warning fails, nothing else printed`,
    )
    .action(async (files: string[], o: BuildFlags, cmd: Command) => {
      // with --strict a warning is an error: shown as one, even with --quiet
      const diagnostics = new Diagnostics((d) => {
        if (o.strict) io.err(formatDiagnostic({ ...d, severity: 'error' }, { color: io.color === true }));
        else if (!o.quiet) io.err(formatDiagnostic(d, { color: io.color === true }));
      });
      const log = o.verbose && !o.quiet ? (line: string) => io.err(`cjkpress: ${line}`) : undefined;
      const t0 = performance.now();
      const progress = o.quiet ? undefined : io.progress;
      let shown = false;
      const showProgress = progress
        ? (line: string) => {
            shown = true;
            progress(line);
          }
        : undefined;
      const clearProgress = (): void => {
        if (shown) progress?.('');
        shown = false;
      };
      let outputs: readonly Output[] = [];
      let batchFailed = false;
      try {
        // the render threads start first and load their writers while this thread loads the build's packages
        const workers = o.jobs > 1 ? await startWorkersFor(files, o.format, o.jobs) : undefined;
        // loaded here, not at start-up: `--help` and `import` don't pay for the build's packages
        const { build, BatchError } = await import('./build.ts').catch(async (e: unknown) => {
          await Promise.all((workers ?? []).map((w) => w.close()));
          throw e;
        });
        outputs = await build(files, {
          formats: o.format,
          outDir: o.out,
          pageSize: o.pageSize,
          // a book file's `page-size` stands unless --page-size was given
          pageSizeGiven: cmd.getOptionValueSource('pageSize') === 'cli',
          date: buildDate(),
          diagnostics,
          limits: { maxFileBytes: o.maxSize, maxParagraphBytes: o.maxParagraphSize },
          strict: o.strict === true,
          ...(o.font !== undefined ? { font: o.font } : {}),
          ...(o.headingFont !== undefined ? { headingFont: o.headingFont } : {}),
          ...(o.vertical ? { vertical: true } : {}),
          ...(o.assetDir.length > 0 ? { assetDirs: o.assetDir } : {}),
          ...(o.keepGoing ? { keepGoing: true } : {}),
          ...(o.pdfA ? { pdfa: true } : {}),
          ...(log ? { log } : {}),
          jobs: o.jobs,
          ...(workers ? { workers } : {}),
          ...(showProgress ? { progress: (p: BuildProgress) => showProgress(progressLine(p, performance.now() - t0)) } : {}),
          // the failed article's own error, when it fails; the summary comes at the end
          onFailure: (_file: string, e: CjkpressError) => {
            clearProgress();
            io.err(e.format({ color: io.color === true }));
          },
        }).catch((e: unknown) => {
          if (e instanceof BatchError) {
            outputs = e.outputs;
            batchFailed = true;
          }
          throw e;
        });
        clearProgress();
        if (!o.quiet) for (const out of outputs) io.out(`wrote ${out.path} (${kib(out.bytes.length)})`);
      } catch (e) {
        clearProgress();
        if (batchFailed && !o.quiet) for (const out of outputs) io.out(`wrote ${out.path} (${kib(out.bytes.length)})`);
        throw e;
      } finally {
        if (!o.quiet || o.strict) diagnostics.flushSuppressed();
        log?.(`total ${(performance.now() - t0).toFixed(0)} ms, ${diagnostics.count} warning(s)`);
      }
    });

  program
    .command('import')
    .description('turn a scraped plain-text article (clipping), a saved web page or an Aozora Bunko text into the structured Markdown that `build` reads')
    .argument('<file>', 'the clipping (UTF-8, UTF-16 with BOM, GB18030/GBK, Big5, Shift_JIS or EUC-KR text), a saved .html page or an Aozora Bunko .txt')
    .option('-o, --output <file>', 'where to write the Markdown (default: content/<name>.md; - for standard output)')
    .option('--lang <tag>', "BCP 47 language of the article (default: the page's, else zh-CN)")
    .option('--keep-punctuation', 'keep ASCII , : ; ? ! ( ) as they are (default: make them full-width inside Chinese text)')
    .option('-q, --quiet', 'print errors only: no warnings, no "wrote" line')
    .option('-v, --verbose', 'with an internal error, also print its stack trace')
    .addHelpText(
      'after',
      `
Short lines between paragraphs become ## headings; chapter lines (第一章, 第一回, 卷一, 楔子, 后记) and numbered lines
(1. 2、 一、 （一）) headings too, numbered ones one level lower.
A trailer of 标题/地址/本文专栏/本文来源 lines becomes front matter (sources, column, origin).
A saved web page (.html, with its _files folder) gives its article (Mozilla Readability), title, author, site and
canonical URL; images in the _files folder are copied to <name>.assets/ beside the Markdown. Nothing is fetched.
An Aozora Bunko text (Shift_JIS or UTF-8; recognised by its notation, with --lang ja or no --lang) gives its title,
author, headings (大/中/小見出し), ruby (｜《》), gaiji (JIS X 0213 codes) and emphasis dots (傍点); its colophon is kept.

Examples:
  cjkpress import clipping.txt                       # → content/clipping.md
  cjkpress import page.html                          # → content/page.md (+ content/page.assets/)
  cjkpress import yumejuya.txt --lang ja             # an Aozora Bunko text (Shift_JIS): ruby, headings, gaiji
  cjkpress import clipping.txt -o - --keep-punctuation`,
    )
    .action(async (file: string, o: { output?: string; lang?: string; keepPunctuation?: boolean; quiet?: boolean }) => {
      const bytes = await readInput(file);
      const target = o.output ?? `content/${basename(file).replace(/\.[^.]*$/, '') || 'article'}.md`;
      const assetsDir = `${o.output === '-' ? basename(file).replace(/\.[^.]*$/, '') : basename(target).replace(/\.md$/i, '')}.assets`;
      const { importArticle } = await import('./import/index.ts');
      const opts = { file, keepPunctuation: o.keepPunctuation === true, assetsDir, ...(o.lang !== undefined ? { lang: o.lang } : {}) };
      const result = await inStage('importer', file, () => importArticle(bytes, opts));
      if (!o.quiet) for (const w of result.warnings) io.err(w);
      if (o.output === '-') {
        if (result.assets?.length && !o.quiet) io.err(`${file}: warning: ${result.assets.length} image(s) not written with -o - [image]`);
        io.out(result.markdown.trimEnd());
        return;
      }
      const assets = (result.assets ?? []).map((a) => ({ path: join(dirname(target), a.path), bytes: a.bytes }));
      await writeOutputs([{ path: target, bytes: new TextEncoder().encode(result.markdown) }, ...assets]);
      if (!o.quiet) io.out(`wrote ${target}${assets.length ? ` and ${assets.length} image(s) in ${join(dirname(target), assetsDir)}` : ''}`);
    });

  return program;
}

/** Commander's own messages (usage errors) get the same shape as ours: `error: … [usage]`. */
function outputConfig(io: Io) {
  return {
    writeOut: (s: string) => io.out(s.trimEnd()),
    writeErr: (s: string) => io.err(s.trimEnd()),
    outputError: (s: string, write: (s: string) => void) => {
      const text = s.trimEnd().replace(/^error: /, '');
      write(formatDiagnostic({ severity: 'error', message: text, rule: 'usage' }, { color: io.color === true }));
    },
  };
}

/** Runs the CLI and returns the exit code instead of exiting, so tests can call it in-process. */
export async function run(argv: readonly string[], io: Io = consoleIo): Promise<number> {
  const program = makeProgram(io);
  for (const c of program.commands) c.exitOverride().configureOutput(outputConfig(io));
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return EXIT.ok;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return EXIT.ok;
      return EXIT.usage;
    }
    // a bug outside every stage (here, in commander's callbacks) is still one line, not a stack trace
    const err = e instanceof CjkpressError ? e : new InternalError('command line', undefined, e);
    io.err(err.format({ color: io.color === true }));
    // --verbose (of the command that ran) adds the trace of what went wrong inside
    if (err instanceof InternalError && program.commands.some((c) => c.opts().verbose === true)) {
      const cause: unknown = err.cause;
      io.err(cause instanceof Error ? (cause.stack ?? String(cause)) : String(cause));
    }
    return err instanceof InterruptedError ? EXIT.interrupted : EXIT.content;
  }
}

/**
 * The command-line entry point: like `run`, plus Ctrl-C handling. On SIGINT (or SIGTERM) the temporary
 * files being written are deleted and the process exits 130 (143) at once; finished outputs were renamed
 * into place whole, and older ones stay until then, so nothing partial is left behind.
 */
export async function main(argv: readonly string[] = process.argv.slice(2), io: Io = consoleIo): Promise<number> {
  const onSignal = (signal: NodeJS.Signals): void => {
    removeTempFilesSync();
    io.err(new InterruptedError().format({ color: io.color === true }));
    process.exit(signal === 'SIGINT' ? EXIT.interrupted : 128 + 15);
  };
  // an exception thrown outside any awaited call (a package's stream or timer callback) would otherwise
  // end Node with a stack trace: it gets the same one line, and the temporary files go
  const onCrash = (e: unknown): void => {
    removeTempFilesSync();
    io.err(new InternalError('build', undefined, e).format({ color: io.color === true }));
    if (argv.includes('--verbose') || argv.includes('-v')) io.err(e instanceof Error ? (e.stack ?? String(e)) : String(e));
    process.exit(EXIT.content);
  };
  // `cjkpress --help | head`: the reader went away; what is left to print has nowhere to go, so stop
  // quietly instead of dying with an EPIPE stack trace
  const onPipeError = (e: NodeJS.ErrnoException): void => {
    if (e.code === 'EPIPE') process.exit(EXIT.ok);
    onCrash(e);
  };
  // (left attached: the failed write may be reported after main has returned)
  process.stdout.once('error', onPipeError);
  process.stderr.once('error', onPipeError);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  process.on('uncaughtException', onCrash);
  process.on('unhandledRejection', onCrash);
  try {
    return await run(argv, io);
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = await main();
}
