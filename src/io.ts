import { readFile } from 'node:fs/promises';
import { CjkpressError } from './diagnostics.ts';

/** Reads a file's bytes, turning file-system errors into a one-line message naming the file. */
export async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (e as Error).message;
    throw new CjkpressError(`cannot read: ${why}`, file, undefined, undefined, 'io');
  }
}
