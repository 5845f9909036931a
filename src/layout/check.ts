/**
 * Independent checker of a laid-out paragraph: the rules of issue 3 measured on the Line[] output,
 * re-measuring every item with the runs' FontMetrics (it does not trust Glyphs.width). Used by the
 * tests and usable by the PDF writer or a benchmark.
 */
import { isCloseMark, isNoEnd, isNoStart, isWidowIgnored } from './chars.ts';
import type { FontMetrics, Line, ParagraphStyle, StyledRun } from './types.ts';
import { urlBreak, urlSpans } from './urls.ts';

export interface Violation {
  line: number;
  kind: 'text' | 'kinsoku-start' | 'kinsoku-end' | 'overfull' | 'not-flush' | 'lone-char' | 'indent' | 'order';
  detail: string;
}

export interface LayoutReport {
  violations: Violation[];
  lines: number;
  /** non-final lines */
  justifyLines: number;
  /** non-final lines whose ink ends at the measure (±tolerance) */
  flushLines: number;
  /** lines ending in a full-width closing mark set half width */
  endSqueezedLines: number;
  /** largest per-gap stretch used */
  maxStretch: number;
  /** the text of every line, as it will be extracted */
  lineTexts: string[];
}

const cpsOf = (s: string): number => {
  let c = 0;
  for (const _ of s) c++;
  return c;
};

/** Right edge of a line's last advance box and of its ink (a full-width closing mark at the end counts ½ em). */
export function lineEdges(line: Line, fonts: Map<string, FontMetrics>): { box: number; ink: number } {
  let box = 0;
  let ink = 0;
  for (const it of line.items) {
    const f = fonts.get(it.fontKey);
    if (!f) throw new Error(`no metrics for font ${it.fontKey}`);
    const adv = f.advance(it.text, it.size);
    const right = it.x + adv + it.charSpacing * cpsOf(it.text);
    if (right >= box) {
      box = right;
      const lastCh = Array.from(it.text).pop() ?? '';
      const cp = lastCh.codePointAt(0) ?? 0;
      const lastAdv = lastCh ? f.advance(lastCh, it.size) : 0;
      const fw = isCloseMark(cp) && Math.abs(lastAdv - it.size) <= 0.1 * it.size;
      ink = right - (fw ? 0.5 * it.size : 0) - it.charSpacing;
    }
  }
  return { box, ink };
}

export function checkLayout(runs: StyledRun[], style: ParagraphStyle, lines: Line[], tol = 0.1): LayoutReport {
  const fonts = new Map<string, FontMetrics>();
  for (const r of runs) fonts.set(r.fontKey, r.font);
  const source = runs.map((r) => r.text).join('');
  const v: Violation[] = [];
  const lineTexts = lines.map((l) => l.items.map((it) => it.text).join(''));
  // text fidelity: concatenation equals the source, except line-final ASCII spaces / newlines
  let ptr = 0;
  const lineStart: number[] = [];
  lines.forEach((l, li) => {
    lineStart.push(ptr);
    for (const it of l.items) {
      if (!source.startsWith(it.text, ptr)) {
        v.push({ line: li, kind: 'text', detail: `expected "${source.slice(ptr, ptr + it.text.length)}" got "${it.text}"` });
        return;
      }
      ptr += it.text.length;
    }
    while (ptr < source.length && (source[ptr] === ' ' || source[ptr] === '\n' || source[ptr] === '\r')) ptr++;
  });
  if (ptr !== source.length) v.push({ line: lines.length - 1, kind: 'text', detail: `text ends at ${ptr} of ${source.length}` });

  const urls = urlSpans(source);
  let justifyLines = 0;
  let flushLines = 0;
  let endSqueezedLines = 0;
  let maxStretch = 0;
  lines.forEach((l, li) => {
    const t = lineTexts[li] ?? '';
    const firstCp = t.codePointAt(0) ?? 0;
    const lastCp = Array.from(t).pop()?.codePointAt(0) ?? 0;
    // a break at a URL's own break point may put "." or "?" first on a line (src/layout/urls.ts)
    const atUrlBreak = (pos: number | undefined): boolean =>
      pos !== undefined &&
      urls.some(
        (u) =>
          pos > u.start &&
          pos < u.end &&
          urlBreak(String.fromCodePoint(source.codePointAt(pos - 1) ?? 0), String.fromCodePoint(source.codePointAt(pos) ?? 0), pos < u.schemeEnd),
      );
    if (li > 0 && isNoStart(firstCp) && !atUrlBreak(lineStart[li])) v.push({ line: li, kind: 'kinsoku-start', detail: t.slice(0, 8) });
    if (li < lines.length - 1 && isNoEnd(lastCp) && !atUrlBreak(lineStart[li + 1])) v.push({ line: li, kind: 'kinsoku-end', detail: t.slice(-8) });
    for (let k = 1; k < l.items.length; k++) {
      const a = l.items[k - 1];
      const b = l.items[k];
      if (a && b && b.x < a.x) v.push({ line: li, kind: 'order', detail: `item ${k} at ${b.x} before ${a.x}` });
    }
    if (li === 0 && l.items[0] && Math.abs(l.items[0].x - style.firstIndent) > 1e-6)
      v.push({ line: li, kind: 'indent', detail: `first item at ${l.items[0].x}` });
    const { box, ink } = lineEdges(l, fonts);
    if (box > style.width + tol && ink <= style.width + tol) endSqueezedLines++;
    if (ink > style.width + tol) v.push({ line: li, kind: 'overfull', detail: `ink ends at ${ink.toFixed(2)} > ${style.width}` });
    if (!l.last && style.justify) {
      justifyLines++;
      if (Math.abs(ink - style.width) <= tol) flushLines++;
      else v.push({ line: li, kind: 'not-flush', detail: `ink ends at ${ink.toFixed(3)}, measure ${style.width}` });
    }
    maxStretch = Math.max(maxStretch, l.stretch);
  });
  if (lines.length > 1) {
    const lastText = Array.from((lineTexts[lines.length - 1] ?? '').trim());
    while (lastText.length > 0 && isWidowIgnored(lastText[lastText.length - 1]?.codePointAt(0) ?? 0)) lastText.pop();
    if (lastText.length <= 1) v.push({ line: lines.length - 1, kind: 'lone-char', detail: lineTexts[lines.length - 1] ?? '' });
  }
  return { violations: v, lines: lines.length, justifyLines, flushLines, endSqueezedLines, maxStretch, lineTexts };
}
