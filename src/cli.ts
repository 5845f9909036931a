// Parses arguments and calls the library; no typesetting logic lives here.
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { build, FORMATS, type Format } from './build.ts';
import { buildDate } from './clock.ts';
import { CjkpressError } from './diagnostics.ts';
import { importClipping } from './import/index.ts';
import { readInput } from './io.ts';
import { writeOutputs } from './output.ts';
import { PAGE_SIZES, type PageSize } from './writers/pdf/style.ts';

export interface Io {
  out: (line: string) => void;
  err: (line: string) => void;
}

const consoleIo: Io = {
  out: (l) => process.stdout.write(`${l}\n`),
  err: (l) => process.stderr.write(`${l}\n`),
};

function kib(n: number): string {
  return `${(n / 1024).toFixed(1)} KiB`;
}

function parseFormats(value: string): Format[] {
  const list = value.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
  const bad = list.filter((f) => !(FORMATS as readonly string[]).includes(f));
  if (bad.length > 0 || list.length === 0) {
    throw new InvalidArgumentError(`use a comma-separated list of ${FORMATS.join(', ')}.`);
  }
  return [...new Set(list)] as Format[];
}

export function makeProgram(io: Io = consoleIo): Command {
  const program = new Command('cjkpress')
    .description('Typeset a CJK article (Markdown with YAML front matter) as an EPUB 3 e-book and a print-ready PDF.')
    .version('0.1.0')
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) })
    .exitOverride();

  program
    .command('build')
    .description('build EPUB and PDF editions of each article into the output folder')
    .argument('[files...]', 'Markdown files or folders of them', ['content'])
    .addOption(new Option('-f, --format <list>', 'formats to write, comma-separated').default(['epub', 'pdf'], 'epub,pdf').argParser(parseFormats))
    .option('-o, --out <dir>', 'output folder', 'dist')
    .addOption(new Option('--page-size <size>', 'PDF page size').choices(PAGE_SIZES).default('A4'))
    .addHelpText(
      'after',
      `
Outputs are written to <out>/<slug>.epub and <out>/<slug>.pdf; slug is front matter \`slug\` or the file name.
Set SOURCE_DATE_EPOCH (seconds) for byte-identical rebuilds. Nothing is fetched from the network.

Exit status: 0 built, 1 content or file error (message: file:line: error: ...), 2 usage error.

Examples:
  cjkpress build                         # every .md in content/ → dist/
  cjkpress build article.md --format pdf --page-size A5 --out print/`,
    )
    .action(async (files: string[], o: { format: Format[]; out: string; pageSize: PageSize }) => {
      const outputs = await build(files, { formats: o.format, outDir: o.out, pageSize: o.pageSize, date: buildDate() });
      for (const out of outputs) io.out(`wrote ${out.path} (${kib(out.bytes.length)})`);
    });

  program
    .command('import')
    .description('turn a scraped plain-text article (clipping) into the structured Markdown that `build` reads')
    .argument('<file>', 'the clipping: UTF-8 (with or without BOM), UTF-16 with BOM, or GB18030/GBK text')
    .option('-o, --output <file>', 'where to write the Markdown (default: content/<name>.md; - for standard output)')
    .option('--lang <tag>', 'BCP 47 language of the article', 'zh-CN')
    .option('--keep-punctuation', 'keep ASCII , : ; ? ! ( ) as they are (default: make them full-width inside Chinese text)')
    .addHelpText(
      'after',
      `
Short lines between paragraphs become ## headings; numbered lines (1. 2、 一、 （一） 第一章) one level lower.
A trailer of 标题/地址/本文专栏/本文来源 lines becomes front matter (sources, column, origin).

Examples:
  cjkpress import clipping.txt                       # → content/clipping.md
  cjkpress import clipping.txt -o - --keep-punctuation`,
    )
    .action(async (file: string, o: { output?: string; lang: string; keepPunctuation?: boolean }) => {
      const bytes = await readInput(file);
      const result = importClipping(bytes, { file, lang: o.lang, keepPunctuation: o.keepPunctuation === true });
      for (const w of result.warnings) io.err(w);
      if (o.output === '-') {
        io.out(result.markdown.trimEnd());
        return;
      }
      const target = o.output ?? `content/${basename(file).replace(/\.[^.]*$/, '') || 'article'}.md`;
      await writeOutputs([{ path: target, bytes: new TextEncoder().encode(result.markdown) }]);
      io.out(`wrote ${target}`);
    });

  return program;
}

/** Runs the CLI and returns the exit code instead of exiting, so tests can call it in-process. */
export async function run(argv: readonly string[], io: Io = consoleIo): Promise<number> {
  const program = makeProgram(io);
  for (const c of program.commands) c.exitOverride().configureOutput({ writeOut: (s) => io.out(s.trimEnd()), writeErr: (s) => io.err(s.trimEnd()) });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      return 2;
    }
    if (e instanceof CjkpressError) {
      io.err(e.format());
      return 1;
    }
    io.err(`error: ${(e as Error).stack ?? String(e)}`);
    return 1;
  }
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === resolve(process.argv[1])) {
  process.exitCode = await run(process.argv.slice(2));
}
