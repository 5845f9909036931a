/**
 * The PDF writer's fonts: every face of the font chain (src/fonts/chain.ts) that sets a character of
 * the book, registered under the chain's key (`regular`, `bold`, `regular.3` …), and the one place
 * where a run of text is split into pieces of one font each for the layout.
 */
import type { Diagnostics } from '../../diagnostics.ts';
import { bookChars, chainFor, type FontChain } from '../../fonts/chain.ts';
import { loadFace } from '../../fonts/load.ts';
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
      if (set > 0) files[chain.key(set, kind)] = (await loadFace(chain.face(set, kind))).data;
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
