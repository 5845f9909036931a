import { readFile, stat } from 'node:fs/promises';
import { CjkpressError } from '../diagnostics.ts';
import type { FontFace } from './resolve.ts';
import { openFace, SfntError, type SfntFace } from './sfnt.ts';

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

const faces = new WeakMap<Buffer, Map<string, SfntFace>>();

/**
 * The face as a standalone font (one face of a collection is copied out of it) with its cmap: what the
 * writers embed and what the font chain asks for coverage. Cached with the file.
 */
export async function loadFace(face: FontFace): Promise<SfntFace> {
  const data = await readFontFile(face);
  let byName = faces.get(data);
  if (!byName) faces.set(data, (byName = new Map()));
  const key = face.postscriptName ?? '';
  let f = byName.get(key);
  if (!f) {
    try {
      f = openFace(data, face.postscriptName);
    } catch (e) {
      if (e instanceof SfntError) throw new CjkpressError(`${face.path}: ${e.message}`, undefined, undefined, undefined, 'font');
      throw e;
    }
    byName.set(key, f);
  }
  return f;
}
