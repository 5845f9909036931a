import type { Diagnostics } from '../../diagnostics.ts';
import { layoutParagraph } from '../../layout/index.ts';
import type { FontMetrics, Glyphs, Line, StyledRun } from '../../layout/types.ts';
import { labelChars, labelsFor, type Labels } from '../../labels.ts';
import { markChars } from '../marks.ts';
import { inlineText, ownInlines, walkBlocks, type Block, type Book, type Inline, type TocEntry } from '../../model.ts';
import type { FontSet } from '../../fonts/resolve.ts';
import { alignBaselines, preparePdfFonts, type PdfFonts } from './fonts.ts';
import { createCanvas, type OutlineNode, type PdfCanvas } from './package.ts';
import { drawCover, type PdfCoverImage } from './cover.ts';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type QRCodeModule from 'qrcode';
import { loadImages, type BookImage } from '../../assets/images.ts';
import { bodyFlow, drawGraphics, EMPTY_LINE, type BlockEnv, type DrawLine, type Graphic, articleEnv, type LineTags } from './blocks.ts';
import { paginate, type FlowBlock, type FlowLine, type Placed } from './paginate.ts';
import type { TextRun } from './runs.ts';
import { loadStyle, type PageSize, type PrintStyle } from './style.ts';
import { headingType, linkOf, type StructNode, struct, structRoot } from './tags.ts';

export { PAGE_SIZES, type PageSize } from './style.ts';

export interface PdfOptions {
  fonts: FontSet;
  date: Date;
  pageSize: PageSize;
  /** where the writer reports warnings (src/diagnostics.ts) */
  diagnostics?: Diagnostics;
  /** the book's images, loaded once for both editions (default: loaded from beside the article) */
  images?: ReadonlyMap<string, BookImage>;
  /** the cover image; a typographic cover is drawn when absent */
  cover?: PdfCoverImage;
  /** PDF/A-2a (`--pdf-a`): archival metadata and an sRGB output intent; every PDF is tagged either way */
  pdfa?: boolean;
}

/**
 * QR codes in the appendix: error correction level M (15 % of the modules may be smudged or torn, the
 * usual choice for print) and at most version 15, 77 modules across, so that a module is still
 * ≥ 0.24 mm in the ~19–21 mm square the appendix prints (A5–A4). That holds 412 bytes of URL; a longer
 * URL would need modules a phone cannot resolve at that size (version 40 at level M holds 2,331 bytes,
 * at 0.12 mm a module, and `qrcode` throws beyond), so it is printed without a QR code.
 */
export const QR_LEVEL = 'M';
export const QR_MAX_VERSION = 15;

/**
 * qrcode's encoder only, loaded on first use: the package's entry also loads its PNG, SVG and terminal
 * renderers (≈ 130 ms of start-up for a function we never call).
 */
let create: typeof QRCodeModule.create | undefined;
function qrCreate(): typeof QRCodeModule.create {
  create ??= (createRequire(import.meta.url)('qrcode/lib/core/qrcode.js') as { create: typeof QRCodeModule.create }).create;
  return create;
}

/**
 * The modules of a QR code of `text` as rectangles (one per horizontal run of dark modules), `size` pt
 * square; undefined when the text does not fit a QR code of QR_MAX_VERSION.
 */
export function qrGraphics(text: string, x: number, y: number, size: number, color: string): Graphic[] | undefined {
  let qr: ReturnType<typeof QRCodeModule.create>;
  try {
    qr = qrCreate()(text, { errorCorrectionLevel: QR_LEVEL });
  } catch {
    // "The amount of data is too big to be stored in a QR Code": longer than version 40 holds
    return undefined;
  }
  if (qr.version > QR_MAX_VERSION) return undefined;
  const n = qr.modules.size;
  const m = size / n;
  const out: Graphic[] = [];
  for (let r = 0; r < n; r++) {
    let c = 0;
    while (c < n) {
      if (!qr.modules.get(r, c)) {
        c++;
        continue;
      }
      const start = c;
      while (c < n && qr.modules.get(r, c)) c++;
      // a hair wider than the module so neighbouring rectangles leave no seams
      out.push({ kind: 'rect', x: x + start * m, y: y + r * m, w: (c - start) * m + 0.05, h: m + 0.05, color });
    }
  }
  return out;
}

