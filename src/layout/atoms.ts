/**
 * Paragraph text → atoms (the units lines are made of) and the break opportunities between them.
 *
 * Break opportunities: UAX #14 (the `linebreak` package, Unicode 13) tailored for Chinese by clreq:
 *  - removed: before a line-start-prohibited mark (、，。：；！？）》」』 ’” ,.:;?!) · —— …… …),
 *    after a line-end-prohibited mark (（《「『【〔 ‘“ ( …), and inside a run of —— or ……;
 *  - added: before ‘“ and after ’” (UAX #14 of Unicode 13 never breaks around quotation marks),
 *    and after an ASCII , ; : ! ? that follows a CJK character (it is CJK punctuation there, so
 *    "日,JD.com" may break after the comma; "1,000", "e.g." and "http://" keep UAX #14's answer);
 *  - inside a URL, the URL's own break points instead (after "/", before "?" "&" "." "#" …: urls.ts).
 * An atom is one CJK character or mark (with any attached combining marks), one space, a run of the
 * same dash/ellipsis character, or a run of Western characters with no break opportunity inside
 * (912.7, 30-50%), JD.com, "(jacquelyn", "www.stocksun.net/"): atoms are measured whole (kerning) and
 * never split, except that an atom wider than the measure is split by code point as an emergency.
 */
// @ts-expect-error linebreak ships no type declarations; the constructor is typed below
import LineBreakerModule from 'linebreak';
import type { FontMetrics, StyledRun } from './types.ts';
import { isAttached, isCjkLetter, isCjkPunct, isCloseMark, isDashOrEllipsis, isDroppableAtLineEnd, isNoEnd, isNoStart, isOpenMark, isSpace } from './chars.ts';
import { urlBreaks } from './urls.ts';

interface LBBreak {
  position: number;
  required: boolean;
}
type LineBreakerCtor = new (text: string) => { nextBreak(): LBBreak | null };
// the ES module, the copy pdfkit imports too: one copy of its Unicode tables is loaded, not two
const LineBreaker = LineBreakerModule as LineBreakerCtor;

export type AtomKind = 'cjk' | 'punct' | 'west' | 'space';

export interface Atom {
  text: string;
  /** code-unit offsets into the paragraph text */
  start: number;
  end: number;
  run: number;
  kind: AtomKind;
  /** code points */
  cps: number;
  first: number;
  last: number;
  /** natural advance, pt */
  w: number;
  /** font size of the atom's run: 1 em, pt */
  em: number;
  /** a full-width closing mark (ink in the left half; the right half may be squeezed) */
  fwClose: boolean;
  /** a full-width opening mark (ink in the right half; the left half may be squeezed) */
  fwOpen: boolean;
  /** may be left out when it ends a line (ASCII space, newline) */
  droppable: boolean;
  /** first atom of a run that sticks to the text before it (StyledRun.attach) */
  attach: boolean;
}

/** What may happen after an atom (break classes). */
export const Brk = {
  None: 0,
  /** ordinary break opportunity */
  Normal: 1,
  /** inside Western text (after a hyphen, inside a URL after "/"): allowed but penalised */
  Western: 2,
  /** emergency break inside an atom wider than the measure */
  Emergency: 3,
  /** required break (newline in the text) */
  Forced: 4,
  /** no opportunity (kinsoku, "日,"): taken only when every other choice leaves a line overfull */
  LastResort: 5,
} as const;

export interface Atomized {
  text: string;
  atoms: Atom[];
  /** brk[k]: break class between atom k and atom k+1 (the last entry is unused) */
  brk: Uint8Array;
}

// ---------------------------------------------------------------- measuring (cached per font object)
/**
 * Widths of one font at one size: by code unit for one-unit strings (most atoms of a CJK text: a novel
 * measures a million of them), else by string.
 */
interface Widths {
  font: FontMetrics;
  size: number;
  /** NaN: not measured yet */
  units: Float64Array;
  strings: Map<string, number>;
}
const widthCache = new WeakMap<FontMetrics, Map<number, Widths>>();

function widthsOf(font: FontMetrics, size: number): Widths {
  let bySize = widthCache.get(font);
  if (!bySize) widthCache.set(font, (bySize = new Map()));
  let w = bySize.get(size);
  if (!w) bySize.set(size, (w = { font, size, units: new Float64Array(0x10000).fill(Number.NaN), strings: new Map() }));
  return w;
}

