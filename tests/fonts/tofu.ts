/**
 * Tofu in a PDF, read with pdf.js: glyphs drawn with glyph id 0 (.notdef, the empty box). pdfkit
 * writes CID fonts with Identity-H, so a shown character's code is its glyph id in the subset, and
 * .notdef stays 0. Text extraction alone cannot see tofu: the ToUnicode map still names the character.
 */
import { getDocument, OPS } from 'pdfjs-dist/legacy/build/pdf.mjs';

interface ShownGlyph {
  originalCharCode: number;
  unicode: string;
}

/** The characters drawn as .notdef, in drawing order (empty: no tofu). */
export async function notdefGlyphs(bytes: Uint8Array): Promise<string[]> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const out: string[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const ops = await (await doc.getPage(p)).getOperatorList();
    ops.fnArray.forEach((fn, i) => {
      if (fn !== OPS.showText) return;
      // showText's argument: the glyphs, with numbers for spacing adjustments in between
      const glyphs = (ops.argsArray[i] as unknown[][])[0] ?? [];
      for (const g of glyphs) {
        if (typeof g === 'object' && g !== null && (g as ShownGlyph).originalCharCode === 0) out.push((g as ShownGlyph).unicode);
      }
    });
  }
  await doc.destroy();
  return out;
}