/** The line of the first block that links to `url` (the appendix entry's citation), if the text cites it. */
function citationLine(blocks: readonly Block[], url: string): number | undefined {
  const cites = (nodes: readonly Inline[]): boolean =>
    nodes.some((n) => (n.kind === 'link' && n.href === url) || ((n.kind === 'link' || n.kind === 'strong' || n.kind === 'emph') && cites(n.children)));
  for (const b of walkBlocks(blocks)) if (ownInlines(b).some(cites)) return b.pos.line;
  return undefined;
}

const require = createRequire(import.meta.url);
let mono: Promise<Buffer> | undefined;
/** The monospace face for code (TrueType, from npm); CJK characters in code are set in the serif. */
export function monoFont(): Promise<Buffer> {
  mono ??= readFile(require.resolve('@expo-google-fonts/jetbrains-mono/400Regular/JetBrainsMono_400Regular.ttf'));
  return mono;
}

export async function writePdf(book: Book, opts: PdfOptions): Promise<Uint8Array> {
  const style = loadStyle(opts.pageSize);
  const labels = labelsFor(book.meta.lang);
  // Korean sets words apart with spaces and breaks lines between them (CSS word-break: keep-all)
  const wordBreak = /^ko\b/i.test(book.meta.lang) ? 'keep-all' : 'normal';
  // Japanese: closing marks at a line's end stay full width (JLREQ), the line's box ends on the measure
  const japanese = /^ja\b/i.test(book.meta.lang);
  // the writer's own words (title page, TOC, appendix) are checked against the font chain too
  const pdfFonts = await preparePdfFonts(book, opts.fonts, labelChars(labels) + markChars(book.blocks), opts.diagnostics);
  const canvas = alignBaselines(
    createCanvas({
      size: style.page.size,
      date: opts.date,
      title: book.meta.title,
      lang: book.meta.lang,
      ...(book.meta.author ? { author: book.meta.author } : {}),
      fonts: { ...pdfFonts.files, mono: await monoFont() },
      ...(opts.pdfa ? { pdfa: true } : {}),
    }),
  );
  const { typeset, metricsOf } = typesetter(canvas, pdfFonts, style, wordBreak);
  // the structure tree (tags.ts): cover, title, contents, body, sources, in reading order
  const tree = structRoot(book.meta.lang);
  const coverNode = struct('Figure', tree, { alt: coverAlt(labels.cover, book.meta.title, book.meta.author ?? book.meta.column) });
  const titleNode = struct('Sect', tree);
  const tocNode = struct('Sect', tree);
  const bodyNode = struct('Sect', tree);

  const body = style.page.bodySize;
  const pitch = body * style.leading;
  const destOf = new Map<string, string>();
  const flow: FlowBlock<DrawLine>[] = [];

  // body: every block (src/writers/pdf/blocks.ts); headings get a destination and an outline entry
  const frame = { top: style.page.top, bottom: style.bottomY, noteGap: body * 1.2 };
  const images = opts.images ?? (await loadImages(book.file, book.blocks));
  const env = articleEnv(
    { labels, wordBreak, japanese, style, canvas, pdfFonts, metricsOf, frameHeight: frame.bottom - frame.top },
    { images, parent: bodyNode, lang: book.meta.lang },
    destOf,
  );
  flow.push(...bodyFlow(env, book.blocks));

  // the sources appendix, on its own page
  flow.push(
    ...appendixFlow(book, 'appendix', { style, labels, canvas, typeset, parent: bodyNode, ...(opts.diagnostics ? { diagnostics: opts.diagnostics } : {}) }),
  );

  const bodyPages = paginate(flow, frame);

  // page of each anchor, relative to the first body page
  const pageOfDest = new Map<string, number>();
  bodyPages.forEach((page, p) => {
    for (const pl of page) if (pl.line.anchor) pageOfDest.set(pl.line.anchor.dest, p);
  });

  const tocFlow = tocBlocks(tocItems(book.toc, destOf, labels, book.appendix.length > 0 ? 'appendix' : undefined), labels, style, typeset, canvas, tocNode);
  const tocPages = paginate(tocFlow.blocks, frame);
  const firstBodyPage = 1 + tocPages.length + 1; // title page, TOC pages, then body (1-based)

  // draw: the cover (labelled as such), then the title page numbered 1 as the footers count
  drawCover(canvas, style.page.size, { title: book.meta.title, byline: book.meta.author ?? book.meta.column }, pdfFonts.split, opts.cover, coverNode);
  canvas.pageLabels([
    { start: 0, prefix: labels.cover },
    { start: 1, style: 'D' },
  ]);
  drawTitlePage(canvas, book, labels, style, typeset, titleNode);
  const outline = canvas.outline();
  tocPages.forEach((page, p) => {
    canvas.addPage();
    if (p === 0) {
      canvas.dest('toc', style.page.top);
      outline.add(labels.toc);
    }
    for (const pl of page) {
      drawLine(canvas, style, pl);
      const entry = tocFlow.entryOf.get(pl.line);
      if (!entry) continue;
      const target = pageOfDest.get(entry.dest);
      if (target === undefined) continue;
      drawTocNumber(canvas, style, pl, entry, String(firstBodyPage + target));
    }
    drawFooter(canvas, style, p + 2);
  });

  let h2: OutlineNode | undefined;
  bodyPages.forEach((page, p) => {
    canvas.addPage();
    for (const pl of page) {
      const a = pl.line.anchor;
      if (a) {
        canvas.dest(a.dest, Math.max(0, pl.y - body));
        if (a.outline === false) {
          // nested heading: destination only
        } else if (a.level <= 2 || !h2) {
          const node = outline.add(a.title);
          if (a.level <= 2) h2 = node;
        } else {
          h2.add(a.title);
        }
      }
      drawLine(canvas, style, pl, destOf);
    }
    // footnotes: a short rule above the first one of the page
    const firstNote = page.find((pl) => pl.foot);
    if (firstNote)
      canvas.rule(style.left, firstNote.y - frame.noteGap / 2, style.left + style.width * 0.25, firstNote.y - frame.noteGap / 2, 0.5, style.colors.rule);
    drawFooter(canvas, style, firstBodyPage + p);
  });
  return canvas.end(tree);
}