function measureIn(c: Widths, text: string): number {
  if (text.length === 1) {
    const u = text.charCodeAt(0);
    let w = c.units[u] as number;
    if (Number.isNaN(w)) c.units[u] = w = c.font.advance(text, c.size);
    return w;
  }
  let w = c.strings.get(text);
  if (w === undefined) {
    w = c.font.advance(text, c.size);
    c.strings.set(text, w);
  }
  return w;
}

export function measure(font: FontMetrics, text: string, size: number): number {
  return measureIn(widthsOf(font, size), text);
}

function kindOf(cp: number): AtomKind {
  if (isSpace(cp)) return 'space';
  if (isCjkLetter(cp)) return 'cjk';
  if (isCjkPunct(cp)) return 'punct';
  return 'west';
}

const OPEN_QUOTES = new Set([0x2018, 0x201c]);
const CLOSE_QUOTES = new Set([0x2019, 0x201d]);
const ASCII_PAUSE = new Set([0x2c, 0x3b, 0x3a, 0x21, 0x3f]); // , ; : ! ?

/** Break opportunities between code points: result[t] = class of a break before code point t. */
export function breakOpportunities(cp: number[], off: number[], text: string, keepAll = false): Uint8Array {
  const n = cp.length;
  const res = new Uint8Array(n + 1);
  // UAX #14's breaks by code-unit offset: 1 allowed, 2 required (a typed array: a novel has a million)
  const uax = new Uint8Array(text.length + 1);
  const lb = new LineBreaker(text);
  for (let b = lb.nextBreak(); b; b = lb.nextBreak()) uax[b.position] = b.required ? 2 : 1;
  const url = urlBreaks(text, cp, off);
  for (let t = 1; t < n; t++) {
    const a = cp[t - 1] ?? 0;
    const b = cp[t] ?? 0;
    const pos = off[t] ?? 0;
    if (isAttached(b)) continue;
    if (uax[pos] === 2) {
      res[t] = Brk.Forced;
      continue;
    }
    // inside a URL its own break points replace UAX #14 and kinsoku (src/layout/urls.ts)
    const inUrl = url.get(t);
    if (inUrl !== undefined) {
      if (inUrl) res[t] = Brk.Normal;
      continue;
    }
    let ok = uax[pos] !== 0;
    if (!ok) {
      if (OPEN_QUOTES.has(b) && !isSpace(a)) ok = true;
      else if (CLOSE_QUOTES.has(a)) ok = true;
      else if (ASCII_PAUSE.has(a) && t >= 2) {
        const c = cp[t - 2] ?? 0;
        if (isCjkLetter(c) || isCjkPunct(c)) ok = !isSpace(b);
      }
    }
    // kinsoku; and a line never starts with a space (UAX #14 breaks after spaces, not before them)
    if (ok && (isNoStart(b) || isNoEnd(a) || isSpace(b))) ok = false;
    // keep-all: words of CJK letters (Korean) break only where UAX #14 finds a space or punctuation
    if (ok && keepAll && isCjkLetter(a) && isCjkLetter(b)) ok = false;
    if (ok) res[t] = Brk.Normal;
  }
  return res;
}

