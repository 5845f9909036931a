import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CjkpressError } from './diagnostics.ts';

export interface Output {
  path: string;
  bytes: Uint8Array;
}

/**
 * Writes each output to a temporary file beside its target and renames it into place, so a reader of
 * the folder (or a crash) never sees a half-written book, and an older file stays intact until then.
 */
export async function writeOutputs(outputs: readonly Output[]): Promise<void> {
  const temps: string[] = [];
  try {
    for (const o of outputs) {
      await mkdir(dirname(o.path), { recursive: true });
      const tmp = join(dirname(o.path), `.${basename(o.path)}.${process.pid}.tmp`);
      temps.push(tmp);
      await writeFile(tmp, o.bytes);
    }
    for (const [i, o] of outputs.entries()) await rename(temps[i] as string, o.path);
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    const err = e as NodeJS.ErrnoException;
    throw new CjkpressError(`cannot write output: ${err.message}`, err.path, undefined, undefined, 'io');
  }
}