/** A cover's alternative text: 封面：title — byline. */
export function coverAlt(label: string, title: string, byline?: string): string {
  return `${label}：${title}${byline ? ` — ${byline}` : ''}`;
}

/** A TOC entry's page number (content of its Link, after the entry's text), the leader before it, and the link over the line. */
export function drawTocNumber(canvas: PdfCanvas, style: PrintStyle, pl: Placed<DrawLine>, entry: TocEntryDraw, num: string): void {
  const w = canvas.measure('regular', num, entry.size);
  const right = style.left + style.width;
  const ty = textTop(pl, entry.size);
  drawLeader(canvas, style.left + pl.line.dx + pl.line.line.width + entry.size * 0.6, right - w - entry.size * 0.6, ty + entry.size * 0.95, style);
  canvas.beginContent(entry.node);
  canvas.text('regular', entry.size, num, right - w, ty, 0, style.colors.text);
  canvas.endMarked();
  canvas.goTo(style.left, pl.y, style.width, pl.height, entry.dest, entry.node, entry.title);
}

export function textTop(pl: Placed<DrawLine>, size: number): number {
  // centre the em box in the line pitch; pdfkit's y is the top of the font's ascent box (~1.16 em for Noto)
  return pl.y + (pl.height - size * 1.45) / 2;
}

