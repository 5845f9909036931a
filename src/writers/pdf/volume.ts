/**
 * A volume as one PDF: the cover, the book's title page and table of contents (front matter, numbered
 * i, ii …), then each article from a new page — its title block (author, column, origin, reading time),
 * its body, its own sources appendix — numbered 1, 2 … The viewer shows the same numbers (/PageLabels).
 * Running heads, as Chinese books set them (书眉): the book's title on left (even) pages, the article's
 * title on right (odd) pages, none on the page an article opens. The outline is three levels deep:
 * article titles, their h2 (and sources), their h3.
 */
import { bodyFlow, EMPTY_LINE, type BlockEnv, type DrawLine, articleEnv } from './blocks.ts';
import { labelChars, labelsFor } from '../../labels.ts';
import { markChars } from '../marks.ts';
import { inlineText, type Block, type Book, type Volume } from '../../model.ts';
import { alignBaselines, preparePdfFonts } from './fonts.ts';
import { createCanvas, type OutlineNode, type PdfCanvas } from './package.ts';
import { drawCover } from './cover.ts';
import { paginate, type FlowBlock } from './paginate.ts';
import { loadStyle, type PrintStyle } from './style.ts';
import { loadImages, type BookImage } from '../../assets/images.ts';
import { type StructNode, struct, structRoot } from './tags.ts';
import {
  appendixFlow,
  coverAlt,
  drawCentered,
  drawFooter,
  drawLine,
  drawTocNumber,
  monoFont,
  type PdfOptions,
  tocBlocks,
  type TocItem,
  tocItems,
  type Typeset,
  typesetter,
} from './index.ts';

export interface VolumePdfOptions extends Omit<PdfOptions, 'images'> {
  /** each part's images, in the volume's order (default: loaded from beside each article) */
  images?: readonly (ReadonlyMap<string, BookImage> | undefined)[];
}

const ROMAN: [number, string][] = [
  [1000, 'm'],
  [900, 'cm'],
  [500, 'd'],
  [400, 'cd'],
  [100, 'c'],
  [90, 'xc'],
  [50, 'l'],
  [40, 'xl'],
  [10, 'x'],
  [9, 'ix'],
  [5, 'v'],
  [4, 'iv'],
  [1, 'i'],
];

/** Lower-case Roman numerals, as PDF page labels of style /r show them. */
export function roman(n: number): string {
  let s = '';
  for (const [v, r] of ROMAN) while (n >= v) [n, s] = [n - v, s + r];
  return s;
}

/** One Book holding every character the volume prints: the font chain covers it once for the whole PDF. */
function charsBook(volume: Volume): Book {
  const first = volume.parts[0] as Book;
  const m = volume.meta;
  const words: Block = {
    kind: 'paragraph',
    content: [{ kind: 'text', text: [m.title, m.subtitle ?? '', m.author ?? ''].join('') }],
    pos: { file: volume.file, line: 1 },
  };
  const heads: Block = {
    kind: 'heading',
    level: 2,
    id: '',
    content: [{ kind: 'text', text: volume.parts.map((p) => p.meta.title).join('') }],
    pos: { file: volume.file, line: 1 },
  };
  return {
    ...first,
    file: volume.file,
    blocks: [words, heads, ...volume.parts.flatMap((p) => p.blocks)],
    meta: { ...first.meta, title: m.title, author: volume.parts.map((p) => [p.meta.author, p.meta.column, p.meta.origin].join('')).join('') },
    appendix: volume.parts.flatMap((p) => p.appendix),
  };
}

