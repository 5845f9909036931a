// Parses arguments and calls the library; no typesetting logic lives here.
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { build, FORMATS, type Format } from './build.ts';
import { buildDate } from './clock.ts';
import { CjkpressError } from './diagnostics.ts';
import { PAGE_SIZES, type PageSize } from './writers/pdf/index.ts';

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