/**
 * `destOf`: heading id → destination, for `#id` links (a link to an unknown id is drawn as text). A
 * repeated table header is drawn as an artifact: its cells are in the structure tree once.
 */
export function drawLine(canvas: PdfCanvas, style: PrintStyle, pl: Placed<DrawLine>, destOf?: ReadonlyMap<string, string>): void {
  const repeat = pl.repeat === true;
  drawGraphics(canvas, pl.line.graphics, style.left, pl.y, repeat);
  for (const part of pl.line.parts ?? []) {
    drawGraphics(canvas, part.graphics, style.left, pl.y, repeat);
    drawText(canvas, style, { ...pl, y: pl.y + part.dy, height: part.size * 1.5 }, part.line, part.dx, part.size, part.color, destOf, repeat ? {} : part);
  }
  drawText(canvas, style, pl, pl.line.line, pl.line.dx, pl.line.size, pl.line.color, destOf, repeat ? {} : pl.line);
}

function drawText(
  canvas: PdfCanvas,
  style: PrintStyle,
  pl: Placed<DrawLine>,
  line: Line,
  dx: number,
  size: number,
  color: string,
  destOf: ReadonlyMap<string, string> | undefined,
  tags: LineTags,
): void {
  const x0 = style.left + dx;
  const y = textTop(pl, size);
  const items = line.items;
  const nodeOf = (i: number): StructNode | undefined => tags.itemTags?.[i] ?? tags.tag;
  // each run of items of one element is one marked-content sequence; untagged text is an artifact
  for (let i = 0; i < items.length; ) {
    const node = nodeOf(i);
    let open = false;
    for (; i < items.length && nodeOf(i) === node; i++) {
      if (!open) {
        if (node) canvas.beginContent(node);
        else canvas.beginArtifact('Pagination');
        open = true;
      }
      const g = items[i] as (typeof items)[number];
      canvas.text(g.fontKey, g.size, g.text, x0 + g.x, y, g.charSpacing, g.link ? style.colors.link : color);
      if (g.ruby) {
        // a ruby base's readings right after it, outside its element's content (an artifact, out of the text
        // layer): the structure's text and a text extractor read the base text alone, the element going on
        // in a sequence of its own after them
        canvas.endMarked();
        open = false;
        drawRuby(canvas, g, x0, y, g.link ? style.colors.link : color);
      }
    }
    if (open) canvas.endMarked();
  }
  // one annotation per run of items with the same link on this line, not one per item; each belongs to its Link element
  let run: { link: string; x1: number; x2: number; node: StructNode | undefined } | undefined;
  const flush = (): void => {
    if (run?.link.startsWith('#')) {
      const dest = destOf?.get(run.link.slice(1));
      if (dest) canvas.goTo(x0 + run.x1, pl.y, run.x2 - run.x1, pl.height, dest, run.node, run.link);
    } else if (run) canvas.uri(x0 + run.x1, pl.y, run.x2 - run.x1, pl.height, run.link, run.node);
    run = undefined;
  };
  items.forEach((g, i) => {
    if (g.link && run?.link === g.link) run.x2 = g.x + g.width;
    else {
      flush();
      if (g.link) run = { link: g.link, x1: g.x, x2: g.x + g.width, node: linkOf(nodeOf(i)) };
    }
  });
  flush();
}

/**
 * The readings of a ruby base, above its em box (JLREQ: touching it; here 0.05 em apart). The line pitch
 * (1.75 em for body text, 1.5 em for headings, notes and table cells) leaves between two lines' em boxes at
 * least the half em a reading needs, so lines with ruby keep the same pitch as the others. The readings
 * are drawn right after their base, as artifacts kept out of the text layer (an empty ActualText): copying or
 * searching the page, and the structure tree, give the base text alone, in reading order.
 */
