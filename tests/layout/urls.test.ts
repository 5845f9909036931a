/**
 * URLs break at their own break points (src/layout/urls.ts) wherever they are, and a token wider than
 * the measure with no break point is split anywhere rather than run past the margin.
 */
import { describe, expect, it } from 'vitest';
import { checkLayout } from '../../src/layout/check.ts';
import { layoutParagraph } from '../../src/layout/index.ts';
import type { ParagraphStyle } from '../../src/layout/types.ts';
import { urlBreak, urlSpans } from '../../src/layout/urls.ts';
import { lineStarts, mono, notoMetrics, run } from './helpers.ts';

const style = (width: number, justify = true): ParagraphStyle => ({ width, firstIndent: 0, justify });

function lay(text: string, st: ParagraphStyle, font = mono) {
  const runs = [run(text, font)];
  const lines = layoutParagraph(runs, st);
  const t = lines.map((l) => l.items.map((i) => i.text).join(''));
  return { lines, t, report: checkLayout(runs, st, lines), starts: lineStarts(t, text) };
}

describe('urlSpans', () => {
  it('finds URLs in Chinese text, without the sentence punctuation after them', () => {
    const text = '详见https://example.com/a?b=1。又见 www.example.org/x). 邮件 mailto:a@b.cn, 完';
    expect(urlSpans(text).map((s) => text.slice(s.start, s.end))).toEqual(['https://example.com/a?b=1', 'www.example.org/x', 'mailto:a@b.cn']);
    expect(urlSpans('http:// 或 https:')).toEqual([]);
  });
});

describe('urlBreak (Chicago 6.76)', () => {
  it('breaks after / = . ?, before # & - _ ~ %, never inside the scheme or a run of one character', () => {
    const ok = (a: string, b: string): boolean => urlBreak(a, b, false);
    expect(['/x', '=v', '.c', '?q', 'a#', 'a&', 'a-', 'a_', 'a~', 'a%'].map((p) => ok(p[0] ?? '', p[1] ?? ''))).toEqual(Array(10).fill(true));
    expect(['ab', 'a=', 'a.', 'a?', '&b', '//', '..', '-x'].map((p) => ok(p[0] ?? '', p[1] ?? ''))).toEqual(Array(8).fill(false));
    expect(urlBreak('/', '/', false)).toBe(false);
    expect(urlBreak(':', '/', true)).toBe(false);
  });
});

describe('URLs in a paragraph', () => {
  const url = 'https://search.example.com/results?query=typesetting&lang=zh-CN&page=2&sort=relevance#top';
  const text = `搜索结果见${url}，请查看。`;
  const u0 = text.indexOf(url);

  it('breaks a long query string at ? & = rather than only after /, never overfull, text intact', () => {
    let inside = 0;
    for (let w = 60; w <= 240; w += 15) {
      const { report, starts } = lay(text, style(w));
      expect(report.violations, `width ${w}`).toEqual([]);
      for (const b of starts) {
        if (b <= u0 || b >= u0 + url.length) continue;
        inside++;
        const a = text[b - 1] ?? '';
        const c = text[b] ?? '';
        expect(urlBreak(a, c, b < u0 + 'https://'.length), `width ${w}: "${text.slice(b - 6, b)}|${text.slice(b, b + 6)}"`).toBe(true);
      }
    }
    // before this change the query (81 characters after the last "/") could only be split by code point
    expect(inside).toBeGreaterThan(10);
  });

  it('never starts a line with a "/" (of the scheme or the path) while every piece fits the measure', () => {
    // the widest piece between break points is "typesetting" (55 pt in the test font)
    for (let w = 60; w <= 200; w += 5) {
      const { t } = lay(`见${url}`, style(w, false));
      for (const line of t.slice(1)) expect(line.startsWith('/'), `width ${w}: ${line}`).toBe(false);
    }
  });

  it('breaks a query-only URL (no "/" after the host) at its own break points with the real font', () => {
    const q = 'https://example.com?' + Array.from({ length: 30 }, (_, k) => `key${k}=value${k}`).join('&');
    const text = `链接：${q}。`;
    const { report, t, starts } = lay(text, style(200), notoMetrics());
    expect(report.violations).toEqual([]);
    expect(t.length).toBeGreaterThan(4);
    const u0 = text.indexOf(q);
    for (const b of starts)
      if (b > u0 && b < u0 + q.length)
        expect(urlBreak(text[b - 1] ?? '', text[b] ?? '', false), `"${text.slice(b - 6, b)}|${text.slice(b, b + 6)}"`).toBe(true);
  });
});

describe('a token wider than the measure', () => {
  it('is split anywhere as a last resort, in Latin words and hashes alike', () => {
    for (const tok of ['a'.repeat(300), '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'.repeat(5)]) {
      for (const w of [50, 103, 210]) {
        const { report, lines } = lay(`中文${tok}中文。`, style(w));
        expect(report.violations, `width ${w}`).toEqual([]);
        expect(lines.length).toBeGreaterThan(2);
      }
    }
  });
});
