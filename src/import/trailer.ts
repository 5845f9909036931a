/**
 * The clipping's trailer: the run of labelled lines at the end, e.g.
 *
 *     标题:荆门网络危机处理案例分析
 *     地址:http://www.stocksun.net/yuqingjiankong/2604.html
 *     本文专栏:舆论监督
 *     本文来源:快速推动舆论
 *     标题:荆门互联网危机处理案例分析 地址:http://www.leixj.com/new/6302.html
 *
 * Rules:
 * - The trailer is the longest run of non-blank lines at the end of the text (blank lines in between are
 *   allowed) in which every line starts with a known label followed by ':' or '：'.
 * - A line may hold several `label:value` pairs separated by white space (标题 and 地址 on one line).
 * - Labels: 标题 → a source's title; 地址/网址/链接/原文链接/原文地址 → a source's URL; 本文专栏/专栏 → `column`;
 *   本文来源/来源 → `origin`.
 * - Sources are built in order, title first: a 标题 always starts a new source; a URL completes the current
 *   source, or starts a new one when the current one already has a URL. A source with a URL but no title takes the URL
 *   as title; a title without URL is dropped (with a warning).
 */
import type { Line } from './lines.ts';

export interface Source {
  title: string;
  url: string;
}

export interface Trailer {
  column?: string;
  origin?: string;
  sources: Source[];
  /** index into the line array of the first trailer line (= lines.length when there is no trailer) */
  start: number;
  warnings: { line: number; message: string }[];
}

type Field = 'title' | 'url' | 'column' | 'origin';

const LABELS: readonly [string, Field][] = [
  ['原文链接', 'url'],
  ['原文地址', 'url'],
  ['本文专栏', 'column'],
  ['本文来源', 'origin'],
  ['标题', 'title'],
  ['地址', 'url'],
  ['网址', 'url'],
  ['链接', 'url'],
  ['专栏', 'column'],
  ['来源', 'origin'],
];

const LABEL_ALT = LABELS.map(([l]) => l).join('|');
/** A label at the start of the line or after white space, followed by an ASCII or full-width colon. */
const PAIR = new RegExp(`(?:^|[\\s\\u3000]+)(${LABEL_ALT})\\s*[:：]\\s*`, 'gu');
const STARTS = new RegExp(`^(?:${LABEL_ALT})\\s*[:：]`, 'u');

/** Splits one trailer line into (field, value) pairs, or undefined when it is not a trailer line. */
export function parseTrailerLine(text: string): { field: Field; value: string }[] | undefined {
  if (!STARTS.test(text)) return undefined;
  const hits = [...text.matchAll(PAIR)];
  const out: { field: Field; value: string }[] = [];
  hits.forEach((m, k) => {
    const label = m[1]!;
    const field = LABELS.find(([l]) => l === label)![1];
    const from = m.index! + m[0].length;
    const to = k + 1 < hits.length ? hits[k + 1]!.index! : text.length;
    out.push({ field, value: text.slice(from, to).trim() });
  });
  return out;
}

export function parseTrailer(lines: readonly Line[], from = 0): Trailer {
  let start = lines.length;
  for (let i = lines.length - 1; i >= from; i--) {
    const t = lines[i]!.text;
    if (t === '') continue;
    if (!parseTrailerLine(t)) break;
    start = i;
  }
  const tr: Trailer = { sources: [], start, warnings: [] };
  let cur: Partial<Source> & { line?: number } = {};
  const flush = () => {
    if (cur.url !== undefined) tr.sources.push({ title: cur.title || cur.url, url: cur.url });
    else if (cur.title !== undefined)
      tr.warnings.push({ line: cur.line ?? 0, message: `trailer source "${cur.title}" has no 地址 (URL); left out of sources` });
    cur = {};
  };
  for (let i = start; i < lines.length; i++) {
    const l = lines[i]!;
    if (l.text === '') continue;
    for (const { field, value } of parseTrailerLine(l.text)!) {
      if (field === 'title') {
        if (cur.title !== undefined || cur.url !== undefined) flush();
        cur.title = value;
        cur.line = l.line;
      } else if (field === 'url') {
        if (cur.url !== undefined) flush();
        cur.url = value;
        cur.line ??= l.line;
      } else if (field === 'column') tr.column = value;
      else tr.origin = value;
    }
  }
  flush();
  return tr;
}