function drawRuby(canvas: PdfCanvas, g: Glyphs, x0: number, y: number, color: string): void {
  const main = (key: string): string => key.replace(/\.\d+$/, '');
  // the base's baseline (fallback faces are drawn on the main face's: fonts.ts alignBaselines), then the
  // top of its ideographic em box: 0.88 em above the baseline in the Noto CJK faces
  const emTop = y + canvas.ascent(main(g.fontKey), g.size) - 0.88 * g.size;
  for (const r of g.ruby ?? []) {
    const baseline = emTop - 0.05 * g.size - 0.12 * r.size;
    canvas.text(r.fontKey, r.size, r.text, x0 + r.x, baseline - canvas.ascent(main(r.fontKey), r.size), 0, color, true);
  }
}

export function drawLeader(canvas: PdfCanvas, x1: number, x2: number, y: number, style: PrintStyle): void {
  if (x2 - x1 < 6) return;
  canvas.leader(x1, x2, y, style.colors.rule);
}

/** The page number at the foot: an artifact (pagination), not text of the book. */
export function drawFooter(canvas: PdfCanvas, style: PrintStyle, pageNo: number | string): void {
  const size = style.page.bodySize * style.footer.scale;
  const num = String(pageNo);
  const w = canvas.measure('regular', num, size);
  const y = style.bottomY + style.page.bodySize * style.footer.offsetEm - size;
  canvas.beginArtifact('Pagination');
  canvas.text('regular', size, num, style.left + (style.width - w) / 2, y, 0, style.colors.muted);
  canvas.endMarked();
}

/** The writer's paragraph setter over the canvas's fonts: runs split per font of the chain, then clreq line breaking. */
export function typesetter(
  canvas: PdfCanvas,
  pdfFonts: PdfFonts,
  style: PrintStyle,
  wordBreak: 'normal' | 'keep-all',
): { typeset: Typeset; metricsOf: (key: string) => FontMetrics } {
  const metrics = new Map<string, FontMetrics>();
  const metricsOf = (key: string): FontMetrics => {
    let m = metrics.get(key);
    if (!m) metrics.set(key, (m = { advance: (t, s) => canvas.measure(key, t, s) }));
    return m;
  };
  const typeset = (runs: TextRun[], size: number, indent: number, justify: boolean, width = style.width): Line[] => {
    // one run per font: characters the main face lacks are set in a fallback face (src/fonts/chain.ts)
    const styled: StyledRun[] = runs.flatMap((r) =>
      pdfFonts.split(r.text, r.face === 'mono' ? 'regular' : r.face).map((p) => ({
        text: p.text,
        font: metricsOf(p.fontKey),
        fontKey: p.fontKey,
        size,
        ...(r.link ? { link: r.link } : {}),
      })),
    );
    return layoutParagraph(styled, { width, firstIndent: indent, justify, wordBreak });
  };
  return { typeset, metricsOf };
}

interface AppendixCtx {
  /** the structure element the appendix goes in */
  parent: StructNode;
  style: PrintStyle;
  labels: Labels;
  canvas: PdfCanvas;
  typeset: Typeset;
  diagnostics?: Diagnostics;
}

