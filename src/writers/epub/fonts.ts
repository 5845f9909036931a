/** Subsets the faces of the font chain to exactly the characters each renders. */
import { CjkpressError } from '../../diagnostics.ts';
import type { Diagnostics } from '../../diagnostics.ts';
import { chainFor } from '../../fonts/chain.ts';
import { loadFace } from '../../fonts/load.ts';
import { subsetTrueType } from '../../fonts/subset.ts';
import type { FontFace, FontSet } from '../../fonts/resolve.ts';
import type { Glyphs } from './xhtml.ts';

export interface EmbeddedFont {
  /** file name inside the fonts folder (ASCII) */
  filename: string;
  /** manifest id: font-regular / font-bold for the main faces, font-<file stem> for fallbacks */
  id: string;
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

/**
 * Subsets each face of the font chain to the characters it sets: the main faces get every character
 * they have, a fallback face only those the faces before it lack (src/fonts/chain.ts). Characters in
 * no font are reported (once per build). The result is in chain order, which is the CSS font stack.
 */
export async function subsetFonts(fonts: FontSet, glyphs: Glyphs, diagnostics?: Diagnostics, file?: string): Promise<EmbeddedFont[]> {
  const chain = chainFor(fonts);
  const missing = [...(await chain.cover(glyphs.regular, 'regular')), ...(await chain.cover(glyphs.bold, 'bold'))];
  chain.report([...new Set(missing)].sort(), diagnostics, file);
  const subset = async (face: FontFace, chars: string): Promise<{ data: Uint8Array; cff: boolean }> => {
    const f = await loadFace(face);
    try {
      return { data: new Uint8Array(await subsetTrueType(f.data, chars)), cff: f.outlines === 'cff' };
    } catch (e) {
      throw new CjkpressError(`font ${face.path} is damaged: HarfBuzz cannot subset it (${(e as Error).message})`, undefined, undefined, undefined, 'font');
    }
  };
  const sameFile = (a: FontFace, b: FontFace): boolean => a.path === b.path && a.postscriptName === b.postscriptName;
  const names = new Set<string>();
  const fileName = (family: string, weight: string, cff: boolean): string => {
    let name = `${stem(family)}-${weight}`;
    for (let n = 2; names.has(name); n++) name = `${stem(family)}${n}-${weight}`;
    names.add(name);
    return `${name}.${cff ? 'otf' : 'ttf'}`;
  };
  const out: EmbeddedFont[] = [];
  const add = (set: number, f: Omit<EmbeddedFont, 'id'>): void => {
    const id = set === 0 ? `font-${f.weight === 'bold' ? 'bold' : 'regular'}` : `font-${f.filename.replace(/\.[^.]+$/, '')}`;
    out.push({ ...f, id });
  };
  // Only this book's characters: the chain is shared by everything set in these fonts (the glyph check
  // before writing covers the PDF's page-number digits; a library caller may pass one FontSet for many
  // books), and the EPUB must not depend on what else was covered before it.
  const mine = (set: number, kind: 'regular' | 'bold'): string => sorted(new Set([...glyphs[kind]].filter((ch) => chain.setOf(ch, kind) === set)));
  const setsOf = (kind: 'regular' | 'bold'): number[] => [...glyphs[kind]].map((ch) => chain.setOf(ch, kind));
  const sets = [...new Set([...setsOf('regular'), ...setsOf('bold')])].filter((i) => i >= 0).sort((a, b) => a - b);
  const families = new Set<string>();
  for (const set of sets) {
    const regular = chain.face(set, 'regular');
    const bold = chain.face(set, 'bold');
    // one CSS family per set: two installed faces of one family (say a regular-only one and another
    // file's bold) must not become two @font-face rules that shadow each other
    let family = set === 0 ? fonts.regular.family : regular.family;
    if (families.has(family)) family = `${family} ${set}`;
    families.add(family);
    const regularChars = mine(set, 'regular');
    const boldChars = mine(set, 'bold');
    if (sameFile(regular, bold)) {
      // One file for both weights: the reading system synthesises bold.
      const chars = sorted(new Set([...regularChars, ...boldChars]));
      const { data, cff } = await subset(regular, chars);
      add(set, { filename: fileName(family, 'Regular', cff), family, weight: 'normal', mediaType: cff ? 'font/otf' : 'font/ttf', data, chars });
      continue;
    }
    const [reg, bld] = await Promise.all([regularChars ? subset(regular, regularChars) : undefined, boldChars ? subset(bold, boldChars) : undefined]);
    if (reg)
      add(set, {
        filename: fileName(family, 'Regular', reg.cff),
        family,
        weight: 'normal',
        mediaType: reg.cff ? 'font/otf' : 'font/ttf',
        data: reg.data,
        chars: regularChars,
      });
    if (bld)
      add(set, {
        filename: fileName(family, 'Bold', bld.cff),
        family,
        weight: 'bold',
        mediaType: bld.cff ? 'font/otf' : 'font/ttf',
        data: bld.data,
        chars: boldChars,
      });
  }
  return out;
}
