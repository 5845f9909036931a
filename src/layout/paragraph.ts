/**
 * layoutParagraph: styled runs + measure → justified lines of positioned glyph strings (issue 3, W3C clreq).
 *
 * 1. atoms.ts cuts the text into atoms with tailored UAX #14 break opportunities (kinsoku applied).
 * 2. Between two atoms there is a natural gap: ¼ em between a CJK letter and a Western letter/digit,
 *    −½ em between two adjacent marks when one of the facing halves is blank (。」 ）， 。《 take 1.5 em,
 *    and 》, with an ASCII mark used as CJK punctuation), else 0. Nothing is inserted into the text:
 *    gaps are x offsets.
 * 3. Lines are chosen by total-fit dynamic programming over the break opportunities (Knuth–Plass style):
 *    a justified line first squeezes (a full-width closing mark at its end is set half width — its box
 *    sticks out ½ em, its ink stays inside; inside the line ¼ em gaps may shrink to ⅛ em and full-width
 *    marks other than 。！？ by ½ em), then stretches every stretchable gap evenly. A line that would need
 *    more than maxStretchPerGap, or more squeeze than there is, costs so much that other breaks win
 *    ("re-break" by pulling characters down or up). A last line holding a single character (closing
 *    punctuation not counted, 孤字) is ruled out the same way, so a character comes down from above.
 * 4. Each line becomes Glyphs items: runs of single-code-point atoms that share one gap are drawn as one
 *    string with pdfkit characterSpacing = that gap; multi-character atoms (words, numbers, ——, ……) and
 *    the last atom of a line get characterSpacing 0, so no stretch goes inside a word or a number and
 *    the trailing characterSpacing pdfkit adds after the last glyph never pushes the line past the measure.
 */
import { atomize, Brk, measure, splitWideAtoms, type Atom } from './atoms.ts';
import { isNoInlineSqueeze, isWesternAlnum, isWidowIgnored } from './chars.ts';
import { isKana, placeRuby, type RubyPlacement } from './ruby.ts';
import type { Glyphs, Line, ParagraphStyle, RubyGlyphs, StyledRun } from './types.ts';

const EPS = 1e-6;

/** Cost weights of the line breaker (demerits as in TeX: (linePenalty + badness)² + penalties). */
const LINE_PENALTY = 10;
const PENALTY_WESTERN_BREAK = 3000;
const PENALTY_EMERGENCY = 1e7; // splitting a word wider than the measure
const PENALTY_LAST_RESORT = 1e20; // a kinsoku break: above a lone character and any loose line, below an overfull line
const COST_LOOSE = 1e5; // per unit of stretch ratio beyond the limit
const COST_OVERFULL = 1e13; // worse than any loose line
const COST_LONE_CHAR = 1e9;

const ASCII_PUNCT = new Set(Array.from(',.:;?!()', (c) => c.charCodeAt(0)));
const isAsciiPunct = (cp: number): boolean => ASCII_PUNCT.has(cp);

interface Prepared {
  atoms: Atom[];
  brk: Uint8Array;
  n: number;
  /** prefix sums: A widths, G gaps, S stretchable gaps, Q shrink of ¼ em gaps, P punctuation shrink */
  A: Float64Array;
  G: Float64Array;
  S: Float64Array;
  Q: Float64Array;
  P: Float64Array;
  gap: Float64Array;
  stretchable: Uint8Array;
  shrinkQ: Float64Array;
  /** per atom: ½ em a full-width mark may give up inside a line; which side */
  ps: Float64Array;
  psClose: Uint8Array;
  psOpen: Uint8Array;
  /** trimEnd[j]: end of the visible line content when a line ends before atom j */
  trimEnd: Int32Array;
  /** first atom index i such that a last line [i, n) counts at most one character (孤字) */
  loneFrom: number;
  /** paragraphs with ruby only (none: no cost for the others) */
  ruby?: RubyEdges;
  /** ParagraphStyle.endSqueeze === false */
  noEndSqueeze?: true;
}

/**
 * A ruby atom takes more room on a line's edge, where its reading has no neighbour to overhang (ruby.ts):
 * what it adds when it starts a line, ends one, or is alone on one. `maxStart`: the largest `start`.
 */
