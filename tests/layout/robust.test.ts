import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { layoutParagraph } from '../../src/layout/index.ts';
import { checkLayout } from '../../src/layout/check.ts';
import type { Line, ParagraphStyle } from '../../src/layout/types.ts';
import { mono, notoMetrics, run } from './helpers.ts';

const texts = (lines: Line[]): string[] => lines.map((l) => l.items.map((i) => i.text).join(''));

describe('last resorts and odd input', () => {
  it('a run of line-start-prohibited marks longer than the measure breaks kinsoku rather than overflow', () => {
    const text = '一' + '々'.repeat(15); // 々 never starts a line; 16 em into a 10 em measure
    const style: ParagraphStyle = { width: 100, firstIndent: 0, justify: true };
    const lines = layoutParagraph([run(text)], style);
    const kinds = checkLayout([run(text)], style, lines).violations.map((v) => v.kind);
    expect(kinds).not.toContain('overfull');
    expect(kinds).not.toContain('text');
    expect(lines.length).toBeGreaterThan(1);
  });
  it('a newline in the text is a required break (the line before it is set flush left)', () => {
    const text = '一二三\n四五六七八九十甲乙丙丁戊己庚辛壬癸。';
    const style: ParagraphStyle = { width: 100, firstIndent: 0, justify: true };
    const lines = layoutParagraph([run(text)], style);
    expect(texts(lines)[0]).toBe('一二三');
    expect(lines[0]?.justified).toBe(false);
    expect(checkLayout([run(text)], style, lines).violations.filter((v) => v.kind !== 'not-flush')).toEqual([]);
  });
  it('keeps surrogate pairs, combining marks and variation selectors whole', () => {
    const text = '𠀀𠀁𠀂葛󠄀城e\u0301t\u00e9中文𠀃𠀄𠀅𠀆𠀇𠀈𠀉𠀊𠀋𠀌。';
    for (let w = 30; w <= 120; w += 10) {
      const style: ParagraphStyle = { width: w, firstIndent: 0, justify: true };
      const lines = layoutParagraph([run(text)], style);
      expect(texts(lines).join('')).toBe(text);
      for (const t of texts(lines)) {
        expect(t.charCodeAt(0) >= 0xdc00 && t.charCodeAt(0) <= 0xdfff, t).toBe(false);
        expect(/^[\u0300-\u036f\u{e0100}-\u{e01ef}]/u.test(t), t).toBe(false);
      }
    }
  });
  it('leading spaces and empty runs do not break the text contract', () => {
    const runs = [run(''), run('  前面有空格的段落,'), run(''), run('还有 spaces 和 words 在里面。')];
    const style: ParagraphStyle = { width: 80, firstIndent: 20, justify: true };
    const lines = layoutParagraph(runs, style);
    const r = checkLayout(runs, style, lines);
    expect(r.violations.filter((v) => v.kind === 'text' || v.kind === 'overfull')).toEqual([]);
  });
});

// Realistic Chinese text: tokens as they occur (punctuation after characters, brackets around them).
const han = fc.constantFrom(
  ...'的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经',
);
const token = fc.oneof(
  { weight: 30, arbitrary: han },
  { weight: 3, arbitrary: fc.constantFrom('，', '。', '、', '；', '：', '！', '？', ',', ';', ':', '?', '!').map((p) => '字' + p) },
  { weight: 1, arbitrary: han.map((h) => `（${h}${h}）`) },
  { weight: 1, arbitrary: han.map((h) => `《${h}${h}》`) },
  { weight: 1, arbitrary: han.map((h) => `“${h}${h}”`) },
  { weight: 1, arbitrary: han.map((h) => `(${h}${h})`) },
  { weight: 1, arbitrary: fc.constantFrom('——', '……') },
  // Western words and numbers always follow a Chinese character (two of them glued together can make an
  // unbreakable unit nearly as wide as the measure, which no typesetter can justify)
  {
    weight: 2,
    arbitrary: fc.constantFrom('912.7', '30-50%', '2016-2020', '10.10', 'JD.com', 'gmv', 'facebook', '1000').map((w) => '在' + w),
  },
  { weight: 1, arbitrary: fc.constantFrom(' jacquelyn myers ', 'http://a.cn/b/c.html').map((w) => '在' + w) },
);
const paragraph = fc.array(token, { minLength: 8, maxLength: 120 }).map((ts) => ts.join('') + '。');

describe('property: any realistic paragraph at any measure', () => {
  it('keeps every rule (mono font)', () => {
    fc.assert(
      fc.property(paragraph, fc.integer({ min: 120, max: 460 }), fc.boolean(), (text, width, indent) => {
        const style: ParagraphStyle = { width, firstIndent: indent ? 20 : 0, justify: true };
        const runs = [run(text)];
        const lines = layoutParagraph(runs, style);
        const r = checkLayout(runs, style, lines);
        expect(r.violations).toEqual([]);
      }),
      { numRuns: 300, seed: 3 },
    );
  });
  it('keeps every rule (Noto Serif SC, 10.5 pt)', () => {
    const font = notoMetrics();
    fc.assert(
      fc.property(paragraph, fc.integer({ min: 150, max: 460 }), (text, width) => {
        const style: ParagraphStyle = { width, firstIndent: 21, justify: true };
        const runs = [run(text, font, 10.5)];
        const r = checkLayout(runs, style, layoutParagraph(runs, style));
        expect(r.violations).toEqual([]);
      }),
      { numRuns: 200, seed: 7 },
    );
  });
  it('headings (justify: false): text kept, nothing overfull, no stretch', () => {
    fc.assert(
      fc.property(paragraph, fc.integer({ min: 120, max: 460 }), (text, width) => {
        const style: ParagraphStyle = { width, firstIndent: 0, justify: false };
        const runs = [run(text, mono, 14)];
        const lines = layoutParagraph(runs, style);
        const r = checkLayout(runs, style, lines);
        expect(r.violations).toEqual([]);
        for (const l of lines) expect(l.stretch).toBe(0);
      }),
      { numRuns: 200, seed: 11 },
    );
  });
});

// keep the import used when the mono font is the default of run()
void mono;