/** A book's sources appendix, starting on a new page (`dest`: its destination), numbered from 1; nothing when it has none. */
export function appendixFlow(book: Book, dest: string, ctx: AppendixCtx): FlowBlock<DrawLine>[] {
  const { style, labels, canvas, typeset } = ctx;
  const flow: FlowBlock<DrawLine>[] = [];
  if (book.appendix.length === 0) return flow;
  // H2, then a list: each entry an LI holding its title and its linked URL (the QR code is an artifact:
  // the same URL again, for phones)
  const heading = struct('H2', ctx.parent);
  const list = struct('L', ctx.parent);
  const body = style.page.bodySize;
  const pitch = body * style.leading;
  const hs = style.heading(2);
  const size = body * hs.scale;
  const title = labels.sources;
  flow.push({
    lines: typeset([{ text: title, face: 'bold' }], size, 0, false).map((line, i) => ({
      line: { line, dx: 0, size, color: style.colors.text, tag: heading, ...(i === 0 ? { anchor: { dest, title, level: 2 } } : {}) },
      height: size * 1.5,
    })),
    spaceBefore: 0,
    spaceAfter: body * hs.spaceAfterEm,
    keepWithNext: true,
    breakBefore: true,
  });
  // each entry: number, title, URL (linked) and a QR code of the URL at the right, for readers of the printed page
  const qrSize = Math.min(pitch * 3.2, 64);
  const qrGap = body;
  book.appendix.forEach((s, n) => {
    const label = `${n + 1}. `;
    const hang = canvas.measure('regular', label, body);
    const textWidth = style.width - qrSize - qrGap;
    const titleLines = typeset([{ text: `${label}${s.title}`, face: 'regular' }], body, 0, false, textWidth);
    const urlLines = typeset([{ text: s.url, face: 'regular', link: s.url }], body, 0, false, textWidth - hang);
    const lbody = struct('LBody', struct('LI', list));
    const titleNode = struct('P', lbody);
    const urlNode = struct('Link', struct('P', lbody));
    const lines: FlowLine<DrawLine>[] = [
      ...titleLines.map((line) => ({ line: { line, dx: 0, size: body, color: style.colors.text, tag: titleNode } as DrawLine, height: pitch })),
      ...urlLines.map((line) => ({ line: { line, dx: hang, size: body, color: style.colors.link, tag: urlNode } as DrawLine, height: pitch })),
    ];
    const qr = qrGraphics(s.url, style.width - qrSize, (pitch - body * 1.45) / 2, qrSize, style.colors.text);
    if (qr)
      while (lines.length * pitch < qrSize + body * 0.3) lines.push({ line: { line: EMPTY_LINE, dx: 0, size: body, color: style.colors.text }, height: pitch });
    const first = lines[0];
    if (first && qr) first.line.graphics = qr;
    else if (!qr) {
      // located at the block that cites the URL; a front-matter source has no position in the model
      const line = citationLine(book.blocks, s.url);
      const bytes = Buffer.byteLength(s.url, 'utf8');
      ctx.diagnostics?.warn(`URL too long for a QR code (${bytes} bytes): printed without one`, book.file, line, undefined, 'qr');
    }
    flow.push({ lines, spaceBefore: body * 0.8, spaceAfter: 0, keepWithNext: false, keepTogether: true });
  });
  return flow;
}

export type Typeset = (runs: TextRun[], size: number, indent: number, justify: boolean, width?: number) => Line[];

function drawTitlePage(canvas: PdfCanvas, book: Book, labels: Labels, style: PrintStyle, typeset: Typeset, parent: StructNode): void {
  canvas.addPage();
  const body = style.page.bodySize;
  const size = body * style.title.scale;
  let y = style.page.size[1] * 0.3;
  const h1 = struct('H1', parent);
  for (const line of typeset([{ text: book.meta.title, face: 'bold' }], size, 0, false)) {
    drawCentered(canvas, style, line, y, style.colors.text, h1);
    y += size * 1.5;
  }
  y += body * 2;
  const m = book.meta;
  const notes = [
    m.author ? m.author : '',
    m.reading ? labels.reading(m.reading.chars, m.reading.minutes) : '',
    m.column ? `${labels.column}${labels.colon}${m.column}` : '',
    m.origin ? `${labels.origin}${labels.colon}${m.origin}` : '',
  ].filter(Boolean);
  for (const text of notes) {
    const p = struct('P', parent);
    for (const line of typeset([{ text, face: 'regular' }], body, 0, false)) {
      drawCentered(canvas, style, line, y, style.colors.muted, p);
      y += body * 2.2;
    }
  }
}