interface RubyEdges {
  start: Float64Array;
  end: Float64Array;
  both: Float64Array;
  maxStart: number;
  /** per atom: whether its neighbours let its reading overhang them (left, right) */
  allowL: Uint8Array;
  allowR: Uint8Array;
}

/** Whether a ruby reading may hang over this neighbour: a kana or a punctuation mark, not itself a ruby base. */
const overhangable = (a: Atom | undefined, cp: number): boolean => a !== undefined && !a.ruby && (a.kind === 'punct' || isKana(cp));

/** Sets each ruby atom's width (its placement in the middle of a line) and what it adds on a line's edge. */
function rubyEdges(atoms: Atom[]): RubyEdges | undefined {
  if (!atoms.some((a) => a.ruby)) return undefined;
  const n = atoms.length;
  const e: RubyEdges = {
    start: new Float64Array(n),
    end: new Float64Array(n),
    both: new Float64Array(n),
    maxStart: 0,
    allowL: new Uint8Array(n),
    allowR: new Uint8Array(n),
  };
  atoms.forEach((a, k) => {
    if (!a.ruby) return;
    const prev = atoms[k - 1];
    const next = atoms[k + 1];
    const l = overhangable(prev, prev?.last ?? 0);
    const r = overhangable(next, next?.first ?? 0);
    e.allowL[k] = l ? 1 : 0;
    e.allowR[k] = r ? 1 : 0;
    const mid = placeRuby(a.ruby, l, r).box;
    a.w = mid;
    e.start[k] = placeRuby(a.ruby, false, r, true, false).box - mid;
    e.end[k] = placeRuby(a.ruby, l, false, false, true).box - mid;
    e.both[k] = placeRuby(a.ruby, false, false, true, true).box - mid;
    e.maxStart = Math.max(e.maxStart, e.start[k] ?? 0);
  });
  return e;
}

/** What ruby atoms on the edges add to a line [i, last]. */
function edgeExtra(e: RubyEdges | undefined, i: number, last: number): number {
  if (!e || last < i) return 0;
  return i === last ? (e.both[i] ?? 0) : (e.start[i] ?? 0) + (e.end[last] ?? 0);
}

