import { describe, expect, it } from 'vitest';
import { paginate, type FlowBlock } from '../../../src/writers/pdf/paginate.ts';

// lines are labelled "b<block>.<line>"; every line is 10 pt; a page holds 10 lines (0..100)
const frame = { top: 0, bottom: 100 };
const para = (b: number, n: number, extra: Partial<FlowBlock<string>> = {}): FlowBlock<string> => ({
  lines: Array.from({ length: n }, (_, i) => ({ line: `b${b}.${i}`, height: 10 })),
  spaceBefore: 0,
  spaceAfter: 0,
  keepWithNext: false,
  ...extra,
});
const labels = (pages: ReturnType<typeof paginate<string>>) => pages.map((p) => p.map((l) => l.line));

describe('paginate', () => {
  it('fills pages in order', () => {
    const pages = labels(paginate([para(0, 6), para(1, 6)], frame));
    expect(pages.map((p) => p.length)).toEqual([10, 2]);
  });

  it('never leaves a first line alone at the page bottom (orphan)', () => {
    const pages = labels(paginate([para(0, 9), para(1, 5)], frame));
    expect(pages[0]).toEqual(Array.from({ length: 9 }, (_, i) => `b0.${i}`));
    expect(pages[1]?.[0]).toBe('b1.0');
  });

  it('never leaves a last line alone at the page top (widow)', () => {
    const pages = labels(paginate([para(0, 5), para(1, 6)], frame));
    // 5 + 6 = 11: the sixth line alone would be a widow, so two lines go over
    expect(pages[1]).toEqual(['b1.4', 'b1.5']);
    expect(pages[0]?.length).toBe(9);
  });

  it('moves a two-line paragraph whole rather than split it', () => {
    const pages = labels(paginate([para(0, 9), para(1, 2)], frame));
    expect(pages[1]).toEqual(['b1.0', 'b1.1']);
  });

  it('keeps a heading with the first two lines of its paragraph', () => {
    const heading = para(1, 1, { keepWithNext: true });
    const pages = labels(paginate([para(0, 8), heading, para(2, 5)], frame));
    expect(pages[0]).toEqual(Array.from({ length: 8 }, (_, i) => `b0.${i}`));
    expect(pages[1]?.slice(0, 3)).toEqual(['b1.0', 'b2.0', 'b2.1']);
  });

  it('drops space before a block at the top of a page and honours page breaks', () => {
    const pages = paginate([para(0, 3), para(1, 2, { spaceBefore: 15, breakBefore: true })], frame);
    expect(pages).toHaveLength(2);
    expect(pages[1]?.[0]?.y).toBe(0);
  });

  it('places a line taller than the page instead of looping', () => {
    const tall: FlowBlock<string> = { lines: [{ line: 'tall', height: 150 }], spaceBefore: 0, spaceAfter: 0, keepWithNext: false };
    expect(labels(paginate([tall, para(1, 1)], frame))).toEqual([['tall'], ['b1.0']]);
  });

  it('repeats a table header on every page the table continues on, and never leaves a header without a row', () => {
    const table = para(1, 25, { header: 1 });
    const pages = labels(paginate([para(0, 8), table], frame));
    // 2 lines left on page 1: header + 1 row fit
    expect(pages[0]?.slice(-2)).toEqual(['b1.0', 'b1.1']);
    expect(pages[1]?.[0]).toBe('b1.0');
    expect(pages[2]?.[0]).toBe('b1.0');
    const rows = pages.flat().filter((l) => l.startsWith('b1.') && l !== 'b1.0');
    expect(rows).toHaveLength(24);
    // only the header would fit: the table starts on the next page
    expect(labels(paginate([para(0, 9), para(1, 5, { header: 1 })], frame))[1]?.slice(0, 2)).toEqual(['b1.0', 'b1.1']);
  });

  it('moves a keep-together block (figure) whole to the next page', () => {
    const pages = labels(paginate([para(0, 7), para(1, 4, { keepTogether: true })], frame));
    expect(pages[1]).toEqual(['b1.0', 'b1.1', 'b1.2', 'b1.3']);
  });

  it('puts footnotes at the foot of the page of the line that references them, and moves the line if they do not fit', () => {
    const note = [
      { line: 'n0', height: 10 },
      { line: 'n1', height: 10 },
    ];
    const body: FlowBlock<string> = {
      lines: Array.from({ length: 12 }, (_, i) => ({ line: `b0.${i}`, height: 10, ...(i === 7 ? { notes: [note] } : {}) })),
      spaceBefore: 0,
      spaceAfter: 0,
      keepWithNext: false,
    };
    const pages = paginate([body], { top: 0, bottom: 100, noteGap: 5 });
    const first = pages[0] ?? [];
    // 2 note lines + 5 pt gap leave room for 7 text lines: b0.7 (which refers to the note) goes over, with its note
    expect(first.map((p) => p.line)).toEqual(['b0.0', 'b0.1', 'b0.2', 'b0.3', 'b0.4', 'b0.5', 'b0.6']);
    const withRef = pages.findIndex((p) => p.some((l) => l.line === 'b0.7'));
    const foot = (pages[withRef] ?? []).filter((p) => p.foot);
    expect(foot.map((p) => p.line)).toEqual(['n0', 'n1']);
    expect(foot[1]?.y).toBe(90);
    expect(pages.flat().filter((p) => p.line === 'n0')).toHaveLength(1);
  });
});