/** A line centred on the measure, as content of `node` (none: an artifact, a running head). */
export function drawCentered(canvas: PdfCanvas, style: PrintStyle, line: Line, y: number, color = style.colors.text, node?: StructNode): void {
  const x0 = style.left + (style.width - line.width) / 2;
  if (node) canvas.beginContent(node);
  else canvas.beginArtifact('Pagination');
  for (const g of line.items) canvas.text(g.fontKey, g.size, g.text, x0 + g.x, y, g.charSpacing, color);
  canvas.endMarked();
}

/** Where a TOC entry's page number and link go: its last line; `node`: the entry's Link element. */
export interface TocEntryDraw {
  dest: string;
  size: number;
  title: string;
  node: StructNode;
}

export interface TocFlow {
  blocks: FlowBlock<DrawLine>[];
  /** the last line of each entry, where the page number and link go */
  entryOf: Map<DrawLine, TocEntryDraw>;
}

/**
 * The printed contents. Structure: its title an H2, then a TOC whose TOCI each hold the entry as a Link
 * (its text, its page number, the link annotation) and the entries below it in a TOC of their own.
 */
export function tocBlocks(items: readonly TocItem[], labels: Labels, style: PrintStyle, typeset: Typeset, canvas: PdfCanvas, parent: StructNode): TocFlow {
  const body = style.page.bodySize;
  const size = body;
  const hs = style.heading(2);
  const blocks: FlowBlock<DrawLine>[] = [];
  const entryOf = new Map<DrawLine, TocEntryDraw>();
  const titleSize = body * hs.scale;
  const heading = struct(headingType(2), parent);
  blocks.push({
    lines: typeset([{ text: labels.toc, face: 'bold' }], titleSize, 0, false).map((line) => ({
      line: { line, dx: 0, size: titleSize, color: style.colors.text, tag: heading },
      height: titleSize * 1.5,
    })),
    spaceBefore: 0,
    spaceAfter: body * hs.spaceAfterEm,
    keepWithNext: true,
  });
  const numberColumn = canvas.measure('regular', '000', size) + size * 2;
  const add = (title: string, dest: string, depth: number, node: StructNode): void => {
    const dx = depth * size * 2;
    const lines = typeset([{ text: title, face: depth === 0 ? 'bold' : 'regular' }], size, 0, false, style.width - dx - numberColumn);
    const drawn = lines.map((line) => ({ line: { line, dx, size, color: style.colors.text, tag: node }, height: body * style.leading }));
    const last = drawn[drawn.length - 1];
    if (last) entryOf.set(last.line, { dest, size, title, node });
    // entries are separated by more than a body line so each reads as its own item
    blocks.push({ lines: drawn, spaceBefore: body * (style.toc.entryPitchEm - style.leading), spaceAfter: 0, keepWithNext: false });
  };
  const walk = (entries: readonly TocItem[], depth: number, toc: StructNode): void => {
    for (const e of entries) {
      const item = struct('TOCI', toc);
      if (e.dest) add(e.title, e.dest, depth, struct('Link', item));
      if (e.children.length) walk(e.children, depth + 1, struct('TOC', item));
    }
  };
  walk(items, 0, struct('TOC', parent));
  return { blocks, entryOf };
}

/** An entry of the printed table of contents: `dest` is where it links (none: a title without a page). */
export interface TocItem {
  title: string;
  dest?: string | undefined;
  children: TocItem[];
}

/** An article's TOC as printed entries: its h2 (h3 below), then its sources appendix at `appendixDest`. */
export function tocItems(toc: readonly TocEntry[], destOf: ReadonlyMap<string, string>, labels: Labels, appendixDest?: string): TocItem[] {
  const conv = (entries: readonly TocEntry[]): TocItem[] => entries.map((e) => ({ title: e.title, dest: destOf.get(e.id), children: conv(e.children) }));
  return [...conv(toc), ...(appendixDest ? [{ title: labels.sources, dest: appendixDest, children: [] }] : [])];
}