function prepare(runs: StyledRun[], style: ParagraphStyle): Prepared {
  let az = atomize(runs, style.wordBreak === 'keep-all');
  az = splitWideAtoms(az, runs, Math.max(1, style.width), Math.max(1, style.width - style.firstIndent));
  const { atoms, brk } = az;
  const n = atoms.length;
  const ruby = rubyEdges(atoms);
  const gap = new Float64Array(n);
  const stretchable = new Uint8Array(n);
  const shrinkQ = new Float64Array(n);
  const pairSq = new Uint8Array(n);
  for (let k = 1; k < n; k++) {
    const a = atoms[k - 1] as Atom;
    const b = atoms[k] as Atom;
    let g = 0;
    const aCjk = a.kind === 'cjk';
    const bCjk = b.kind === 'cjk';
    if (!b.attach && ((aCjk && isWesternAlnum(b.first)) || (isWesternAlnum(a.last) && bCjk))) {
      const em = aCjk ? a.em : b.em;
      g += 0.25 * em;
      shrinkQ[k] = 0.125 * em;
    }
    // A blank half facing another mark is removed: between two full-width marks, and between a full-width
    // closing mark and a following ASCII , . : ; ? ! ( ) used as CJK punctuation (》, → like 》，).
    // Not ,《: the narrow ASCII mark leaves little space already, and 《 would start before the comma
    // (its box would precede it, which scrambles text extraction order).
    const aFw = a.fwClose || a.fwOpen;
    const bFw = b.fwClose || b.fwOpen;
    if ((a.fwClose && (bFw || isAsciiPunct(b.first))) || (b.fwOpen && aFw)) {
      g -= 0.5 * (a.fwClose ? a.em : b.em);
      pairSq[k] = 1;
    }
    gap[k] = g;
    stretchable[k] = a.kind === 'west' && b.kind === 'west' ? 0 : 1;
  }
  const ps = new Float64Array(n);
  const psClose = new Uint8Array(n);
  const psOpen = new Uint8Array(n);
  for (let k = 0; k < n; k++) {
    const a = atoms[k] as Atom;
    if (isNoInlineSqueeze(a.first)) continue;
    if (a.fwClose && !(pairSq[k + 1] ?? 0) && !pairSq[k]) {
      ps[k] = 0.5 * a.em;
      psClose[k] = 1;
    } else if (a.fwOpen && !pairSq[k] && !(pairSq[k + 1] ?? 0) && k > 0 && (atoms[k - 1] as Atom).w >= 0.9 * a.em) {
      // (only after a full-width neighbour: after a space or a Latin letter the bracket's box would
      // start before its neighbour's, which scrambles text extraction order)
      ps[k] = 0.5 * a.em;
      psOpen[k] = 1;
    }
  }
  const A = new Float64Array(n + 1);
  const G = new Float64Array(n + 1);
  const S = new Float64Array(n + 1);
  const Q = new Float64Array(n + 1);
  const P = new Float64Array(n + 1);
  for (let k = 0; k < n; k++) {
    A[k + 1] = (A[k] ?? 0) + (atoms[k] as Atom).w;
    P[k + 1] = (P[k] ?? 0) + (ps[k] ?? 0);
  }
  // G[k] = sum of gap[1..k]
  for (let k = 1; k < n; k++) {
    G[k] = (G[k - 1] ?? 0) + (gap[k] ?? 0);
    S[k] = (S[k - 1] ?? 0) + (stretchable[k] ?? 0);
    Q[k] = (Q[k - 1] ?? 0) + (shrinkQ[k] ?? 0);
  }
  const trimEnd = new Int32Array(n + 1);
  for (let j = 0; j <= n; j++) {
    let e = j;
    while (e > 0 && (atoms[e - 1] as Atom).droppable) e--;
    trimEnd[j] = e;
  }
  // 孤字: strip trailing closing punctuation and spaces, then count code points back from the end
  let loneFrom = n;
  {
    let k = n - 1;
    while (k >= 0 && isWidowIgnored((atoms[k] as Atom).first) && (atoms[k] as Atom).cps === 1) k--;
    let count = 0;
    for (; k >= 0; k--) {
      count += (atoms[k] as Atom).cps;
      if (count > 1) break;
      loneFrom = k;
    }
    if (k < 0) loneFrom = 0;
  }
  return {
    atoms,
    brk,
    n,
    A,
    G,
    S,
    Q,
    P,
    gap,
    stretchable,
    shrinkQ,
    ps,
    psClose,
    psOpen,
    trimEnd,
    loneFrom,
    ...(ruby ? { ruby } : {}),
    ...(style.endSqueeze === false ? { noEndSqueeze: true as const } : {}),
  };
}

interface LineMetrics {
  /** visible end (exclusive) after dropping line-final spaces */
  e: number;
  natural: number;
  /** ½ em when the last atom is a full-width closing mark set half width */
  endSq: number;
  shrink: number;
  gaps: number;
}

function metrics(p: Prepared, i: number, j: number, indent: number, endSqueeze: boolean): LineMetrics {
  const e = p.trimEnd[j] ?? j;
  if (e <= i) return { e: i, natural: indent, endSq: 0, shrink: 0, gaps: 0 };
  const last = e - 1;
  const lastAtom = p.atoms[last] as Atom;
  const endSq = endSqueeze && !p.noEndSqueeze && lastAtom.fwClose ? 0.5 * lastAtom.em : 0;
  const natural = (p.A[e] ?? 0) - (p.A[i] ?? 0) + (p.G[last] ?? 0) - (p.G[i] ?? 0) + indent - endSq + edgeExtra(p.ruby, i, last);
  const shrink =
    (p.Q[last] ?? 0) - (p.Q[i] ?? 0) + (p.P[e] ?? 0) - (p.P[i] ?? 0) - (p.psClose[last] ? (p.ps[last] ?? 0) : 0) - (p.psOpen[i] ? (p.ps[i] ?? 0) : 0);
  const gaps = (p.S[last] ?? 0) - (p.S[i] ?? 0);
  return { e, natural, endSq, shrink, gaps };
}

/**
 * Badness of a line from its measurements (see metrics()): 0–100 for a good line, COST_LOOSE… for a line
 * that needs more than maxStretch per gap, COST_OVERFULL… for one that cannot be squeezed into the measure.
 */
