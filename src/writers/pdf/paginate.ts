/**
 * Pure pagination: blocks of already-broken lines → pages of placed lines. Implements the clreq/print rules
 * that pdfkit does not: a heading keeps with the first lines of what follows, and no paragraph leaves a
 * single line alone at the bottom (orphan) or top (widow) of a page.
 */

export interface FlowLine<L> {
  line: L;
  /** line pitch in pt */
  height: number;
}

export interface FlowBlock<L> {
  lines: FlowLine<L>[];
  spaceBefore: number;
  spaceAfter: number;
  /** keep this block on the page of the next block's first lines (headings) */
  keepWithNext: boolean;
  /** start this block on a new page */
  breakBefore?: boolean;
}

export interface Placed<L> {
  line: L;
  /** top of the line box */
  y: number;
  height: number;
  block: number;
  /** index of the line within its block */
  index: number;
}

export interface PageFrame {
  top: number;
  bottom: number;
}

export function paginate<L>(blocks: readonly FlowBlock<L>[], frame: PageFrame): Placed<L>[][] {
  const pages: Placed<L>[][] = [[]];
  let y = frame.top;
  const current = (): Placed<L>[] => pages[pages.length - 1] as Placed<L>[];
  const newPage = (): void => {
    if (current().length > 0) pages.push([]);
    y = frame.top;
  };
  const height = (b: FlowBlock<L>, from: number, to: number): number =>
    b.lines.slice(from, to).reduce((s, l) => s + l.height, 0);

  for (let bi = 0; bi < blocks.length; bi++) {
    const b = blocks[bi] as FlowBlock<L>;
    if (b.breakBefore) newPage();
    const atTop = (): boolean => current().length === 0;
    let before = atTop() ? 0 : b.spaceBefore;

    if (b.keepWithNext) {
      // this block, plus the first two lines of the next (or all of it when shorter), must share a page
      const next = blocks[bi + 1];
      const need = before + height(b, 0, b.lines.length) + b.spaceAfter + (next ? height(next, 0, Math.min(2, next.lines.length)) : 0);
      if (!atTop() && y + need > frame.bottom) {
        newPage();
        before = 0;
      }
    }
    y += before;

    let i = 0;
    while (i < b.lines.length) {
      // how many of the remaining lines fit here
      let fit = 0;
      let h = 0;
      while (i + fit < b.lines.length) {
        const lh = (b.lines[i + fit] as FlowLine<L>).height;
        if (y + h + lh > frame.bottom + 0.01) break;
        h += lh;
        fit++;
      }
      const rest = b.lines.length - i;
      if (fit < rest && !b.keepWithNext) {
        if (i === 0 && fit === 1) fit = 0; // orphan: a first line alone at the page bottom
        if (rest - fit === 1 && fit > 0) fit--; // widow: a last line alone at the next page top
        if (i === 0 && fit === 1) fit = 0;
      }
      if (fit === 0 && atTop()) fit = 1; // a line taller than the page: place it anyway, never loop
      for (let k = 0; k < fit; k++) {
        const fl = b.lines[i + k] as FlowLine<L>;
        current().push({ line: fl.line, y, height: fl.height, block: bi, index: i + k });
        y += fl.height;
      }
      i += fit;
      if (i < b.lines.length) newPage();
    }
    y += b.spaceAfter;
  }
  if (current().length === 0 && pages.length > 1) pages.pop();
  return pages;
}
