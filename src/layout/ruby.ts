/**
 * Ruby in the paragraph layout (W3C JLREQ §3.3, "Ruby and emphasis dots"). A ruby base is one atom: never
 * broken, never stretched inside by justification. Its reading is set at half the base size, centred over
 * a group base, over each character for mono ruby.
 *
 * A reading longer than its base may overhang the neighbouring characters by up to one ruby character
 * (the reading's size) on each side, but only a kana or a punctuation mark, never a kanji (its own reading
 * could be taken for this one's) and never another ruby base; what overhanging cannot absorb spaces the base
 * out, in the 1:2:1 proportion JLREQ gives (half a space at each end, whole spaces between characters).
 * At a line's start or end there is no neighbour: the reading keeps inside the measure — it takes the
 * overhang on the other side when that side allows it, else the base is spaced out further — and the
 * base's outer edge stays on the line's edge, so justified lines stay flush.
 */
import type { RubyAnnotation } from './types.ts';

/** One character (code point with its attached marks) of a ruby base. */
export interface RubyChar {
  text: string;
  /** the run it comes from (a base may span runs of different fonts) */
  run: number;
  /** natural advance, pt */
  w: number;
}

/** What the layout keeps about a ruby base atom. */
export interface RubyAtom {
  ann: RubyAnnotation;
  chars: RubyChar[];
  /** natural width of the base, pt */
  baseW: number;
  /** natural width of each reading, pt */
  readingW: number[];
}

export interface RubyPlacement {
  /** width the atom takes in the line, pt */
  box: number;
  /** x of each base character from the box's left edge */
  charX: number[];
  /** x of each reading from the box's left edge (may be negative: an overhang) */
  rubyX: number[];
  /** what the reading hangs over its neighbours, pt */
  overL: number;
  overR: number;
}

/** Hiragana, katakana (with ー) and the small katakana extension. */
export const isKana = (cp: number): boolean => (cp >= 0x3041 && cp <= 0x309f) || (cp >= 0x30a0 && cp <= 0x30ff) || (cp >= 0x31f0 && cp <= 0x31ff);

/**
 * Where the base's outer edges go when the reading cannot overhang there: `edgeL` / `edgeR` say the box
 * edge is a line edge, on which the base's first / last character must sit.
 */
export function placeRuby(r: RubyAtom, allowL: boolean, allowR: boolean, edgeL = false, edgeR = false): RubyPlacement {
  const em = r.ann.size; // one ruby character
  const n = r.chars.length;
  if (!r.ann.mono) {
    const rw = r.readingW[0] ?? 0;
    const bw = r.baseW;
    if (rw <= bw) {
      const charX: number[] = [];
      let x = 0;
      for (const c of r.chars) {
        charX.push(x);
        x += c.w;
      }
      return { box: bw, charX, rubyX: [(bw - rw) / 2], overL: 0, overR: 0 };
    }
    const excess = rw - bw;
    let overL = 0;
    let overR = 0;
    if (allowL && allowR) overL = overR = Math.min(excess / 2, em);
    else if (allowL) overL = Math.min(excess, em);
    else if (allowR) overR = Math.min(excess, em);
    const spread = excess - overL - overR;
    // 1:2:1 — half a unit before the first character and after the last, a unit between them; on a
    // line edge the base sits on the edge and that end's half unit goes to the other end
    const s = n > 0 ? spread / n : 0;
    let lead = s / 2;
    if (edgeL && !edgeR) lead = 0;
    else if (edgeR && !edgeL) lead = s;
    else if (edgeL && edgeR) lead = 0;
    const between = edgeL && edgeR && n > 1 ? spread / (n - 1) : s;
    const charX: number[] = [];
    let x = lead;
    for (const c of r.chars) {
      charX.push(x);
      x += c.w + between;
    }
    return { box: bw + spread, charX, rubyX: [-overL], overL, overR };
  }
  // mono ruby: each reading centred over its character; a character whose reading is wider gets room on
  // both sides, except what the outer readings may hang over the neighbours
  const ex = r.chars.map((c, i) => Math.max(0, (r.readingW[i] ?? 0) - c.w));
  const overL = allowL ? Math.min((ex[0] ?? 0) / 2, em) : 0;
  const overR = allowR ? Math.min((ex[n - 1] ?? 0) / 2, em) : 0;
  const charX: number[] = [];
  const rubyX: number[] = [];
  let x = 0;
  r.chars.forEach((c, i) => {
    const e = ex[i] ?? 0;
    const rw = r.readingW[i] ?? 0;
    let left = e / 2 - (i === 0 ? overL : 0);
    let right = e / 2 - (i === n - 1 ? overR : 0);
    // on a line edge the character sits on the edge and its reading starts (ends) there, JLREQ's
    // alignment at the line head (end): all the character's room goes to the inner side
    let align: 'centre' | 'start' | 'end' = 'centre';
    if (e > 0 && i === 0 && edgeL) {
      right += left;
      left = 0;
      align = 'start';
    } else if (e > 0 && i === n - 1 && edgeR) {
      left += right;
      right = 0;
      align = 'end';
    }
    const cx = x + left;
    charX.push(cx);
    rubyX.push(align === 'start' ? cx : align === 'end' ? cx + c.w - rw : cx + c.w / 2 - rw / 2);
    x = cx + c.w + right;
  });
  return { box: x, charX, rubyX, overL, overR };
}