function badness(natural: number, shrink: number, gaps: number, W: number, justify: boolean, isLast: boolean, maxStretch: number): number {
  if (natural > W + EPS) {
    const d = natural - W;
    if (d <= shrink + EPS) {
      const r = shrink > 0 ? d / shrink : 0;
      return 100 * r * r * r + 1;
    }
    return COST_OVERFULL + (1e4 * (d - shrink)) / W;
  }
  if (justify) {
    const d = W - natural;
    if (d <= EPS) return 0;
    if (gaps > 0) {
      const r = d / gaps / maxStretch;
      return r <= 1 ? 100 * r * r * r : COST_LOOSE * r * r;
    }
    // nothing to stretch between (one word, one character): worse than any line with a gap
    const r = (2 * d) / maxStretch;
    return COST_LOOSE * (1 + r * r);
  }
  if (!isLast) {
    // unjustified (heading) lines: prefer even lengths
    const r = (W - natural) / W;
    return 100 * r * r;
  }
  return 0;
}

/** Lay out one paragraph. Deterministic; lines are returned top to bottom. */
export function layoutParagraph(runs: StyledRun[], style: ParagraphStyle): Line[] {
  const nonEmpty = runs.filter((r) => r.text.length > 0);
  if (nonEmpty.length === 0) return [];
  const first = nonEmpty[0] as StyledRun;
  const maxStretch = style.maxStretchPerGap ?? 0.2 * first.size;
  const p = prepare(nonEmpty, style);
  const { n, brk, atoms, A, G, S, Q, P, ps, psClose, psOpen, trimEnd, loneFrom, ruby } = p;
  if (n === 0) return [];

  // breakpoints: 0, after every atom with a break opportunity, n
  const bp: number[] = [0];
  for (let k = 0; k < n - 1; k++) if ((brk[k] ?? 0) > 0) bp.push(k + 1);
  bp.push(n);
  const forced = (pos: number): boolean => pos > 0 && pos < n && brk[pos - 1] === Brk.Forced;
  const m = bp.length;
  const best = new Float64Array(m).fill(Infinity);
  const prev = new Int32Array(m).fill(-1);
  best[0] = 0;
  const W = style.width;
  const indent0 = style.firstIndent;

  let rMin = 0; // the scan never goes back past a required break
  for (let q = 1; q < m; q++) {
    if (forced(bp[q - 1]!)) rMin = q - 1;
    const j = bp[q] ?? n;
    const isEnd = j === n || forced(j);
    const justify = style.justify && !isEnd;
    const penalty =
      j === n
        ? 0
        : brk[j - 1] === Brk.Western
          ? PENALTY_WESTERN_BREAK
          : brk[j - 1] === Brk.Emergency
            ? PENALTY_EMERGENCY
            : brk[j - 1] === Brk.LastResort
              ? PENALTY_LAST_RESORT
              : 0;
    // the parts of the line measurements that depend on the end only
    const e = trimEnd[j] ?? j;
    const last = e - 1;
    const lastAtom = atoms[last];
    const halfEnd = lastAtom && lastAtom.fwClose && !p.noEndSqueeze ? 0.5 * lastAtom.em : 0;
    const endSq = justify ? halfEnd : 0;
    const Ae = A[e] ?? 0;
    const Gl = last >= 0 ? (G[last] ?? 0) : 0;
    const Sl = last >= 0 ? (S[last] ?? 0) : 0;
    const Ql = last >= 0 ? (Q[last] ?? 0) : 0;
    const Pe = (P[e] ?? 0) - (last >= 0 && psClose[last] ? (ps[last] ?? 0) : 0);
    // ruby atoms on the line's edges (none in most paragraphs): the end's share is known here, the start's
    // depends on the start (bounded by maxStart where a bound is enough)
    const rubyEnd = ruby && last >= 0 ? (ruby.end[last] ?? 0) : 0;
    const rubyBound = ruby ? ruby.maxStart + Math.max(0, (ruby.both[last] ?? 0) - (ruby.end[last] ?? 0)) : 0;
    let found = false; // a candidate that is neither too loose nor overfull
    let pendingLoose = -1; // the tightest too-loose candidate seen so far (a fallback)
    let bestQ = Infinity;
    let prevQ = -1;

    // Lines get longer as r goes down. For a justified line, skip the too-loose ones between the
    // nearest break (always a candidate) and the tightest too-loose one (binary search: the stretchable
    // length natural + maxStretch × gaps only grows as the start moves back).
    let rFrom = q - 1;
    if (justify && q - 2 > rMin) {
      const stretchable = (r: number): number => {
        const i = bp[r]!;
        if (e <= i) return i === 0 ? indent0 : 0;
        return Ae - A[i]! + Gl - G[i]! + (i === 0 ? indent0 : 0) - endSq + maxStretch * (Sl - S[i]!) + rubyEnd + rubyBound;
      };
      if (stretchable(q - 2) < W - EPS) {
        let lo = rMin; // lowest start allowed
        let hi = q - 2; // too loose
        if (stretchable(lo) < W - EPS) hi = lo;
        else {
          while (hi - lo > 1) {
            const mid = (lo + hi) >> 1;
            if (stretchable(mid) < W - EPS) hi = mid;
            else lo = mid;
          }
        }
        // hi: the tightest too-loose start; scan from it (it becomes the pending fallback)
        if (hi < q - 1) rFrom = hi + 1;
      }
    }
    for (let r = q - 1; r >= -1; r = r === q - 1 && rFrom < q - 1 ? rFrom - 1 : r - 1) {
      // r = -1: flush the pending too-loose candidate once the scan is over
      let cand = -1;
      let natural = 0;
      let shrink = 0;
      let gaps = 0;
      let stop = false;
      if (r >= 0) {
        const i = bp[r]!;
        if (e <= i) natural = i === 0 ? indent0 : 0;
        else {
          natural = Ae - A[i]! + Gl - G[i]! + (i === 0 ? indent0 : 0) - endSq;
          if (ruby) natural += edgeExtra(ruby, i, last);
          shrink = Ql - Q[i]! + Pe - P[i]! - (psOpen[i] ? ps[i]! : 0);
          gaps = Sl - S[i]!;
          // a line set flush left may still set a final closing mark half width if that makes it fit
          if (!justify && natural > W + EPS && halfEnd > 0) natural -= halfEnd;
        }
        const overfull = natural - shrink > W + EPS;
        const loose = justify && natural + maxStretch * gaps < W - EPS;
        stop = overfull || (i > 0 && i < n && brk[i - 1] === Brk.Forced);
        if (r === q - 1) {
          cand = r; // the nearest break: always a candidate, as a fallback
          if (!loose && !overfull) found = true;
        } else if (loose) {
          pendingLoose = r;
        } else {
          if (!overfull || !found) cand = r;
          if (!overfull) found = true;
        }
      }
      // evaluate the pending too-loose candidate before the first tighter one (or at the end)
      if (pendingLoose >= 0 && (r < 0 || stop || (cand >= 0 && cand !== pendingLoose))) {
        const pi = bp[pendingLoose]!;
        const mm = metrics(p, pi, j, pi === 0 ? indent0 : 0, justify);
        const b = best[pendingLoose]!;
        if (b < Infinity) {
          const bad = badness(mm.natural, mm.shrink, mm.gaps, W, justify, isEnd, maxStretch);
          const dem = (LINE_PENALTY + bad) * (LINE_PENALTY + bad) + penalty;
          if (b + dem < bestQ) {
            bestQ = b + dem;
            prevQ = pendingLoose;
          }
        }
        pendingLoose = -1;
      }
      if (cand >= 0) {
        const b = best[cand]!;
        const i = bp[cand]!;
        if (b < Infinity) {
          let bad = badness(natural, shrink, gaps, W, justify, isEnd, maxStretch);
          if (j === n && i > 0 && i >= loneFrom) bad += COST_LONE_CHAR;
          const dem = (LINE_PENALTY + bad) * (LINE_PENALTY + bad) + penalty;
          if (b + dem < bestQ) {
            bestQ = b + dem;
            prevQ = cand;
          }
        }
      }
      if (r < 0) break;
      if (stop) r = 0; // next iteration flushes the pending candidate and ends
    }
    best[q] = bestQ;
    prev[q] = prevQ;
  }
  // backtrack
  const ends: number[] = [];
  for (let q = m - 1; q > 0; q = prev[q] ?? 0) {
    ends.push(q);
    if ((prev[q] ?? -1) < 0) throw new Error('layout: no path through the paragraph');
  }
  ends.reverse();
  const lines: Line[] = [];
  let r0 = 0;
  for (const q of ends) {
    const i = bp[r0] ?? 0;
    const j = bp[q] ?? n;
    const last = j === n;
    lines.push(buildLine(p, nonEmpty, style, i, j, last, last || forced(j)));
    r0 = q;
  }
  return lines;
}

