/**
 * The last line of defence: an exception from a package (or a bug of ours) inside a stage is one located
 * line `a.md: error: internal error in the PDF writer: RangeError: … (please report it) [internal]`,
 * exit 1, nothing written, no stack trace (`--verbose` adds it); library callers get a CjkpressError
 * with rule `internal` and the original as `cause`.
 * The failures are injected by wrapping the one module that talks to each package (vi.mock), switched
 * on per test: the real modules run otherwise.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { build } from '../../src/build.ts';
import { run } from '../../src/cli.ts';
import { CjkpressError } from '../../src/diagnostics.ts';

/** which injected failure is on; the thrown value */
const fail = vi.hoisted(() => ({ stage: '' as '' | 'pdf' | 'epub' | 'reader' | 'import', error: undefined as unknown }));

vi.mock('../../src/writers/pdf/package.ts', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/writers/pdf/package.ts')>();
  return { ...m, createCanvas: (...a: Parameters<typeof m.createCanvas>) => (fail.stage === 'pdf' ? thrower() : m.createCanvas(...a)) };
});
vi.mock('../../src/writers/epub/package.ts', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/writers/epub/package.ts')>();
  return { ...m, packageEpub: (...a: Parameters<typeof m.packageEpub>) => (fail.stage === 'epub' ? Promise.reject(fail.error) : m.packageEpub(...a)) };
});
vi.mock('../../src/reader/markdown.ts', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/reader/markdown.ts')>();
  return { ...m, readBlocks: (...a: Parameters<typeof m.readBlocks>) => (fail.stage === 'reader' ? thrower() : m.readBlocks(...a)) };
});
vi.mock('../../src/import/structure.ts', async (importOriginal) => {
  const m = await importOriginal<typeof import('../../src/import/structure.ts')>();
  return { ...m, classify: (...a: Parameters<typeof m.classify>) => (fail.stage === 'import' ? thrower() : m.classify(...a)) };
});

function thrower(): never {
  throw fail.error;
}

afterEach(() => {
  fail.stage = '';
  fail.error = undefined;
});

const OLD = Buffer.from('an older book that must stay intact');
const DATAVIEW = 'Offset is outside the bounds of the DataView';

function scratch(): { dir: string; md: string; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cjkpress-internal-'));
  const md = join(dir, 'a.md');
  writeFileSync(md, '---\ntitle: 标题\n---\n\n正文，`code`。\n');
  const out = join(dir, 'dist');
  mkdirSync(out);
  writeFileSync(join(out, 'a.epub'), OLD);
  writeFileSync(join(out, 'a.pdf'), OLD);
  return { dir, md, out };
}

async function cli(args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  // one thread: the injected failures are mocks of this thread's modules, which a worker thread would not see
  const all = args[0] === 'build' ? [...args, '--jobs', '1'] : args;
  const code = await run(all, { out: (l) => out.push(l), err: (l) => err.push(l) });
  return { code, out, err };
}

const unchanged = (out: string): void => {
  expect(readdirSync(out).sort()).toEqual(['a.epub', 'a.pdf']); // no temporary file either
  expect(readFileSync(join(out, 'a.epub'))).toEqual(OLD);
  expect(readFileSync(join(out, 'a.pdf'))).toEqual(OLD);
};

describe('internal errors: one located line, exit 1, nothing written', () => {
  it('a RangeError inside the PDF writer', async () => {
    const s = scratch();
    fail.stage = 'pdf';
    fail.error = new RangeError(DATAVIEW);
    const r = await cli(['build', s.md, '--out', s.out]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`${s.md}: error: internal error in the PDF writer: RangeError: ${DATAVIEW} (please report it) [internal]`]);
    expect(r.out).toEqual([]);
    unchanged(s.out);
  });

  it('--verbose adds the stack trace of the original error', async () => {
    const s = scratch();
    fail.stage = 'pdf';
    fail.error = new RangeError(DATAVIEW);
    const r = await cli(['build', s.md, '--out', s.out, '--verbose']);
    expect(r.code).toBe(1);
    const i = r.err.findIndex((l) => l.endsWith('[internal]'));
    expect(i).toBeGreaterThanOrEqual(0);
    const rest = r.err.slice(i + 1).join('\n');
    expect(rest).toMatch(new RegExp(`^RangeError: ${DATAVIEW}\\n\\s+at `));
    expect(rest).toMatch(/internal\.test\.ts:\d+:\d+/); // the stack of the original, where it was made
    unchanged(s.out);
  });

  it('the EPUB writer (a rejected promise), with the stage named', async () => {
    const s = scratch();
    fail.stage = 'epub';
    fail.error = new TypeError("Cannot read properties of undefined (reading 'length')");
    const r = await cli(['build', s.md, '--out', s.out]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([
      `${s.md}: error: internal error in the EPUB writer: TypeError: Cannot read properties of undefined (reading 'length') (please report it) [internal]`,
    ]);
    unchanged(s.out);
  });

  it('the reader, and a thrown value that is not an Error', async () => {
    const s = scratch();
    fail.stage = 'reader';
    fail.error = 'boom\nsecond line';
    const r = await cli(['build', s.md, '--out', s.out]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`${s.md}: error: internal error in the reader: string: boom (please report it) [internal]`]);
    unchanged(s.out);
  });

  it('import: the clipping is named, nothing is written', async () => {
    const s = scratch();
    const clip = join(s.dir, 'c.txt');
    writeFileSync(clip, '标题\n\n正文第一段。\n');
    const target = join(s.dir, 'c.md');
    fail.stage = 'import';
    fail.error = new RangeError('Maximum call stack size exceeded');
    const r = await cli(['import', clip, '-o', target]);
    expect(r.code).toBe(1);
    expect(r.err).toEqual([`${clip}: error: internal error in the importer: RangeError: Maximum call stack size exceeded (please report it) [internal]`]);
    expect(readdirSync(s.dir).sort()).toEqual(['a.md', 'c.txt', 'dist']);
    const v = await cli(['import', clip, '-o', target, '--verbose']);
    expect(v.err.slice(1).join('\n')).toMatch(/^RangeError: Maximum call stack size exceeded\n\s+at /);
  });

  it('build() (library): a CjkpressError with rule internal, the original as cause', async () => {
    const s = scratch();
    const original = new RangeError(DATAVIEW);
    fail.stage = 'pdf';
    fail.error = original;
    const e: unknown = await build([s.md], { formats: ['epub', 'pdf'], outDir: s.out, pageSize: 'A4', date: new Date(0) }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CjkpressError);
    const c = e as CjkpressError;
    expect(c.rule).toBe('internal');
    expect(c.file).toBe(s.md);
    expect(c.cause).toBe(original);
    expect(c.message).toBe(`internal error in the PDF writer: RangeError: ${DATAVIEW} (please report it)`);
    unchanged(s.out);
  });

  it('without an injected failure the same article builds (the mocks pass through)', async () => {
    const s = scratch();
    const r = await cli(['build', s.md, '--out', s.out]);
    expect(r.err).toEqual([]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(s.out, 'a.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
  });
});
