/**
 * Ruby in the paragraph layout (issue 14, JLREQ §3.3): a base is one unit for line breaking, never
 * stretched inside; its reading at half size, centred on a group base, per character on mono ruby; a long
 * reading overhangs a neighbouring kana or mark by up to one ruby character, otherwise the base is spaced
 * out; on a line's edges the reading stays inside the measure and the base on the edge.
 */
import { describe, expect, it } from 'vitest';
import { checkLayout, layoutParagraph } from '../../src/layout/index.ts';
import type { Glyphs, Line, RubyAnnotation, StyledRun } from '../../src/layout/types.ts';
import { mono, run } from './helpers.ts';

const SIZE = 10;
/** a ruby annotation in the mono test font: one reading, or one per character */
const ann = (readings: string[]): RubyAnnotation => ({
  readings: readings.map((r) => [{ text: r, font: mono, fontKey: 'mono' }]),
  mono: readings.length > 1,
  size: SIZE / 2,
});
const rubyRun = (base: string, readings: string[]): StyledRun => run(base, mono, SIZE, { ruby: ann(readings) });
const texts = (lines: Line[]): string[] => lines.map((l) => l.items.map((i) => i.text).join(''));
const rubies = (lines: Line[]) => lines.flatMap((l) => l.items.flatMap((it) => it.ruby ?? []));
/** each character drawn, with its x and width (items of several characters taken apart) */
const glyphs = (lines: Line[]): Glyphs[] =>
  lines.flatMap((l) =>
    l.items.flatMap((it) => {
      let x = it.x;
      return [...it.text].map((ch) => {
        const w = mono.advance(ch, it.size);
        const g = { ...it, text: ch, x, width: w };
        x += w + it.charSpacing;
        return g;
      });
    }),
  );
const itemsOf = (lines: Line[], chars: string): Glyphs[] => glyphs(lines).filter((it) => chars.includes(it.text));