function buildLine(p: Prepared, runs: StyledRun[], style: ParagraphStyle, i: number, j: number, last: boolean, flushLeft: boolean): Line {
  const W = style.width;
  const indent = i === 0 ? style.firstIndent : 0;
  const justify = style.justify && !flushLeft;
  let m = metrics(p, i, j, indent, justify);
  if (!justify && m.natural > W + EPS) {
    const sq = metrics(p, i, j, indent, true);
    if (sq.endSq > 0) m = sq;
  }
  const e = m.e;
  const cnt = e - i;
  if (cnt <= 0) return { items: [], width: indent, last, justified: false, endOverhang: 0, stretch: 0, squeeze: 0 };
  // gaps actually used inside the line: g[k] for k = i+1 .. e-1
  const g = new Float64Array(cnt);
  for (let k = i + 1; k < e; k++) g[k - i] = p.gap[k] ?? 0;
  let stretch = 0;
  let squeeze = 0;
  if (m.natural > W + EPS && m.shrink > 0) {
    const rho = Math.min(1, (m.natural - W) / m.shrink);
    for (let k = i + 1; k < e; k++) {
      let s = p.shrinkQ[k] ?? 0;
      if (p.psClose[k - 1]) s += p.ps[k - 1] ?? 0;
      if (p.psOpen[k] && k !== i) s += p.ps[k] ?? 0;
      g[k - i] = (g[k - i] ?? 0) - rho * s;
      squeeze += rho * s;
    }
  } else if (justify && m.natural < W - EPS) {
    const d = W - m.natural;
    if (m.gaps > 0) {
      stretch = d / m.gaps;
      for (let k = i + 1; k < e; k++) if (p.stretchable[k]) g[k - i] = (g[k - i] ?? 0) + stretch;
    } else if (cnt > 1) {
      stretch = d / (cnt - 1);
      for (let k = i + 1; k < e; k++) g[k - i] = (g[k - i] ?? 0) + stretch;
    } else {
      const a = p.atoms[i] as Atom;
      if (a.cps > 1 && !a.ruby) return letterSpacedLine(a, runs[a.run] as StyledRun, indent, W, last);
    }
  }
  // x positions (a ruby atom on the line's edge takes the room its reading needs there)
  const x = new Float64Array(cnt);
  x[0] = indent;
  const wOf = (k: number): number => {
    const w = (p.atoms[k] as Atom).w;
    if (!p.ruby) return w;
    if (k === i) return w + (k === e - 1 ? (p.ruby.both[k] ?? 0) : (p.ruby.start[k] ?? 0));
    return k === e - 1 ? w + (p.ruby.end[k] ?? 0) : w;
  };
  for (let k = i + 1; k < e; k++) x[k - i] = (x[k - i - 1] ?? 0) + wOf(k - 1) + (g[k - i] ?? 0);

  const items: Glyphs[] = [];
  const groupable = (a: Atom): boolean => a.cps === 1 && a.kind !== 'space' && !a.ruby;
  let k = i;
  while (k < e) {
    const a = p.atoms[k] as Atom;
    const run = runs[a.run] as StyledRun;
    if (a.ruby && p.ruby) {
      const edgeL = k === i;
      const edgeR = k === e - 1;
      const place = placeRuby(a.ruby, !edgeL && p.ruby.allowL[k] === 1, !edgeR && p.ruby.allowR[k] === 1, edgeL, edgeR);
      items.push(...rubyItems(a, runs, place, x[k - i] ?? 0));
      k++;
      continue;
    }
    let end = k + 1;
    let cs = 0;
    // Extend with following atoms that sit one common gap apart: that gap becomes the item's
    // characterSpacing. Only plain gaps (no ¼ em, no punctuation squeeze) are shared, and a non-zero
    // spacing never reaches the line's last atom (pdfkit would add it after the last glyph too).
    const joinable = (t: number): boolean => {
      const b = p.atoms[t] as Atom;
      const before = p.atoms[t - 1] as Atom;
      return groupable(b) && b.run === a.run && Math.abs(p.gap[t] ?? 0) <= EPS && !(before.kind === 'west' && b.kind === 'west');
    };
    if (groupable(a) && k + 1 < e && joinable(k + 1)) {
      const gap0 = g[k + 1 - i] ?? 0;
      if (gap0 >= -EPS && (k + 1 < e - 1 || Math.abs(gap0) <= EPS)) {
        cs = gap0;
        end = k + 2;
        while (end < e && joinable(end) && Math.abs((g[end - i] ?? 0) - cs) <= EPS) {
          if (end === e - 1 && Math.abs(cs) > EPS) break;
          end++;
        }
      }
    }
    let text = '';
    let wsum = 0;
    let cpsum = 0;
    for (let t = k; t < end; t++) {
      const at = p.atoms[t] as Atom;
      text += at.text;
      wsum += at.w;
      cpsum += at.cps;
    }
    if (Math.abs(cs) < 1e-9) cs = 0;
    const item: Glyphs = {
      text,
      x: x[k - i] ?? 0,
      fontKey: run.fontKey,
      size: run.size,
      charSpacing: cs,
      // grouped atoms are single CJK characters/marks (no kerning between them), so the sum is exact
      width: wsum + cs * cpsum,
    };
    if (run.link !== undefined) item.link = run.link;
    items.push(item);
    k = end;
  }
  const lastItem = items[items.length - 1] as Glyphs;
  const right = lastItem.x + lastItem.width;
  return {
    items,
    width: right,
    last,
    justified: justify,
    endOverhang: m.endSq,
    stretch,
    squeeze,
  };
}

