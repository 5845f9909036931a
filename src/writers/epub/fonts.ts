/** Subsets the body (regular) and heading (bold) faces to exactly the characters each renders. */
import { createRequire } from 'node:module';
import { CjkpressError } from '../../diagnostics.ts';
import { readFontFile } from '../../fonts/load.ts';
import type { FontFace, FontSet } from '../../fonts/resolve.ts';
import type { Glyphs } from './xhtml.ts';

type SubsetFont = (font: Buffer, text: string, options?: { targetFormat?: 'sfnt' | 'truetype' | 'woff' | 'woff2' }) => Promise<Buffer>;
// subset-font ships no types; this is the one function we use.
const subsetFont = createRequire(import.meta.url)('subset-font') as SubsetFont;

export interface EmbeddedFont {
  /** file name inside the fonts folder (ASCII) */
  filename: string;
  family: string;
  weight: 'normal' | 'bold';
  mediaType: string;
  data: Uint8Array;
  /** the characters it was subset to, sorted */
  chars: string;
}

function stem(family: string): string {
  return family.replace(/[^A-Za-z0-9]/g, '') || 'font';
}

const sorted = (s: Set<string>): string => [...s].sort().join('');

export async function subsetFonts(fonts: FontSet, glyphs: Glyphs): Promise<EmbeddedFont[]> {
  const subset = async (face: FontFace, chars: string): Promise<Uint8Array> => {
    try {
      return new Uint8Array(await subsetFont(await readFontFile(face), chars, { targetFormat: 'truetype' }));
    } catch (e) {
      if (e instanceof CjkpressError) throw e;
      throw new CjkpressError(`cannot subset the font ${face.path}: ${(e as Error).message}`, undefined, undefined, undefined, 'font');
    }
  };
  if (fonts.bold.path === fonts.regular.path) {
    // One file for both weights: the reading system synthesises bold.
    const chars = sorted(new Set([...glyphs.regular, ...glyphs.bold]));
    const data = await subset(fonts.regular, chars);
    return [{ filename: `${stem(fonts.regular.family)}-Regular.ttf`, family: fonts.regular.family, weight: 'normal', mediaType: 'font/ttf', data, chars }];
  }
  const out: EmbeddedFont[] = [];
  const regularChars = sorted(glyphs.regular);
  const boldChars = sorted(glyphs.bold);
  const [reg, bold] = await Promise.all([
    regularChars ? subset(fonts.regular, regularChars) : undefined,
    boldChars ? subset(fonts.bold, boldChars) : undefined,
  ]);
  if (reg) out.push({ filename: `${stem(fonts.regular.family)}-Regular.ttf`, family: fonts.regular.family, weight: 'normal', mediaType: 'font/ttf', data: reg, chars: regularChars });
  if (bold) out.push({ filename: `${stem(fonts.bold.family)}-Bold.ttf`, family: fonts.regular.family, weight: 'bold', mediaType: 'font/ttf', data: bold, chars: boldChars });
  return out;
}
