/**
 * Reading an article file into text: size limit (checked before reading), binary files, UTF-8.
 */
import { open } from 'node:fs/promises';
import { CjkpressError } from '../diagnostics.ts';
import { ioError } from '../io.ts';
import { checkFileSize, DEFAULT_LIMITS, type Limits } from '../limits.ts';

/** A file with this many NUL bytes in its first 8 KiB (or NULs over 1/8 of a shorter file) is binary, not text with a stray NUL. */
export const BINARY_NULS = 16;

export function looksBinary(bytes: Uint8Array): boolean {
  const head = bytes.subarray(0, 8192);
  let nul = 0;
  for (const b of head) if (b === 0) nul++;
  return nul >= BINARY_NULS || (nul > 0 && nul * 8 > head.length);
}

function lineOfFirstBadByte(bytes: Uint8Array): number {
  const text = new TextDecoder('utf-8').decode(bytes);
  const i = text.indexOf('\ufffd');
  return text.slice(0, Math.max(0, i)).split('\n').length;
}

/** Reads and decodes an article: refuses files over the size limit without reading them. */
export async function readSource(file: string, limits: Limits = DEFAULT_LIMITS): Promise<string> {
  let bytes: Uint8Array;
  try {
    const fh = await open(file, 'r');
    try {
      const st = await fh.stat();
      if (st.isDirectory()) throw Object.assign(new Error('is a folder'), { code: 'EISDIR' });
      checkFileSize(file, st.size, limits);
      bytes = await fh.readFile();
      checkFileSize(file, bytes.length, limits); // it may have grown since stat
    } finally {
      await fh.close();
    }
  } catch (e) {
    if (e instanceof CjkpressError) throw e;
    throw ioError(e, file);
  }
  if (looksBinary(bytes)) {
    throw new CjkpressError('not a text file (binary data: NUL bytes); expected Markdown in UTF-8', file, undefined, undefined, 'binary-input');
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CjkpressError('not UTF-8 text (convert it, or use `cjkpress import` for clippings)', file, lineOfFirstBadByte(bytes), 1, 'encoding');
  }
}

/** The text the reader works on: no BOM, line feeds only. Line n of the file is element n-1 of its split. */
export function normalizeSource(text: string): string {
  return text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
}
