/**
 * Atomic outputs (src/output.ts): when the first output's temporary file was written and the second
 * one fails, the first target is still the older file, byte-identical, and no temporary file is left.
 * (A writer that renamed each file right after writing it fails these tests: the first book would be new.)
 * Failures: a real one (a folder where the second temporary file goes, or where the second book goes),
 * and an injected `write` failure (ENOSPC) through a wrapped node:fs.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CjkpressError } from '../../src/diagnostics.ts';
import { tempName, writeOutputs } from '../../src/output.ts';

/** writes to a file descriptor after this many successful ones fail with ENOSPC (-1: never) */
const inject = vi.hoisted(() => ({ failAfterWrites: -1, writes: 0 }));

vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>();
  const write = ((...args: unknown[]) => {
    if (inject.failAfterWrites >= 0 && inject.writes++ >= inject.failAfterWrites) {
      const cb = args[args.length - 1] as (e: NodeJS.ErrnoException) => void;
      process.nextTick(cb, Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' }));
      return;
    }
    // fs.write's overloads cannot be spread into from unknown[]: this forwards the call unchanged
    return (fs.write as (...a: unknown[]) => void)(...args);
  }) as typeof fs.write;
  return { ...fs, default: { ...fs, write }, write };
});

afterEach(() => {
  inject.failAfterWrites = -1;
  inject.writes = 0;
});

const OLD_EPUB = Buffer.from('older epub, must stay');
const OLD_PDF = Buffer.from('older pdf, must stay');
const NEW_EPUB = new Uint8Array(200_000).fill(0x45);
const NEW_PDF = new Uint8Array(300_000).fill(0x50);

function setup(): { dir: string; epub: string; pdf: string } {
  const dir = mkdtempSync(join(tmpdir(), 'cjkpress-output-'));
  const epub = join(dir, 'a.epub');
  const pdf = join(dir, 'a.pdf');
  writeFileSync(epub, OLD_EPUB);
  writeFileSync(pdf, OLD_PDF);
  return { dir, epub, pdf };
}

async function failure(p: Promise<unknown>): Promise<CjkpressError> {
  const e: unknown = await p.then(
    () => undefined,
    (x: unknown) => x,
  );
  expect(e).toBeInstanceOf(CjkpressError);
  return e as CjkpressError;
}

describe('writeOutputs: the second output fails, the first stays the older file', () => {
  it('a folder sits where the second temporary file goes', async () => {
    const s = setup();
    mkdirSync(tempName(s.pdf));
    const e = await failure(
      writeOutputs([
        { path: s.epub, bytes: NEW_EPUB },
        { path: s.pdf, bytes: NEW_PDF },
      ]),
    );
    expect(e.rule).toBe('io');
    expect(readFileSync(s.epub)).toEqual(OLD_EPUB);
    expect(readFileSync(s.pdf)).toEqual(OLD_PDF);
    // the first temporary file is gone; the folder in the way is not ours to remove
    expect(readdirSync(s.dir).sort()).toEqual([`.a.pdf.${process.pid}.tmp`, 'a.epub', 'a.pdf']);
  });

  it('the disk fills up while the second file is written (injected ENOSPC)', async () => {
    const s = setup();
    // the first file goes out in one write (its temporary file is complete), the second one's fails
    inject.failAfterWrites = 1;
    const e = await failure(
      writeOutputs([
        { path: s.epub, bytes: NEW_EPUB },
        { path: s.pdf, bytes: NEW_PDF },
      ]),
    );
    expect(inject.writes).toBe(2);
    expect(e.format()).toBe(`${s.pdf}: error: cannot write output: no space left on the device [io]`);
    expect(readFileSync(s.epub)).toEqual(OLD_EPUB);
    expect(readFileSync(s.pdf)).toEqual(OLD_PDF);
    expect(readdirSync(s.dir).sort()).toEqual(['a.epub', 'a.pdf']);
  });

  it('a folder sits where the second book goes: found before the first rename', async () => {
    const s = setup();
    const other = join(s.dir, 'b.pdf');
    mkdirSync(other);
    const e = await failure(
      writeOutputs([
        { path: s.epub, bytes: NEW_EPUB },
        { path: other, bytes: NEW_PDF },
      ]),
    );
    expect(e.format()).toBe(`${other}: error: cannot write output: a folder is in the way where the file should go [io]`);
    expect(readFileSync(s.epub)).toEqual(OLD_EPUB);
    expect(readdirSync(s.dir).sort()).toEqual(['a.epub', 'a.pdf', 'b.pdf']);
  });

  it('with no failure, both are replaced and no temporary file remains (the injection is off)', async () => {
    const s = setup();
    await writeOutputs([
      { path: s.epub, bytes: NEW_EPUB },
      { path: s.pdf, bytes: NEW_PDF },
    ]);
    expect(new Uint8Array(readFileSync(s.epub))).toEqual(NEW_EPUB);
    expect(new Uint8Array(readFileSync(s.pdf))).toEqual(NEW_PDF);
    expect(readdirSync(s.dir).sort()).toEqual(['a.epub', 'a.pdf']);
  }, 30_000); // fsync of two files on a busy disk
});