export async function writeVolumePdf(volume: Volume, opts: VolumePdfOptions): Promise<Uint8Array> {
  const { meta } = volume;
  const style = loadStyle(opts.pageSize);
  const labels = labelsFor(meta.lang);
  const wordBreak = /^ko\b/i.test(meta.lang) ? 'keep-all' : 'normal';
  // Japanese: closing marks at a line's end stay full width (JLREQ), the line's box ends on the measure
  const japanese = /^ja\b/i.test(meta.lang);
  const all = charsBook(volume);
  const pdfFonts = await preparePdfFonts(all, opts.fonts, `${labelChars(labels)}${markChars(all.blocks)}ivxlcdm`, opts.diagnostics);
  const canvas = alignBaselines(
    createCanvas({
      size: style.page.size,
      date: opts.date,
      title: meta.title,
      lang: meta.lang,
      ...(meta.author ? { author: meta.author } : {}),
      fonts: { ...pdfFonts.files, mono: await monoFont() },
      ...(opts.pdfa ? { pdfa: true } : {}),
    }),
  );
  const { typeset, metricsOf } = typesetter(canvas, pdfFonts, style, wordBreak);
  // the structure tree (tags.ts): cover, title page, contents, then each article a Part
  const tree = structRoot(meta.lang);
  const coverNode = struct('Figure', tree, { alt: coverAlt(labels.cover, meta.title, meta.author) });
  const titleNode = struct('Sect', tree);
  const tocNode = struct('Sect', tree);
  const body = style.page.bodySize;
  const frame = { top: style.page.top, bottom: style.bottomY, noteGap: body * 1.2 };
  // heading ids are unique across the volume (transforms/volume-ids.ts): one map serves every part
  const destOf = new Map<string, string>();
  const flow: FlowBlock<DrawLine>[] = [];
  /** the part each flow block belongs to, for the running heads */
  const partOfBlock: number[] = [];
  const toc: TocItem[] = [];

  for (const [i, part] of volume.parts.entries()) {
    const images = opts.images?.[i] ?? (await loadImages(part.file, part.blocks));
    const partNode = struct('Part', tree, part.meta.lang !== meta.lang ? { lang: part.meta.lang } : {});
    const env = articleEnv(
      { labels, wordBreak, japanese, style, canvas, pdfFonts, metricsOf, frameHeight: frame.bottom - frame.top },
      { images, parent: partNode, lang: part.meta.lang },
      destOf,
    );
    const partDest = `part-${i + 1}`;
    const appendixDest = `appendix-${i + 1}`;
    const blocks = [
      partTitleBlock(part, partDest, style, typeset, labels, partNode),
      ...bodyFlow(env, part.blocks),
      ...appendixFlow(part, appendixDest, {
        style,
        labels,
        canvas,
        typeset,
        parent: partNode,
        ...(opts.diagnostics ? { diagnostics: opts.diagnostics } : {}),
      }),
    ];
    for (const b of blocks) {
      flow.push(b);
      partOfBlock.push(i);
    }
    toc.push({ title: part.meta.title, dest: partDest, children: tocItems(part.toc, destOf, labels, part.appendix.length > 0 ? appendixDest : undefined) });
  }

  const bodyPages = paginate(flow, frame);
  const pageOfDest = new Map<string, number>();
  bodyPages.forEach((page, p) => {
    for (const pl of page) if (pl.line.anchor) pageOfDest.set(pl.line.anchor.dest, p);
  });
  const tocFlow = tocBlocks(toc, labels, style, typeset, canvas, tocNode);
  const tocPages = paginate(tocFlow.blocks, frame);
  const firstBody = 2 + tocPages.length; // 0-based: cover, title page, TOC pages

  drawCover(canvas, style.page.size, { title: meta.title, subtitle: meta.subtitle, byline: meta.author }, pdfFonts.split, opts.cover, coverNode);
  drawVolumeTitlePage(canvas, volume, style, typeset, titleNode);
  canvas.pageLabels([
    { start: 0, prefix: labels.cover },
    { start: 1, style: 'r' },
    { start: firstBody, style: 'D' },
  ]);

  tocPages.forEach((page, p) => {
    canvas.addPage();
    if (p === 0) canvas.dest('toc', style.page.top);
    for (const pl of page) {
      drawLine(canvas, style, pl);
      const entry = tocFlow.entryOf.get(pl.line);
      const target = entry && pageOfDest.get(entry.dest);
      if (!entry || target === undefined) continue;
      drawTocNumber(canvas, style, pl, entry, String(target + 1));
    }
    drawFooter(canvas, style, roman(p + 2));
  });

  const outline = canvas.outline();
  let partNode: OutlineNode | undefined;
  let h2: OutlineNode | undefined;
  bodyPages.forEach((page, p) => {
    canvas.addPage();
    let opens = false;
    for (const pl of page) {
      const a = pl.line.anchor;
      if (a) {
        canvas.dest(a.dest, Math.max(0, pl.y - body));
        if (a.outline === false) {
          // nested heading: a destination only
        } else if (a.level === 1) {
          partNode = outline.add(a.title, false);
          h2 = undefined;
          opens = true;
        } else if (a.level === 2 || !h2) {
          const node = (partNode ?? outline).add(a.title, false);
          if (a.level === 2) h2 = node;
        } else h2.add(a.title);
      }
      drawLine(canvas, style, pl, destOf);
    }
    const firstNote = page.find((pl) => pl.foot);
    if (firstNote)
      canvas.rule(style.left, firstNote.y - frame.noteGap / 2, style.left + style.width * 0.25, firstNote.y - frame.noteGap / 2, 0.5, style.colors.rule);
    const number = p + 1;
    const owner = page.find((pl) => !pl.foot && pl.block >= 0);
    const part = owner ? volume.parts[partOfBlock[owner.block] ?? 0] : undefined;
    if (!opens && part) drawRunningHead(canvas, style, number % 2 === 0 ? meta.title : part.meta.title, typeset);
    drawFooter(canvas, style, String(number));
  });
  return canvas.end(tree);
}

