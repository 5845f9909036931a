/**
 * Aozora Bunko gaiji notes (外字注記): `※［＃「目＋爭」、第3水準1-88-85］` names a character that Shift_JIS
 * lacks by its JIS X 0213 plane-row-cell (面区点), `※［＃「口＋世」、U+546D、52-5］` by its code point; a note
 * with neither (`※［＃「てへん＋劣」、148-7］`, a character outside both) can only be shown as 〓 (the geta mark
 * Japanese typesetting uses for a missing character). The table (./jisx0213.ts) is split into cells on the
 * first note that needs it; the Aozora importer itself is loaded only for Aozora texts.
 */
import { PLANE1, PLANE2 } from './jisx0213.ts';

/** The geta mark: what a character that cannot be set is shown as. */
export const GETA = '〓';

let planes: readonly (readonly string[][])[] | undefined;

function table(): readonly (readonly string[][])[] {
  planes ??= [PLANE1.map((row) => row.split('|')), PLANE2.map((row) => row.split('|'))];
  return planes;
}

/** The character at JIS X 0213 plane-row-cell, or undefined where the standard has none. */
export function jisx0213(plane: number, row: number, cell: number): string | undefined {
  if (plane < 1 || plane > 2 || row < 1 || row > 94 || cell < 1 || cell > 94) return undefined;
  const ch = table()[plane - 1]?.[row - 1]?.[cell - 1];
  return ch ? ch : undefined;
}

const MEN_KU_TEN = /(?:第[34]水準)?\s*([12])-(\d{1,2})-(\d{1,2})(?![\d-])/u;
const CODE_POINT = /U\+([0-9A-Fa-f]{4,6})/u;

/**
 * The character a gaiji note's body (what stands between `※［＃` and `］`) names, or undefined when it names
 * none we can find (the caller shows 〓 and warns).
 */
export function gaijiChar(note: string): string | undefined {
  const u = CODE_POINT.exec(note);
  if (u) {
    const cp = Number.parseInt(u[1] ?? '', 16);
    if (cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff)) return String.fromCodePoint(cp);
  }
  const m = MEN_KU_TEN.exec(note);
  if (m) return jisx0213(Number(m[1]), Number(m[2]), Number(m[3]));
  return undefined;
}
