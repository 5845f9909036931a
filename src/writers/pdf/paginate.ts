/**
 * Pure pagination: blocks of already-broken lines → pages of placed lines. Implements the clreq/print rules
 * that pdfkit does not: a heading keeps with the first lines of what follows, no paragraph leaves a
 * single line alone at the bottom (orphan) or top (widow) of a page, a figure is never split, a table
 * that breaks repeats its header rows, and footnotes go to the foot of the page that references them.
 */

export interface FlowLine<L> {
  line: L;
  /** line pitch in pt */
  height: number;
  /** footnotes this line references: each a list of lines, placed at the foot of the line's page (once) */
  notes?: FlowLine<L>[][];
}

export interface FlowBlock<L> {
  lines: FlowLine<L>[];
  spaceBefore: number;
  spaceAfter: number;
  /** keep this block on the page of the next block's first lines (headings) */
  keepWithNext: boolean;
  /** start this block on a new page */
  breakBefore?: boolean;
  /** never split this block (figures, appendix entries); a block taller than a page is split anyway */
  keepTogether?: boolean;
  /** this many first lines (a table's header rows) are repeated at the top of every page the block continues on */
  header?: number;
}

export interface Placed<L> {
  line: L;
  /** top of the line box */
  y: number;
  height: number;
  block: number;
  /** index of the line within its block */
  index: number;
  /** a footnote line at the page foot */
  foot?: boolean;
  /** a repeated table header line */
  repeat?: boolean;
}

export interface PageFrame {
  top: number;
  bottom: number;
  /** space between the text and the first footnote of a page (the separator rule sits in it) */
  noteGap?: number;
}

export function paginate<L>(blocks: readonly FlowBlock<L>[], frame: PageFrame): Placed<L>[][] {
  const pages: Placed<L>[][] = [[]];
  const noteGap = frame.noteGap ?? 0;
  let y = frame.top;
  let foot: FlowLine<L>[][] = []; // notes of the current page
  const placedNotes = new Set<FlowLine<L>[]>();
  const current = (): Placed<L>[] => pages[pages.length - 1] as Placed<L>[];
  const linesHeight = (ls: readonly FlowLine<L>[]): number => ls.reduce((s, l) => s + l.height, 0);
  const footHeight = (notes: readonly FlowLine<L>[][]): number => (notes.length === 0 ? 0 : noteGap + notes.reduce((s, n) => s + linesHeight(n), 0));
  const finishPage = (): void => {
    let fy = frame.bottom - footHeight(foot) + noteGap;
    for (const note of foot) {
      note.forEach((fl, k) => {
        current().push({ line: fl.line, y: fy, height: fl.height, block: -1, index: k, foot: true });
        fy += fl.height;
      });
    }
    foot = [];
  };
  const newPage = (): void => {
    if (current().length > 0) {
      finishPage();
      pages.push([]);
    }
    y = frame.top;
  };
  const height = (b: FlowBlock<L>, from: number, to: number): number => linesHeight(b.lines.slice(from, to));
  const newNotes = (fl: FlowLine<L>, also: readonly FlowLine<L>[][]): FlowLine<L>[][] =>
    (fl.notes ?? []).filter((n) => !placedNotes.has(n) && !also.includes(n));

  for (let bi = 0; bi < blocks.length; bi++) {
    const b = blocks[bi] as FlowBlock<L>;
    if (b.breakBefore) newPage();
    const atTop = (): boolean => current().length === 0;
    let before = atTop() ? 0 : b.spaceBefore;
    const header = Math.min(b.header ?? 0, b.lines.length);

    if (b.keepWithNext) {
      // this block, plus the first two lines of the next (or all of it when shorter), must share a page
      const next = blocks[bi + 1];
      const need = before + height(b, 0, b.lines.length) + b.spaceAfter + (next ? height(next, 0, Math.min(2, next.lines.length)) : 0);
      if (!atTop() && y + need > frame.bottom - footHeight(foot)) {
        newPage();
        before = 0;
      }
    }
    if (b.keepTogether && !atTop()) {
      let notes: FlowLine<L>[][] = [];
      for (const fl of b.lines) notes = [...notes, ...newNotes(fl, notes)];
      if (y + before + height(b, 0, b.lines.length) > frame.bottom - footHeight([...foot, ...notes])) {
        newPage();
        before = 0;
      }
    }
    y += before;

    let i = 0;
    while (i < b.lines.length) {
      // a table continued on a new page: its header rows first
      if (i > 0 && header > 0 && atTop()) {
        for (let k = 0; k < header; k++) {
          const fl = b.lines[k] as FlowLine<L>;
          current().push({ line: fl.line, y, height: fl.height, block: bi, index: k, repeat: true });
          y += fl.height;
        }
      }
      // how many of the remaining lines fit here, with the footnotes they bring
      let fit = 0;
      let h = 0;
      let pending: FlowLine<L>[][] = [];
      while (i + fit < b.lines.length) {
        const fl = b.lines[i + fit] as FlowLine<L>;
        const add = newNotes(fl, pending);
        if (y + h + fl.height > frame.bottom - footHeight([...foot, ...pending, ...add]) + 0.01) break;
        h += fl.height;
        pending = [...pending, ...add];
        fit++;
      }
      const rest = b.lines.length - i;
      if (fit < rest && !b.keepWithNext) {
        if (header > 0 && i === 0) {
          if (fit < header + 1) fit = 0; // a header with no row under it goes to the next page
        } else {
          if (i === 0 && fit === 1) fit = 0; // orphan: a first line alone at the page bottom
          if (rest - fit === 1 && fit > 0 && header === 0) fit--; // widow: a last line alone at the next page top
          if (i === 0 && fit === 1) fit = 0;
        }
      }
      // a line taller than the page (or than the page under a repeated header): place it anyway, never loop
      if (fit === 0 && (atTop() || (header > 0 && i > 0 && current().every((p) => p.block === bi)))) fit = 1;
      for (let k = 0; k < fit; k++) {
        const fl = b.lines[i + k] as FlowLine<L>;
        current().push({ line: fl.line, y, height: fl.height, block: bi, index: i + k });
        y += fl.height;
        for (const n of newNotes(fl, [])) {
          placedNotes.add(n);
          foot.push(n);
        }
      }
      i += fit;
      if (i < b.lines.length) newPage();
    }
    y += b.spaceAfter;
  }
  if (current().length > 0 || foot.length > 0) finishPage();
  if (current().length === 0 && pages.length > 1) pages.pop();
  return pages;
}
