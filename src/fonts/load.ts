import { readFile, stat } from 'node:fs/promises';
import { CjkpressError } from '../diagnostics.ts';
import { type FontkitFont, fontkitFont } from './fontkit.ts';
import type { FontFace } from './resolve.ts';
import { openFace, SfntError, type SfntFace } from './sfnt.ts';
import { subsetTrueType } from './subset.ts';

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

/**
 * The message for a font we cannot use: `font X is damaged: …` for a broken file, `X: …` for a
 * well-formed font we cannot use (bitmap-only, no such face). `shown` is the path as the user wrote it.
 */
export function fontProblem(e: SfntError, shown: string): string {
  return e.kind === 'damaged' ? `font ${shown} is damaged: ${e.message}` : `${shown}: ${e.message}`;
}

const faces = new WeakMap<Buffer, Map<string, SfntFace>>();

/**
 * The face as a standalone font (one face of a collection is copied out of it) with its cmap, cached
 * with the file; a font we cannot use throws SfntError (callers that know where the font was named
 * turn it into a located message).
 */
export async function openFontFace(face: FontFace): Promise<SfntFace> {
  const data = await readFontFile(face);
  let byName = faces.get(data);
  if (!byName) faces.set(data, (byName = new Map()));
  const key = face.postscriptName ?? '';
  let f = byName.get(key);
  if (!f) {
    f = openFace(data, face.postscriptName);
    byName.set(key, f);
  }
  return f;
}

/**
 * The face as a standalone font with its cmap: what the writers embed and what the font chain asks
 * for coverage. Cached with the file (the same object as `openFontFace`'s, so fontkit's parse of it in
 * `probeGlyphs` is shared too).
 */
export async function loadFace(face: FontFace): Promise<SfntFace> {
  try {
    return await openFontFace(face);
  } catch (e) {
    if (e instanceof SfntError) throw new CjkpressError(fontProblem(e, face.path), undefined, undefined, undefined, 'font');
    throw e;
  }
}

const probed = new WeakMap<SfntFace, { font: FontkitFont; chars: Set<string> }>();

/**
 * Sets `chars` with fontkit the way pdfkit will (shaping, metrics, outlines), so a font that our
 * reader accepts but fontkit cannot read fails here, as an SfntError, instead of as a RangeError in
 * the middle of drawing a page. Each character is probed once per face.
 */
export function probeGlyphs(f: SfntFace, chars: string): void {
  let p = probed.get(f);
  try {
    if (!p) {
      const font = fontkitFont(f.data);
      // what pdfkit reads when it embeds the font (its font descriptor): a broken post or OS/2 table
      // makes these undefined, and pdfkit would fail at the end of the document
      const numbers = [font.bbox.minX, font.bbox.maxY, font.italicAngle, font.ascent, font.descent, font.capHeight, font.xHeight, font.unitsPerEm];
      if (font.post?.isFixedPitch === undefined) throw new SfntError('the post table is missing or unreadable');
      if (!numbers.every(Number.isFinite) || font.unitsPerEm <= 0) throw new SfntError('its head, hhea or OS/2 metrics are unreadable');
      probed.set(f, (p = { font, chars: new Set() }));
    }
    const todo = [...chars].filter((ch) => !p?.chars.has(ch));
    if (todo.length === 0) return;
    for (const g of p.font.layout(todo.join('')).glyphs) {
      if (!Number.isFinite(g.advanceWidth)) throw new Error(`glyph ${g.id} has no advance width`);
      void g.path.commands.length;
    }
    for (const ch of todo) p.chars.add(ch);
  } catch (e) {
    if (e instanceof SfntError) throw e;
    throw new SfntError(`fontkit cannot read it (${(e as Error).message})`);
  }
}

const subsettable = new WeakMap<SfntFace, Promise<void>>();

/**
 * Subsets the face once with HarfBuzz (what the EPUB writer does), so a font HarfBuzz rejects is
 * found where it is chosen — a located error for --font, a skipped face for an installed fallback.
 */
export function probeSubset(f: SfntFace, chars: string): Promise<void> {
  let p = subsettable.get(f);
  if (!p) {
    p = subsetTrueType(f.data, chars).then(
      () => undefined,
      (e: unknown) => {
        throw new SfntError(`HarfBuzz cannot subset it (${(e as Error).message})`);
      },
    );
    subsettable.set(f, p);
  }
  return p;
}