describe('ruby in the paragraph layout', () => {
  it('sets a group reading centred over its base, at half size, on the base’s last item', () => {
    const runs = [run('これは'), rubyRun('漢字', ['かんじ']), run('です。')];
    const lines = layoutParagraph(runs, { width: 200, firstIndent: 0, justify: true });
    expect(texts(lines).join('')).toBe('これは漢字です。');
    const [r] = rubies(lines);
    expect(r).toMatchObject({ text: 'かんじ', size: 5, width: 15 });
    const [kan, ji] = itemsOf(lines, '漢字');
    expect(ji?.ruby).toHaveLength(1);
    // centred: the reading's middle over the middle of the base
    const mid = ((kan?.x ?? 0) + (ji?.x ?? 0) + (ji?.width ?? 0)) / 2;
    expect((r?.x ?? 0) + 7.5).toBeCloseTo(mid, 6);
  });

  it('sets mono ruby over each character', () => {
    const lines = layoutParagraph([run('これは'), rubyRun('東京', ['とう', 'きょう']), run('です')], { width: 200, firstIndent: 0, justify: false });
    const rs = rubies(lines);
    expect(rs.map((r) => r.text)).toEqual(['とう', 'きょう']);
    const [to, kyo] = itemsOf(lines, '東京');
    expect((rs[0]?.x ?? 0) + (rs[0]?.width ?? 0) / 2).toBeCloseTo((to?.x ?? 0) + 5, 6);
    expect((rs[1]?.x ?? 0) + (rs[1]?.width ?? 0) / 2).toBeCloseTo((kyo?.x ?? 0) + 5, 6);
    // きょう (15 pt) is wider than 京 (10 pt): the characters are set apart so the readings never overlap
    expect((rs[0]?.x ?? 0) + (rs[0]?.width ?? 0)).toBeLessThanOrEqual((rs[1]?.x ?? 0) + 1e-9);
  });

  it('lets a long reading overhang a neighbouring kana by up to one ruby character, and no more', () => {
    // 砂 (10 pt) with a 4-kana reading (20 pt): 5 pt overhang on each side over the kana, nothing spaced
    const lines = layoutParagraph([run('あの'), rubyRun('砂', ['すなはま']), run('が')], { width: 200, firstIndent: 0, justify: false });
    const [no, suna, ga] = itemsOf(lines, 'の砂が');
    expect((suna?.x ?? 0) - ((no?.x ?? 0) + 10)).toBeCloseTo(0, 6);
    expect((ga?.x ?? 0) - ((suna?.x ?? 0) + 10)).toBeCloseTo(0, 6);
    const [r] = rubies(lines);
    expect((suna?.x ?? 0) - (r?.x ?? 0)).toBeCloseTo(5, 6);
    // a still longer reading (6 kana, 30 pt): 5 pt of overhang a side, the rest spaces the base out
    const long = layoutParagraph([run('あの'), rubyRun('砂', ['すなはまべ・']), run('が')], { width: 200, firstIndent: 0, justify: false });
    const [no2, suna2, ga2] = itemsOf(long, 'の砂が');
    const [r2] = rubies(long);
    expect((ga2?.x ?? 0) - (no2?.x ?? 0) - 10).toBeCloseTo(10 + 20 - 10, 6); // base box = 30 − 2 × 5
    expect((suna2?.x ?? 0) - (no2?.x ?? 0) - 10).toBeCloseTo(5, 6); // centred in it
    expect((r2?.x ?? 0) - ((no2?.x ?? 0) + 10)).toBeCloseTo(-5, 6);
  });

  it('never overhangs a kanji: the base is spaced out instead', () => {
    const lines = layoutParagraph([run('山'), rubyRun('砂', ['すなはま']), run('川')], { width: 200, firstIndent: 0, justify: false });
    const [yama, suna, kawa] = itemsOf(lines, '山砂川');
    const [r] = rubies(lines);
    // the reading (20 pt) spans exactly the room between 山 and 川: base spaced out 5 pt a side
    expect((r?.x ?? 0) - ((yama?.x ?? 0) + 10)).toBeCloseTo(0, 6);
    expect((kawa?.x ?? 0) - ((r?.x ?? 0) + 20)).toBeCloseTo(0, 6);
    expect((suna?.x ?? 0) - ((yama?.x ?? 0) + 10)).toBeCloseTo(5, 6);
  });

  it('never breaks a line inside a ruby base, nor stretches it', () => {
    const base = '東京特許許可局';
    for (let pre = 1; pre <= 12; pre++) {
      const runs = [run('あいうえおかきくけこさしすせそ'.slice(0, pre)), rubyRun(base, ['とうきょうとっきょきょかきょく']), run('のはなし。')];
      const lines = layoutParagraph(runs, { width: 100, firstIndent: 0, justify: true });
      const t = texts(lines);
      expect(
        t.some((l) => l.includes(base)),
        `pre=${pre}: ${t.join(' / ')}`,
      ).toBe(true);
      // the base's characters sit evenly (1:2:1): every gap between them the same
      const chars = itemsOf(lines, base);
      const gaps = chars.slice(1).map((c, k) => c.x - ((chars[k]?.x ?? 0) + (chars[k]?.width ?? 0)));
      for (const g of gaps) expect(g).toBeCloseTo(gaps[0] ?? 0, 6);
      const report = checkLayout(runs, { width: 100, firstIndent: 0, justify: true }, lines);
      expect(report.violations.filter((v) => v.kind !== 'lone-char')).toEqual([]);
    }
  });

  it('keeps readings inside the measure and the base flush on the line edges (justified lines stay flush)', () => {
    const texts9 = 'かきくけこさしすせ';
    for (let pre = 0; pre <= 9; pre++) {
      const runs = [run(texts9.slice(0, pre)), rubyRun('砂', ['すなはまべ']), run('がちつてとなにぬねのはひふへほ')];
      const style = { width: 100, firstIndent: 0, justify: true };
      const lines = layoutParagraph(runs, style);
      for (const l of lines) {
        for (const r of l.items.flatMap((it) => it.ruby ?? [])) {
          expect(r.x).toBeGreaterThanOrEqual(-1e-9);
          expect(r.x + r.width).toBeLessThanOrEqual(100 + 1e-9);
        }
      }
      const report = checkLayout(runs, style, lines);
      expect(report.flushLines, `pre=${pre}: ${texts(lines).join(' / ')}`).toBe(report.justifyLines);
    }
  });

  it('gives the same lines as before to a paragraph without ruby', () => {
    const text = 'これは日本語の文章です。「括弧」の中、句読点、そしてEnglish wordsもある。'.repeat(3);
    const a = layoutParagraph([run(text)], { width: 150, firstIndent: 20, justify: true });
    const b = layoutParagraph([run(text.slice(0, 20)), run(text.slice(20))], { width: 150, firstIndent: 20, justify: true });
    expect(a.map((l) => l.items.map((i) => i.text).join(''))).toEqual(b.map((l) => l.items.map((i) => i.text).join('')));
    expect(rubies(a)).toEqual([]);
  });
});