/** A ruby base's characters, each drawn where its placement puts it, the readings on the last of them. */
function rubyItems(a: Atom, runs: StyledRun[], place: RubyPlacement, x0: number): Glyphs[] {
  const r = a.ruby;
  if (!r) return [];
  const items: Glyphs[] = r.chars.map((c, ci) => {
    const run = runs[c.run] as StyledRun;
    const item: Glyphs = { text: c.text, x: x0 + (place.charX[ci] ?? 0), fontKey: run.fontKey, size: run.size, charSpacing: 0, width: c.w };
    if (run.link !== undefined) item.link = run.link;
    return item;
  });
  const ruby: RubyGlyphs[] = [];
  r.ann.readings.forEach((pieces, ri) => {
    let rx = x0 + (place.rubyX[ri] ?? 0);
    for (const piece of pieces) {
      const w = measure(piece.font, piece.text, r.ann.size);
      if (piece.text) ruby.push({ text: piece.text, x: rx, fontKey: piece.fontKey, size: r.ann.size, width: w });
      rx += w;
    }
  });
  const lastItem = items[items.length - 1];
  if (lastItem && ruby.length > 0) lastItem.ruby = ruby;
  return items;
}

/**
 * A justified line holding one word and nothing else: letter-space the word, with its last character
 * drawn separately so that the ink (not just pdfkit's trailing characterSpacing) ends at the measure.
 */
function letterSpacedLine(a: Atom, run: StyledRun, indent: number, W: number, last: boolean): Line {
  const chars = Array.from(a.text);
  const lastCh = chars.pop() ?? '';
  const head = chars.join('');
  const wHead = measure(run.font, head, run.size);
  const wLast = measure(run.font, lastCh, run.size);
  const cs = Math.max(0, (W - indent - wHead - wLast) / chars.length);
  const base = { fontKey: run.fontKey, size: run.size, ...(run.link !== undefined ? { link: run.link } : {}) };
  const items: Glyphs[] = [
    { ...base, text: head, x: indent, charSpacing: cs, width: wHead + cs * chars.length },
    { ...base, text: lastCh, x: indent + wHead + cs * chars.length, charSpacing: 0, width: wLast },
  ];
  const lastItem = items[1] as Glyphs;
  return { items, width: lastItem.x + wLast, last, justified: true, endOverhang: 0, stretch: cs, squeeze: 0 };
}
