/**
 * The PDF writer's fonts: every face of the font chain (src/fonts/chain.ts) that sets a character of
 * the book, registered under the chain's key (`regular`, `bold`, `regular.3` …), and the one place
 * where a run of text is split into pieces of one font each for the layout.
 */
import type { Diagnostics } from '../../diagnostics.ts';
import { bookChars, chainFor, type FontChain } from '../../fonts/chain.ts';
import { CjkpressError } from '../../diagnostics.ts';
import { fontProblem, loadFace, probeGlyphs } from '../../fonts/load.ts';
import { SfntError } from '../../fonts/sfnt.ts';
import type { FontSet } from '../../fonts/resolve.ts';
import type { Book } from '../../model.ts';

export interface PdfFonts {
  /** font key → standalone font file to register with the canvas */
  files: Record<string, Buffer>;
  /**
   * Splits text set in `face` into pieces of one font each, in order. Faces outside the chain (a code
   * font registered by the writer itself) are passed through whole.
   */
  split(text: string, face: string): { text: string; fontKey: string }[];
}

/**
 * Covers the book's characters and the writer's own words (`extra`, set in either weight) with the
 * chain, reports characters no font has (once per build), and loads the faces that are used.
 */
export async function preparePdfFonts(book: Book, fonts: FontSet, extra: string, diagnostics?: Diagnostics): Promise<PdfFonts> {
  const chain: FontChain = chainFor(fonts);
  const chars = bookChars(book);
  for (const ch of extra) {
    chars.regular.add(ch);
    chars.bold.add(ch);
  }
  const missing = [...(await chain.cover(chars.regular, 'regular')), ...(await chain.cover(chars.bold, 'bold'))];
  chain.report([...new Set(missing)].sort(), diagnostics, book.file);
  const files: Record<string, Buffer> = {
    regular: (await loadFace(fonts.regular)).data,
    bold: (await loadFace(fonts.bold)).data,
  };
  for (const kind of ['regular', 'bold'] as const) {
    for (const set of chain.used(kind)) {
      const face = chain.face(set, kind);
      const f = await loadFace(face);
      // a font that is not ours (--font, an installed fallback) is set once with fontkit first, so a
      // damaged one is a [font] error here rather than a RangeError from pdfkit mid-page
      if (!face.bundled) {
        try {
          probeGlyphs(f, chain.charsOf(set, kind));
        } catch (e) {
          if (e instanceof SfntError) throw new CjkpressError(fontProblem(e, face.path), undefined, undefined, undefined, 'font');
          throw e;
        }
      }
      if (set > 0) files[chain.key(set, kind)] = f.data;
    }
  }
  return {
    files,
    split: (text, face) =>
      face === 'regular' || face === 'bold'
        ? chain.split(text, face).map((p) => ({ text: p.text, fontKey: chain.key(p.set, face) }))
        : [{ text, fontKey: face }],
  };
}

/** What `alignBaselines` needs of the canvas (src/writers/pdf/package.ts). */
interface TextCanvas {
  ascent(fontKey: string, size: number): number;
  text(fontKey: string, size: number, text: string, x: number, y: number, charSpacing?: number, color?: string, hidden?: boolean): void;
}

/**
 * pdfkit places text by the top of the font's ascent box, and fallback fonts have other ascents
 * (Noto Serif SC 1.151 em, Noto Emoji 0.928, Noto Serif Hebrew 0.896, Devanagari 0.930): drawn at the
 * same y, a Hebrew word would sit a quarter em above the Chinese around it. Fallback faces
 * (`regular.N`, `bold.N`) are moved down to the main face's baseline; other keys (the main faces,
 * the code font) are drawn as before.
 */
export function alignBaselines<C extends TextCanvas>(canvas: C): C {
  const draw = canvas.text.bind(canvas);
  const shifted: C = Object.create(canvas) as C;
  shifted.text = (fontKey, size, text, x, y, charSpacing, color, hidden) => {
    const m = /^(regular|bold)\.\d+$/.exec(fontKey);
    const dy = m ? canvas.ascent(m[1] as string, size) - canvas.ascent(fontKey, size) : 0;
    if (hidden) draw(fontKey, size, text, x, y + dy, charSpacing, color, hidden);
    else draw(fontKey, size, text, x, y + dy, charSpacing, color);
  };
  return shifted;
}
