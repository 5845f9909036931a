import { readFile, stat } from 'node:fs/promises';
import { CjkpressError } from '../diagnostics.ts';
import type { FontFace } from './resolve.ts';

// CJK font files are large (15 MB) and never change during a run: both writers share one read per file,
// keyed by path + size + mtime so a library user who replaces a file gets the new one.
const cache = new Map<string, Buffer>();

export async function readFontFile(face: FontFace): Promise<Buffer> {
  let key: string;
  try {
    const st = await stat(face.path);
    key = `${face.path}\0${st.size}\0${st.mtimeMs}`;
  } catch {
    throw new CjkpressError(`font file not found: ${face.path}`, undefined, undefined, undefined, 'font');
  }
  const hit = cache.get(key);
  if (hit) return hit;
  const data = await readFile(face.path);
  for (const k of cache.keys()) if (k.startsWith(`${face.path}\0`)) cache.delete(k);
  cache.set(key, data);
  return data;
}
