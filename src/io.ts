import { readFile } from 'node:fs/promises';
import { CjkpressError } from './diagnostics.ts';

/** A file-system error as the one-line message the user sees, naming the file. */
export function ioError(e: unknown, file: string): CjkpressError {
  const code = (e as NodeJS.ErrnoException).code;
  const why =
    code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : code === 'EACCES' ? 'permission denied' : (e as Error).message;
  return new CjkpressError(`cannot read: ${why}`, file, undefined, undefined, 'io');
}

/** Reads a file's bytes, turning file-system errors into a one-line message naming the file. */
export async function readInput(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (e) {
    throw ioError(e, file);
  }
}