/** The running head: one line, centred in the top margin, above a hairline. */
function drawRunningHead(canvas: PdfCanvas, style: PrintStyle, text: string, typeset: Typeset): void {
  const size = style.page.bodySize * 0.75;
  const [line] = typeset([{ text, face: 'regular' }], size, 0, false);
  if (!line) return;
  const y = style.page.top * 0.42;
  drawCentered(canvas, style, line, y, style.colors.muted);
  canvas.rule(style.left, y + size * 1.75, style.left + style.width, y + size * 1.75, 0.4, style.colors.rule);
}

/** An article's opening: its title (an outline entry of level 1, an H1) and what the front matter says about it. */
function partTitleBlock(
  part: Book,
  dest: string,
  style: PrintStyle,
  typeset: Typeset,
  labels: ReturnType<typeof labelsFor>,
  parent: StructNode,
): FlowBlock<DrawLine> {
  const h1 = struct('H1', parent);
  const body = style.page.bodySize;
  const size = body * style.title.scale * 0.8;
  const centre = (w: number): number => (style.width - w) / 2;
  const m = part.meta;
  const lines = [
    { line: { line: EMPTY_LINE, dx: 0, size: body, color: style.colors.text } as DrawLine, height: body * 2 },
    ...typeset([{ text: m.title, face: 'bold' }], size, 0, false).map((line, i) => ({
      line: {
        line,
        dx: centre(line.width),
        size,
        color: style.colors.text,
        tag: h1,
        ...(i === 0 ? { anchor: { dest, title: m.title, level: 1 } } : {}),
      } as DrawLine,
      height: size * 1.5,
    })),
  ];
  const notes = [
    m.author ?? '',
    m.column ? `${labels.column}${labels.colon}${m.column}` : '',
    m.origin ? `${labels.origin}${labels.colon}${m.origin}` : '',
    m.reading ? labels.reading(m.reading.chars, m.reading.minutes) : '',
  ].filter(Boolean);
  notes.forEach((text, k) => {
    const p = struct('P', parent);
    for (const line of typeset([{ text, face: 'regular' }], body * 0.9, 0, false))
      lines.push({ line: { line, dx: centre(line.width), size: body * 0.9, color: style.colors.muted, tag: p }, height: body * (k === 0 ? 2.2 : 1.6) });
  });
  return { lines, spaceBefore: 0, spaceAfter: body * 2.5, keepWithNext: true, breakBefore: true };
}

function drawVolumeTitlePage(canvas: PdfCanvas, volume: Volume, style: PrintStyle, typeset: Typeset, parent: StructNode): void {
  canvas.addPage();
  const body = style.page.bodySize;
  const size = body * style.title.scale;
  let y = style.page.size[1] * 0.3;
  const h1 = struct('H1', parent);
  for (const line of typeset([{ text: volume.meta.title, face: 'bold' }], size, 0, false)) {
    drawCentered(canvas, style, line, y, style.colors.text, h1);
    y += size * 1.5;
  }
  if (volume.meta.subtitle) {
    y += body;
    const p = struct('P', parent);
    for (const line of typeset([{ text: volume.meta.subtitle, face: 'regular' }], body * 1.3, 0, false)) {
      drawCentered(canvas, style, line, y, style.colors.muted, p);
      y += body * 2;
    }
  }
  if (volume.meta.author) {
    y += body * 3;
    const p = struct('P', parent);
    for (const line of typeset([{ text: volume.meta.author, face: 'regular' }], body, 0, false)) {
      drawCentered(canvas, style, line, y, style.colors.muted, p);
      y += body * 2;
    }
  }
}
