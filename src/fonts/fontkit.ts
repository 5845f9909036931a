/**
 * The one module that loads fontkit (pdfkit's font engine), and one parsed font per font file for the
 * whole process. It is imported as an ES module, the copy pdfkit itself imports: requiring it loaded a
 * second copy of fontkit and its dependencies (≈ 80–140 ms of start-up), and parsed every font twice.
 */
// @ts-expect-error fontkit ships no type declarations; the part we use is typed below
import { create } from 'fontkit';

/** What our code reads of a fontkit font (pdfkit reads more, through the same object). */
export interface FontkitFont {
  layout(text: string, features?: Record<string, boolean>): { glyphs: { id: number; advanceWidth: number; path: { commands: unknown[] } }[] };
  post?: { isFixedPitch?: unknown };
  bbox: { minX: number; maxY: number };
  italicAngle: number;
  ascent: number;
  descent: number;
  capHeight: number;
  xHeight: number;
  unitsPerEm: number;
}

/**
 * A new fontkit font of the bytes. The PDF writer keeps its own (it wraps `layout`, and a glyph object
 * keeps the characters it was first made for, which pdfkit writes to ToUnicode: sharing the probe's
 * object would make that depend on the probe's order).
 */
export function createFontkitFont(data: Uint8Array): FontkitFont {
  return (create as (d: Uint8Array) => FontkitFont)(data);
}

const parsed = new WeakMap<Uint8Array, FontkitFont>();

/**
 * The fontkit font of a font file's bytes. The files are cached Buffers (load.ts), so the same bytes give
 * the same object, and the tables fontkit reads lazily (cmap, GSUB, GPOS, glyphs) are read once by the probe (load.ts).
 */
export function fontkitFont(data: Uint8Array): FontkitFont {
  let f = parsed.get(data);
  if (!f) parsed.set(data, (f = createFontkitFont(data)));
  return f;
}