/** Split the paragraph into atoms, measured with their run's font. */
export function atomize(runs: StyledRun[], keepAll = false): Atomized {
  const text = runs.map((r) => r.text).join('');
  const cp: number[] = [];
  const off: number[] = [];
  const runOf: number[] = [];
  let o = 0;
  runs.forEach((r, ri) => {
    // by code point, as for…of would, without a string per character
    const t = r.text;
    for (let i = 0; i < t.length; ) {
      const c = t.codePointAt(i) as number;
      cp.push(c);
      off.push(o + i);
      runOf.push(ri);
      i += c > 0xffff ? 2 : 1;
    }
    o += t.length;
  });
  off.push(o);
  const n = cp.length;
  const before = breakOpportunities(cp, off, text, keepAll);

  const atoms: Atom[] = [];
  const brkList: number[] = [];
  const widths = runs.map((r) => widthsOf(r.font, r.size));
  let s = 0;
  for (let t = 1; t <= n; t++) {
    let boundary = t === n;
    if (!boundary) {
      const a = cp[t - 1] ?? 0;
      const b = cp[t] ?? 0;
      if ((before[t] ?? 0) > 0 || runOf[t] !== runOf[t - 1]) boundary = true;
      else if (isAttached(b)) boundary = false;
      else if (isDashOrEllipsis(a) && b === a) boundary = false;
      else {
        const ka = kindOf(a);
        const kb = kindOf(b);
        // under keep-all a word of CJK letters is one atom, measured and drawn whole like a Latin word
        const word = (k: AtomKind, c: number): boolean => k === 'west' || (keepAll && isCjkLetter(c));
        boundary = !(word(ka, a) && word(kb, b));
      }
    }
    if (!boundary) continue;
    const ri = runOf[s] ?? 0;
    const run = runs[ri];
    if (!run) throw new Error('layout: run index out of range');
    const start = off[s] ?? 0;
    const end = off[t] ?? 0;
    const atomText = text.slice(start, end);
    const first = cp[s] ?? 0;
    const last = cp[t - 1] ?? 0;
    const w = measureIn(widths[ri] as Widths, atomText);
    const cps = t - s;
    const fullWidth = cps === 1 && Math.abs(w - run.size) <= 0.1 * run.size;
    atoms.push({
      text: atomText,
      start,
      end,
      run: ri,
      kind: kindOf(first),
      cps,
      first,
      last,
      w,
      em: run.size,
      fwClose: fullWidth && isCloseMark(first),
      fwOpen: fullWidth && isOpenMark(first),
      droppable: cps === 1 && isDroppableAtLineEnd(first),
      attach: run.attach === true && s > 0 && runOf[s - 1] !== ri,
    });
    // class of the break after this atom
    let k = t < n ? (before[t] ?? 0) : Brk.None;
    if (k === Brk.Normal && kindOf(last) === 'west' && t < n && kindOf(cp[t] ?? 0) === 'west') k = Brk.Western;
    // between two atoms with no opportunity (kinsoku, "日," …): a last resort against an overfull line,
    // e.g. a run of marks longer than the measure. Never inside an atom, never next to a space.
    if (k === Brk.None && t < n && !isAttached(cp[t] ?? 0) && !isSpace(last) && !isSpace(cp[t] ?? 0)) k = Brk.LastResort;
    // a superscript number stays on the line of the word it belongs to (only a last resort may part them)
    if (t < n && runOf[t] !== runOf[t - 1] && runs[runOf[t] ?? 0]?.attach && k !== Brk.Forced && k !== Brk.None) k = Brk.LastResort;
    brkList.push(k);
    s = t;
  }
  return { text, atoms, brk: Uint8Array.from(brkList) };
}

/**
 * Emergency: split every atom wider than `maxWidth` (`firstLineWidth` for an atom that must start the paragraph) into code points (combining marks stay attached),
 * with Brk.Emergency between them, so that no line has to be overfull.
 */
export function splitWideAtoms(az: Atomized, runs: StyledRun[], maxWidth: number, firstLineWidth = maxWidth): Atomized {
  // atoms up to the first break opportunity can only go on the first line (after the indent)
  let firstChunk = 0;
  while (firstChunk < az.atoms.length - 1 && ((az.brk[firstChunk] ?? 0) === Brk.None || az.brk[firstChunk] === Brk.LastResort)) firstChunk++;
  const limit = (k: number): number => (k <= firstChunk ? Math.min(maxWidth, firstLineWidth) : maxWidth);
  if (!az.atoms.some((a, k) => a.w > limit(k) && a.cps > 1)) return az;
  const atoms: Atom[] = [];
  const brk: number[] = [];
  az.atoms.forEach((a, k) => {
    if (a.w <= limit(k) || a.cps <= 1) {
      atoms.push(a);
      brk.push(az.brk[k] ?? 0);
      return;
    }
    const run = runs[a.run];
    if (!run) throw new Error('layout: run index out of range');
    const pieces: string[] = [];
    for (const ch of a.text) {
      const c = ch.codePointAt(0) ?? 0;
      if (pieces.length > 0 && isAttached(c)) pieces[pieces.length - 1] += ch;
      else pieces.push(ch);
    }
    let start = a.start;
    pieces.forEach((p, pi) => {
      const c = p.codePointAt(0) ?? 0;
      atoms.push({
        ...a,
        text: p,
        start,
        end: start + p.length,
        cps: Array.from(p).length,
        first: c,
        last: Array.from(p).pop()?.codePointAt(0) ?? c,
        w: measure(run.font, p, run.size),
        fwClose: false,
        fwOpen: false,
        droppable: false,
        attach: a.attach && pi === 0,
      });
      start += p.length;
      const next = pieces[pi + 1];
      if (next === undefined) brk.push(az.brk[k] ?? 0);
      else {
        const nc = next.codePointAt(0) ?? 0;
        brk.push(isNoStart(nc) || isNoEnd(c) ? Brk.None : Brk.Emergency);
      }
    });
  });
  return { text: az.text, atoms, brk: Uint8Array.from(brk) };
}
