/**
 * Japanese line-start rules (JLREQ, issue 6): small kana, the prolonged sound mark and iteration marks
 * never start a line. The layout's rule table is shared by all CJK languages and already holds them;
 * these tests pin that down, also when the text is split into runs of different fonts (fallbacks).
 */
import { describe, expect, it } from 'vitest';
import { layoutParagraph } from '../../src/layout/index.ts';
import type { FontMetrics } from '../../src/layout/types.ts';
import { mono, run } from './helpers.ts';

const JLREQ_NO_START = [...'ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶーゝゞヽヾ々'];
const KANA10 = 'かきくけこさしすせそ'; // exactly one line at width 100 (mono: 10 pt each)
const texts = (lines: { items: { text: string }[] }[]): string[] => lines.map((l) => l.items.map((i) => i.text).join(''));
/** a second font with the same widths, standing in for a fallback face */
const other: FontMetrics = { advance: (t, s) => mono.advance(t, s) };

describe('JLREQ line-start prohibitions', () => {
  it.each(JLREQ_NO_START)('never starts a line with %s', (ch) => {
    const lines = layoutParagraph([run(`${KANA10}${ch}たちつてと`)], { width: 100, firstIndent: 0, justify: true });
    const t = texts(lines);
    expect(t.join('')).toBe(`${KANA10}${ch}たちつてと`);
    for (const line of t.slice(1)) expect(JLREQ_NO_START).not.toContain([...line][0]);
  });

  it.each(JLREQ_NO_START)('never starts a line with %s when it begins a run in another font', (ch) => {
    const runs = [run(KANA10), { ...run(`${ch}たちつてと`, other), fontKey: 'fallback' }];
    const t = texts(layoutParagraph(runs, { width: 100, firstIndent: 0, justify: true }));
    expect(t.join('')).toBe(`${KANA10}${ch}たちつてと`);
    for (const line of t.slice(1)) expect(JLREQ_NO_START).not.toContain([...line][0]);
  });
});

// Pinned here because the font chain sends emoji to Noto Emoji: the layout already keeps a sequence in
// one atom (UAX #14 LB8a/LB30b, and no atom boundary between non-CJK characters).
describe('emoji sequences (drawn as one glyph by the emoji fallback font)', () => {
  // like Noto Emoji: a lone skin-tone modifier is a visible 1-em swatch, but base + modifier and a ZWJ
  // sequence are one 1-em glyph (grapheme cluster = what the font draws as one)
  const graphemes = new Intl.Segmenter('en', { granularity: 'grapheme' });
  const emoji: FontMetrics = {
    advance: (t, s) => [...graphemes.segment(t)].reduce((w, g) => w + ((g.segment.codePointAt(0) ?? 0) >= 0x1f000 ? s : mono.advance(g.segment, s)), 0),
  };
  it.each([
    ['👍🏽', 'base + skin tone'],
    ['👨\u200d👩\u200d👧', 'ZWJ family'],
  ])('keeps %s (%s) in one atom: each item is measured as it is drawn, never split at a line end', (seq) => {
    for (let pre = 5; pre <= 11; pre++) {
      const text = `${KANA10}たちつてと`.slice(0, pre) + seq + 'なにぬねの';
      const lines = layoutParagraph([{ ...run(text, emoji), fontKey: 'emoji' }], { width: 100, firstIndent: 0, justify: true });
      const t = texts(lines);
      expect(t.join('')).toBe(text);
      expect(t.some((l) => l.includes(seq))).toBe(true);
      for (const l of lines) {
        for (const it of l.items) expect(it.width).toBeCloseTo(emoji.advance(it.text, it.size) + it.charSpacing * [...it.text].length, 5);
      }
    }
  });
});

// Japanese books keep a closing mark at a line's end full width (its box ends on the measure, its ink half an
// em inside); Chinese ones set it half width, its box half an em outside (clreq). Issue 14: a page whose
// lines ended half an em out looked ragged to text-extraction checks.
describe('line-end closing marks', () => {
  // ten characters fill a line (100 pt): nine kana and a comma
  const text = `${'かきくけこさしすせ、'.repeat(4)}まみむ。`;
  it('clreq (default): the comma ends the line set half width, its box 5 pt past the measure', () => {
    const lines = layoutParagraph([run(text)], { width: 100, firstIndent: 0, justify: true });
    expect(texts(lines).slice(0, 4)).toEqual(Array(4).fill('かきくけこさしすせ、'));
    for (const l of lines.slice(0, 4)) expect(l.width).toBeCloseTo(105, 6);
  });
  it('endSqueeze false (Japanese): the comma keeps its full width, no box past the measure', () => {
    const lines = layoutParagraph([run(text)], { width: 100, firstIndent: 0, justify: true, endSqueeze: false });
    const t = texts(lines);
    expect(t.join('')).toBe(text);
    for (const line of t.slice(1)) expect('、。').not.toContain([...line][0]);
    for (const l of lines) expect(l.width).toBeLessThanOrEqual(100 + 1e-6);
    for (const l of lines.filter((x) => !x.last)) expect(l.width).toBeCloseTo(100, 6);
  });
});
