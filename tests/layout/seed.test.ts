import { describe, expect, it } from 'vitest';
import { layoutParagraph } from '../../src/layout/index.ts';
import { checkLayout } from '../../src/layout/check.ts';
import type { Line, ParagraphStyle } from '../../src/layout/types.ts';
import { notoMetrics, run, seedBody, splitTokens } from './helpers.ts';

const TOKENS = [
  '912.7',
  '30-50%',
  '2016-2020',
  '10.10',
  'JD.com',
  'babyandmegifts.com',
  'jacquelyn',
  'myers',
  'facebook',
  '——',
  '349%',
  '1000',
  '2.0',
  '1.0',
  '3.0',
  'gmv',
];

// A4 with 2.5 cm margins: 595.28 − 2 × 70.87 ≈ 453.5 pt; A5 with 2 cm margins: 419.53 − 2 × 56.69 ≈ 306 pt
const CASES = [
  { name: 'A4 10.5 pt', width: 453.5, size: 10.5 },
  { name: 'A4 12 pt', width: 453.5, size: 12 },
  { name: 'A5 10.5 pt', width: 306, size: 10.5 },
];

describe('seed article body with Noto Serif SC', () => {
  const font = notoMetrics();
  const paras = seedBody();

  for (const c of CASES) {
    it(`${c.name}: no violations, every non-final line flush, nothing split`, () => {
      const style: ParagraphStyle = { width: c.width, firstIndent: 2 * c.size, justify: true };
      let lines = 0;
      let justify = 0;
      let flush = 0;
      let maxStretch = 0;
      for (const p of paras) {
        const runs = [run(p, font, c.size)];
        const out: Line[] = layoutParagraph(runs, style);
        const r = checkLayout(runs, style, out);
        expect(r.violations, p.slice(0, 20)).toEqual([]);
        expect(splitTokens(TOKENS, r.lineTexts, p), p.slice(0, 20)).toEqual([]);
        lines += r.lines;
        justify += r.justifyLines;
        flush += r.flushLines;
        maxStretch = Math.max(maxStretch, r.maxStretch);
        // nothing inserted (ASCII punctuation is set tight, ¼ em is spacing): only a line-final space may go
        expect(r.lineTexts.join('').replace(/ /g, '')).toBe(p.replace(/ /g, ''));
        expect(r.lineTexts.join('').length).toBeGreaterThanOrEqual(p.length - r.lines);
      }
      expect(justify).toBeGreaterThan(50);
      expect(flush).toBe(justify);
      expect(maxStretch).toBeLessThanOrEqual(0.2 * c.size + 1e-9);
      if (c.width === 453.5) expect(lines).toBeGreaterThanOrEqual(85);
      expect(lines).toBeLessThan(200);
    });
  }

  // Layout speed is measured by `npm run bench` (layout of the seed body), never asserted in a unit test.

  it('real-font positions: ¼ em around digits, ASCII comma tight, end squeeze', () => {
    const size = 10;
    const style: ParagraphStyle = { width: 1000, firstIndent: 0, justify: true };
    const [line] = layoutParagraph([run('在912.7亿元背后,是', font, size)], style);
    const items = (line as Line).items;
    const num = items.find((i) => i.text === '912.7');
    expect(num).toBeDefined();
    expect(num?.x).toBeCloseTo(size + 0.25 * size, 9);
    const after = items.find((i) => i.text.startsWith('亿'));
    expect(after?.x).toBeCloseTo((num?.x ?? 0) + font.advance('912.7', size) + 0.25 * size, 9);
    expect(items.map((i) => i.text).join('')).toBe('在912.7亿元背后,是');
  });
});
