/**
 * Body blocks → flow blocks for the paginator: paragraphs (with emphasis dots, superscript footnote
 * and link numbers), lists with hanging indents, block quotes, code, tables, rules, figures and footnotes.
 * Every drawable is positioned relative to the text block's left edge and its line's top; the
 * paginator only sees heights.
 */
import type { Labels } from '../../labels.ts';
import { CjkpressError } from '../../diagnostics.ts';
import { isPlaceholder, remoteImageUrl, type BookImage } from '../../assets/images.ts';
import { isCjkLetter } from '../../layout/chars.ts';
import { layoutParagraph } from '../../layout/index.ts';
import { urlPieces } from '../../layout/urls.ts';
import type { FontMetrics, Glyphs, Line, RubyAnnotation, StyledRun } from '../../layout/types.ts';
import { blockText, type Block, type CalloutType, type Inline, inlineText } from '../../model.ts';
import { calloutLabel, placeholderLabel, taskBox } from '../marks.ts';
import type { PdfCanvas } from './package.ts';
import type { FlowBlock, FlowLine } from './paginate.ts';
import { type InlineTag, type RubyMark, toRuns, type TextRun } from './runs.ts';
import { foreignLang, headingType, type StructNode, struct } from './tags.ts';
import type { PrintStyle } from './style.ts';
import { orderedMarker } from '../numerals.ts';

/**
 * Something drawn with a line, relative to (text block left, line top). `tag`: the structure element it
 * is content of (a figure's image, a list item's number); without one it is an artifact (rules,
 * backgrounds, emphasis dots, bullets, QR codes).
 */
export type Graphic = (
  | { kind: 'rect'; x: number; y: number; w: number; h: number; color: string }
  | { kind: 'rule'; x1: number; y1: number; x2: number; y2: number; width: number; color: string }
  | { kind: 'dot'; x: number; y: number; r: number; color: string }
  | { kind: 'image'; data: Uint8Array; x: number; y: number; w: number; h: number }
  | { kind: 'svg'; text: string; x: number; y: number; w: number; h: number }
  | { kind: 'text'; text: string; fontKey: string; size: number; x: number; y: number; color: string }
) & { tag?: StructNode };

/** Where a line's text goes in the structure tree (tags.ts); a line with neither is drawn as an artifact. */
export interface LineTags {
  /** the element its text belongs to (a paragraph, a heading, a table cell …) */
  tag?: StructNode;
  /** per item of the line: the inline element it is in (a link, a footnote reference …), else `tag` */
  itemTags?: (StructNode | undefined)[];
}

/** A typeset line drawn at an offset inside a taller flow line (table cells). */
export interface TextPart extends LineTags {
  line: Line;
  dx: number;
  dy: number;
  size: number;
  color: string;
  graphics: Graphic[];
}

/** One typeset line ready to draw: the layout's line plus where it belongs. */
export interface DrawLine extends LineTags {
  line: Line;
  /** x of the line's origin relative to the text block's left edge */
  dx: number;
  size: number;
  color: string;
  /** a heading's first line: its destination and outline entry */
  anchor?: { dest: string; title: string; level: number; outline?: false };
  /** drawn before the text (backgrounds, rules, markers, dots, images) */
  graphics?: Graphic[];
  /** further lines inside this one (table cells) */
  parts?: TextPart[];
}

export const EMPTY_LINE: Line = { items: [], width: 0, last: true, justified: false, endOverhang: 0, stretch: 0, squeeze: 0 };

const SUP_SCALE = 0.6;
/** ruby readings: half the size of their base (JLREQ) */
export const RUBY_SCALE = 0.5;

export interface BlockEnv {
  style: PrintStyle;
  /** the words the writer adds itself (the endnotes heading) */
  labels: Labels;
  /** how lines may break between CJK letters: 'keep-all' for Korean */
  wordBreak: 'normal' | 'keep-all';
  /** Japanese: closing marks at a line's end stay full width (ParagraphStyle.endSqueeze false, JLREQ) */
  fullWidthEnd?: boolean;
  canvas: PdfCanvas;
  /** splits text of a face into pieces of one font each (the font chain) */
  split(text: string, face: 'regular' | 'bold'): { text: string; fontKey: string }[];
  metricsOf(key: string): FontMetrics;
  images: ReadonlyMap<string, BookImage>;
  /** page frame height available for one flow line (figures are scaled to fit it) */
  frameHeight: number;
  /** heading id → destination name (filled by the caller for headings) */
  onHeading(b: Extract<Block, { kind: 'heading' }>, lines: DrawLine[]): void;
  /** the structure element the body's blocks go in (the document, or a volume's part) */
  parent: StructNode;
  /** the language of that element: runs wholly in another script are tagged with theirs */
  lang: string;
}

/** What the body of every article in a PDF shares (the single article's, or each part of a volume). */
export interface ArticleContext {
  labels: Labels;
  wordBreak: BlockEnv['wordBreak'];
  /** Japanese: closing marks at a line's end stay full width */
  japanese: boolean;
  style: PrintStyle;
  canvas: PdfCanvas;
  pdfFonts: { split: BlockEnv['split'] };
  metricsOf: BlockEnv['metricsOf'];
  frameHeight: number;
}

/** The block environment of one article's body, headings anchored (headingEnv). */
export function articleEnv(
  c: ArticleContext,
  body: { images: ReadonlyMap<string, BookImage>; parent: StructNode; lang: string },
  destOf: Map<string, string>,
): BlockEnv {
  return headingEnv(
    {
      labels: c.labels,
      wordBreak: c.wordBreak,
      ...(c.japanese ? { fullWidthEnd: true } : {}),
      style: c.style,
      canvas: c.canvas,
      split: (text, face) => c.pdfFonts.split(text, face),
      metricsOf: c.metricsOf,
      images: body.images,
      frameHeight: c.frameHeight,
      parent: body.parent,
      lang: body.lang,
    },
    destOf,
  );
}

/**
 * The environment of a run of body blocks, with headings anchored: each gets a destination `hN` (its id
 * maps to it in `destOf`, for links) and an outline entry — except a heading nested in a quote, list or
 * callout, a link target but not a section.
 */
export function headingEnv(base: Omit<BlockEnv, 'onHeading'>, destOf: Map<string, string>): BlockEnv {
  return {
    ...base,
    onHeading: (b, lines) => {
      const dest = `h${destOf.size + 1}`;
      if (b.id) destOf.set(b.id, dest);
      const first = lines[0];
      if (first) first.anchor = { dest, title: inlineText(b.content).trim(), level: b.level, ...(b.nested ? { outline: false as const } : {}) };
    },
  };
}

interface SetText {
  lines: Line[];
  /** per line: emphasis dots etc. relative to the line's top, for a line of pitch `pitch` */
  graphics: Graphic[][];
  /** per line: ids of the footnotes referenced on it */
  notes: string[][];
  /** per line, per item: its inline structure element (undefined: the block's own text) */
  itemTags: (StructNode | undefined)[][];
}

/** Structure elements of inline tags: one per tag object, made under the block's element on first use. */
const inlineNodes = new WeakMap<InlineTag, StructNode>();
function inlineNode(tag: InlineTag, block: StructNode): StructNode {
  let n = inlineNodes.get(tag);
  if (!n) inlineNodes.set(tag, (n = struct(tag.type, tag.parent ? inlineNode(tag.parent, block) : block)));
  return n;
}

/** Font key and width of each character of a mono run: the monospace face where it has the glyph, the serif otherwise. */
function monoPieces(env: BlockEnv, text: string): { text: string; fontKey: string }[] {
  const out: { text: string; fontKey: string }[] = [];
  let cur = '';
  let curMono = true;
  const flush = (): void => {
    if (!cur) return;
    if (curMono) out.push({ text: cur, fontKey: 'mono' });
    else out.push(...env.split(cur, 'regular'));
    cur = '';
  };
  for (const ch of text) {
    const mono = ch === ' ' || env.canvas.hasGlyph('mono', ch);
    if (mono !== curMono) flush();
    curMono = mono;
    cur += ch;
  }
  flush();
  return out;
}

/**
 * Lays out runs as one paragraph and works out what the layout does not draw: emphasis dots under the
 * CJK characters of emphasised runs, and which footnotes each line references.
 */
export function setRuns(
  env: BlockEnv,
  runs: TextRun[],
  size: number,
  width: number,
  indent: number,
  justify: boolean,
  pitch: number,
  node?: StructNode,
): SetText {
  const styled: StyledRun[] = [];
  const meta: { start: number; run: TextRun }[] = [];
  let text = '';
  const rubies = runs.some((r) => r.ruby) ? rubyAnnotations(env, runs, size, width) : undefined;
  runs.forEach((r, ri) => {
    const s = r.sup ? size * SUP_SCALE : size;
    const pieces = r.face === 'mono' ? monoPieces(env, r.text) : env.split(r.text, r.face);
    const ruby = r.ruby ? rubies?.get(r.ruby) : undefined;
    for (const p of pieces) {
      styled.push({
        text: p.text,
        font: env.metricsOf(p.fontKey),
        fontKey: p.fontKey,
        size: s,
        ...(r.link ? { link: r.link } : {}),
        ...(r.sup ? { attach: true } : {}),
        ...(ruby ? { ruby } : {}),
      });
      meta.push({ start: text.length, run: r });
      text += p.text;
    }
    // a reading too long for any line is printed after its base, in brackets, as the EPUB's fallback does
    const next = runs[ri + 1];
    if (r.ruby && rubies && !rubies.has(r.ruby) && next?.ruby !== r.ruby) {
      const face = r.face === 'mono' ? 'regular' : r.face;
      for (const p of env.split(`（${r.ruby.rt.join('')}）`, face)) {
        styled.push({ text: p.text, font: env.metricsOf(p.fontKey), fontKey: p.fontKey, size: s, ...(r.link ? { link: r.link } : {}) });
        meta.push({ start: text.length, run: { ...r, text: p.text } });
        text += p.text;
      }
    }
  });
  if (styled.length === 0) return { lines: [], graphics: [], notes: [], itemTags: [] };
  const lines = layoutParagraph(styled, { width, firstIndent: indent, justify, wordBreak: env.wordBreak, ...(env.fullWidthEnd ? { endSqueeze: false } : {}) });
  // map each drawn item back to its run: items never span runs and come in text order
  const runAt = (offset: number): TextRun | undefined => {
    let lo = 0;
    let hi = meta.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((meta[mid] as { start: number }).start <= offset) lo = mid;
      else hi = mid - 1;
    }
    return meta[lo]?.run;
  };
  let cursor = 0;
  const graphics: Graphic[][] = [];
  const notes: string[][] = [];
  const itemTags: (StructNode | undefined)[][] = [];
  let span: StructNode | undefined;
  const top = (pitch - size * 1.45) / 2;
  for (const line of lines) {
    const g: Graphic[] = [];
    const ns: string[] = [];
    const tags: (StructNode | undefined)[] = [];
    for (const item of line.items) {
      const at = text.indexOf(item.text, cursor);
      const run = at < 0 ? undefined : runAt(at);
      if (at >= 0) cursor = at + item.text.length;
      let tag = node && run?.inline ? inlineNode(run.inline, node) : undefined;
      // a run wholly in another script (Hangul, kana, Thai, Hebrew, Greek …): a Span with its language,
      // one for neighbouring items of the same language (a word split over two fonts)
      const lang = node ? foreignLang(item.text, env.lang) : undefined;
      if (lang && node) {
        const within = tag ?? node;
        if (span?.lang !== lang || span.parent !== within) span = struct('Span', within, { lang });
        tag = span;
      } else span = undefined;
      tags.push(tag);
      if (!run) continue;
      if (run.noteId && !ns.includes(run.noteId)) ns.push(run.noteId);
      if (run.emph) g.push(...emphasisDots(env, item, top, size));
    }
    graphics.push(g);
    notes.push(ns);
    itemTags.push(tags);
  }
  return { lines, graphics, notes, itemTags };
}

/**
 * The reading of each ruby base among the runs, at half the size of its base, in pieces of one font each
 * (the chain, like the base). A ruby whose reading or base is wider than the measure is left out: its base
 * is set as text (broken like text), its reading after it in brackets (setRuns).
 */
function rubyAnnotations(env: BlockEnv, runs: readonly TextRun[], size: number, width: number): Map<RubyMark, RubyAnnotation> {
  const out = new Map<RubyMark, RubyAnnotation>();
  // the base's width (a ruby base is never broken: one wider than the measure is set as plain text)
  const baseW = new Map<RubyMark, number>();
  for (const r of runs) {
    if (!r.ruby) continue;
    const face = r.face === 'mono' ? 'regular' : r.face;
    const w = env.split(r.text, face).reduce((sum, p) => sum + env.canvas.measure(p.fontKey, p.text, size), 0);
    baseW.set(r.ruby, (baseW.get(r.ruby) ?? 0) + w);
  }
  const seen = new Set<RubyMark>();
  for (const r of runs) {
    if (!r.ruby || seen.has(r.ruby)) continue;
    seen.add(r.ruby);
    const face = r.face === 'mono' ? 'regular' : r.face;
    const rs = size * RUBY_SCALE;
    const readings = r.ruby.rt.map((t) => env.split(t, face).map((p) => ({ text: p.text, font: env.metricsOf(p.fontKey), fontKey: p.fontKey })));
    const total = readings.flat().reduce((w, p) => w + env.canvas.measure(p.fontKey, p.text, rs), 0);
    if (total > width || (baseW.get(r.ruby) ?? 0) > width) continue;
    out.set(r.ruby, { readings, mono: r.ruby.rt.length > 1, size: rs });
  }
  return out;
}

/** 着重号: a dot under the centre of each CJK character of the item (not under punctuation or Latin). */
function emphasisDots(env: BlockEnv, item: Glyphs, top: number, size: number): Graphic[] {
  const out: Graphic[] = [];
  const baseline = top + env.canvas.ascent(item.fontKey, item.size);
  let x = item.x;
  for (const ch of item.text) {
    const w = env.canvas.measure(item.fontKey, ch, item.size);
    if (isCjkLetter(ch.codePointAt(0) ?? 0)) out.push({ kind: 'dot', x: x + w / 2, y: baseline + size * 0.3, r: size * 0.075, color: env.style.colors.text });
    x += w + item.charSpacing;
  }
  return out;
}

interface Ctx {
  /** left edge of this container's content, from the text block's left edge */
  dx: number;
  width: number;
  /** inside a list item: paragraphs are not indented */
  inList: boolean;
  /** list nesting depth (bullet shape) */
  depth: number;
  /** the structure element this container's blocks go in */
  node: StructNode;
}

/** The flow of the body blocks, and the footnotes' lines by id (for FlowLine.notes). */
export function bodyFlow(env: BlockEnv, blocks: readonly Block[]): FlowBlock<DrawLine>[] {
  const { style } = env;
  const body = style.page.bodySize;
  const pitch = body * style.leading;
  const noteSize = body * 0.85;
  const notePitch = noteSize * 1.5;

  const runOpts = { linkNumbers: true, noteLabel: (n: number) => noteLabel(env, n) };
  // footnotes first: their lines hang off the lines that reference them
  const noteLines = new Map<string, FlowLine<DrawLine>[]>();
  // each note is a Note element: at the foot of a page it joins the paragraph that refers to it (set
  // below, where the reference is laid out); after the text, the endnotes' section
  const noteNodes = new Map<string, StructNode>();
  const endnotes: { lines: FlowLine<DrawLine>[]; node: StructNode }[] = [];
  const noteBlocks = blocks.filter((b): b is Extract<Block, { kind: 'footnote' }> => b.kind === 'footnote');
  for (const note of noteBlocks) {
    const label = noteLabel(env, note.n);
    const hang = noteSize * 1.6;
    const lines: FlowLine<DrawLine>[] = [];
    const noteNode = struct('Note', undefined);
    for (const b of note.blocks) {
      // anything but a paragraph (a list, a quote, a callout in a note) is set as its plain text: never lost
      const content = b.kind === 'paragraph' ? b.content : [{ kind: 'text', text: b.kind === 'code' ? b.text : blockText(b) } as Inline];
      const p = struct('P', noteNode);
      for (const seg of toRuns(content, 'regular', runOpts)) {
        const set = setRuns(env, seg, noteSize, style.width - hang, 0, true, notePitch, p);
        set.lines.forEach((line, k) => {
          lines.push({
            line: { line, dx: hang, size: noteSize, color: style.colors.text, graphics: set.graphics[k] ?? [], tag: p, itemTags: set.itemTags[k] ?? [] },
            height: notePitch,
          });
        });
      }
    }
    const first = lines[0];
    if (first) {
      const top = (notePitch - noteSize * 1.45) / 2;
      (first.line.graphics ??= []).push({
        kind: 'text',
        text: label,
        fontKey: 'regular',
        size: noteSize,
        x: 0,
        y: top,
        color: style.colors.text,
        tag: struct('Lbl', noteNode),
      });
      // a note too long for the foot of a page goes to the notes after the text (an endnote) instead
      if (lines.length * notePitch > env.frameHeight * 0.4) endnotes.push({ lines, node: noteNode });
      else {
        noteLines.set(note.id, lines);
        noteNodes.set(note.id, noteNode);
      }
    }
  }

  const flow: FlowBlock<DrawLine>[] = [];
  const top0: Ctx = { dx: 0, width: style.width, inList: false, depth: 0, node: env.parent };

  const textLines = (
    content: Inline[],
    ctx: Ctx,
    size: number,
    linePitch: number,
    indent: number,
    justify: boolean,
    face: 'regular' | 'bold' = 'regular',
    color = style.colors.text,
    node?: StructNode,
  ): FlowLine<DrawLine>[] => {
    const out: FlowLine<DrawLine>[] = [];
    toRuns(content, face, runOpts).forEach((seg, si) => {
      const set = setRuns(env, seg, size, ctx.width, si === 0 ? indent : 0, justify, linePitch, node);
      set.lines.forEach((line, k) => {
        const ids = set.notes[k] ?? [];
        const notes = ids.map((id) => noteLines.get(id)).filter((n): n is FlowLine<DrawLine>[] => n !== undefined);
        for (const id of ids) {
          const nn = noteNodes.get(id);
          if (nn && !nn.parent && node) nn.parent = node;
        }
        out.push({
          line: { line, dx: ctx.dx, size, color, graphics: set.graphics[k] ?? [], ...(node ? { tag: node, itemTags: set.itemTags[k] ?? [] } : {}) },
          height: linePitch,
          ...(notes.length ? { notes } : {}),
        });
      });
    });
    return out;
  };

  const block = (b: Block, ctx: Ctx): FlowBlock<DrawLine>[] => {
    switch (b.kind) {
      case 'heading': {
        if (b.nested) {
          // a heading inside a quote, list or callout: bold, a little larger, where it stands (no outline entry)
          const size = body * (b.level <= 2 ? style.heading(3).scale : b.level === 3 ? 1.1 : 1);
          const lines = textLines(b.content, ctx, size, size * 1.55, 0, false, 'bold', style.colors.text, struct(headingType(b.level), ctx.node));
          env.onHeading(
            b,
            lines.map((l) => l.line),
          );
          return [{ lines, spaceBefore: body * 0.6, spaceAfter: body * 0.2, keepWithNext: true }];
        }
        const hs = style.heading(b.level);
        const size = body * hs.scale;
        const lines = textLines(b.content, ctx, size, size * 1.5, 0, false, 'bold', style.colors.text, struct(headingType(b.level), ctx.node));
        env.onHeading(
          b,
          lines.map((l) => l.line),
        );
        return [{ lines, spaceBefore: body * hs.spaceBeforeEm, spaceAfter: body * hs.spaceAfterEm, keepWithNext: true }];
      }
      case 'paragraph':
        return [
          {
            lines: textLines(
              b.content,
              ctx,
              body,
              pitch,
              ctx.inList ? 0 : body * style.paragraphIndentEm,
              true,
              'regular',
              style.colors.text,
              struct('P', ctx.node),
            ),
            spaceBefore: 0,
            spaceAfter: 0,
            keepWithNext: false,
          },
        ];
      case 'list':
        return list(b, ctx);
      case 'quote': {
        const inner: Ctx = { ...ctx, dx: ctx.dx + body * 2, width: ctx.width - body * 4, node: struct('BlockQuote', ctx.node) };
        const out = b.blocks.flatMap((c) => block(c, inner));
        for (const fb of out) {
          for (const fl of fb.lines) {
            (fl.line.graphics ??= []).unshift({
              kind: 'rule',
              x1: ctx.dx + body * 1.2,
              y1: 0,
              x2: ctx.dx + body * 1.2,
              y2: fl.height,
              width: 1.5,
              color: style.colors.rule,
            });
          }
        }
        const first = out[0];
        const last = out[out.length - 1];
        if (first) first.spaceBefore = Math.max(first.spaceBefore, body * 0.5);
        if (last) last.spaceAfter = Math.max(last.spaceAfter, body * 0.5);
        return out;
      }
      case 'callout':
        return callout(b, ctx);
      case 'code':
        return [code(b.text, ctx, struct('Code', ctx.node))];
      case 'rule':
        return [
          {
            lines: [
              {
                line: {
                  line: EMPTY_LINE,
                  dx: ctx.dx,
                  size: body,
                  color: style.colors.text,
                  graphics: [
                    {
                      kind: 'rule',
                      x1: ctx.dx + ctx.width * 0.35,
                      y1: pitch / 2,
                      x2: ctx.dx + ctx.width * 0.65,
                      y2: pitch / 2,
                      width: 0.7,
                      color: style.colors.rule,
                    },
                  ],
                },
                height: pitch,
              },
            ],
            spaceBefore: body * 0.5,
            spaceAfter: body * 0.5,
            keepWithNext: false,
          },
        ];
      case 'table':
        return [table(b, ctx, struct('Table', ctx.node))];
      case 'figure':
        return [figure(b, ctx)];
      case 'footnote':
        return [];
    }
  };

  /** A labelled box: a coloured rule at the left of every line, the label in bold, the content indented. */
  const callout = (b: Extract<Block, { kind: 'callout' }>, ctx: Ctx): FlowBlock<DrawLine>[] => {
    const inner: Ctx = { ...ctx, dx: ctx.dx + body * 1.2, width: ctx.width - body * 1.2, node: struct('Div', ctx.node) };
    const out: FlowBlock<DrawLine>[] = [];
    const label = calloutLabel(b, env.labels);
    const color = CALLOUT_COLORS[b.type];
    if (label) {
      const content: Inline[] = typeof label === 'string' ? [{ kind: 'text', text: label }] : label;
      out.push({
        lines: textLines(content, inner, body, pitch, 0, false, 'bold', color, struct('P', inner.node)),
        spaceBefore: 0,
        spaceAfter: 0,
        keepWithNext: true,
      });
    }
    out.push(...b.blocks.flatMap((c) => block(c, inner)));
    const x = ctx.dx + body * 0.3;
    for (const fb of out) {
      for (const fl of fb.lines) (fl.line.graphics ??= []).unshift({ kind: 'rule', x1: x, y1: 0, x2: x, y2: fl.height, width: 2.5, color });
    }
    const first = out[0];
    const last = out[out.length - 1];
    if (first) first.spaceBefore = Math.max(first.spaceBefore, body * 0.6);
    if (last) last.spaceAfter = Math.max(last.spaceAfter, body * 0.6);
    return out;
  };

  const list = (b: Extract<Block, { kind: 'list' }>, ctx: Ctx): FlowBlock<DrawLine>[] => {
    // ordered: the numbers as text; bullets: drawn dots (the font's • is a tiny interpunct-like glyph), smaller when nested
    const cjk = b.marker === 'cjk';
    const markers = b.items.map((_, i) => (b.ordered ? orderedMarker(b.start + i, cjk) : ''));
    const widest = Math.max(0, ...markers.map((m) => env.canvas.measure('regular', m, body)));
    // "一、" carries its own space in the full-width 、: no extra gap after it
    const gap = cjk ? 0 : body * 0.5;
    const hang = Math.max(body * 2, widest + gap);
    const list = struct('L', ctx.node);
    const out: FlowBlock<DrawLine>[] = [];
    b.items.forEach((item, i) => {
      // LI: the number or task box (Lbl, made before LBody: it is drawn first, on the item's first line); a bullet is an artifact
      const li = struct('LI', list);
      const lbl = struct('Lbl', li);
      const inner: Ctx = { dx: ctx.dx + hang, width: ctx.width - hang, inList: true, depth: ctx.depth + 1, node: struct('LBody', li) };
      const blocks = item.flatMap((c) => block(c, inner));
      const firstLine = blocks.find((fb) => fb.lines.length > 0)?.lines[0];
      const m = markers[i] as string;
      if (firstLine) {
        const g = (firstLine.line.graphics ??= []);
        const top = (firstLine.height - body * 1.45) / 2;
        const task = b.tasks?.[i];
        if (task !== undefined && task !== null) {
          // a task box (□ / ▣) instead of the bullet or number, centred in the indent
          const box = taskBox(task);
          const key = env.split(box, 'regular')[0]?.fontKey ?? 'regular';
          const w = env.canvas.measure(key, box, body);
          g.push({ kind: 'text', text: box, fontKey: key, size: body, x: ctx.dx + (hang - w) / 2, y: top, color: style.colors.text, tag: lbl });
        } else if (b.ordered) {
          // the number sits in the indent, right-aligned half an em before the text
          const w = env.canvas.measure('regular', m, body);
          g.push({ kind: 'text', text: m, fontKey: 'regular', size: body, x: inner.dx - gap - w, y: top, color: style.colors.text, tag: lbl });
        } else {
          // a dot centred in the indent, on the middle of the em box (ideographs' centre: ~0.38 em above the baseline)
          const cy = top + env.canvas.ascent('regular', body) - body * 0.38;
          g.push({ kind: 'dot', x: ctx.dx + hang / 2, y: cy, r: ctx.depth === 0 ? body * 0.14 : body * 0.1, color: style.colors.text });
        }
      }
      const first = blocks[0];
      if (first && !b.tight && i > 0) first.spaceBefore = Math.max(first.spaceBefore, body * 0.4);
      out.push(...blocks);
    });
    const first = out[0];
    const last = out[out.length - 1];
    if (ctx.depth === 0) {
      if (first) first.spaceBefore = Math.max(first.spaceBefore, body * 0.3);
      if (last) last.spaceAfter = Math.max(last.spaceAfter, body * 0.3);
    }
    return out;
  };

  const code = (text: string, ctx: Ctx, node: StructNode): FlowBlock<DrawLine> => {
    const size = body * 0.85;
    const linePitch = size * 1.55;
    const pad = size * 0.6;
    const avail = ctx.width - pad * 2;
    const lines: FlowLine<DrawLine>[] = [];
    const bg = style.colors.codeBackground ?? '#f2f2f2';
    for (const src of text.replace(/\t/g, '    ').split('\n')) {
      // wrap at the last space when it is near the end of the line, else at any character: code must stay on the page
      const chars: { ch: string; fontKey: string; w: number }[] = [];
      for (const p of monoPieces(env, src)) for (const ch of p.text) chars.push({ ch, fontKey: p.fontKey, w: env.canvas.measure(p.fontKey, ch, size) });
      let start = 0;
      do {
        let x = 0;
        let end = start;
        let lastSpace = -1;
        while (end < chars.length) {
          const c = chars[end] as { ch: string; w: number };
          if (x + c.w > avail + 0.01 && end > start) break;
          if (c.ch === ' ' && end > start) lastSpace = end;
          x += c.w;
          end++;
        }
        if (end < chars.length && lastSpace > start) {
          const tail = chars.slice(lastSpace + 1, end).reduce((s, c) => s + c.w, 0);
          if (tail < avail * 0.3) end = lastSpace + 1;
        }
        const items: Glyphs[] = [];
        let ix = 0;
        for (let k = start; k < end; k++) {
          const c = chars[k] as { ch: string; fontKey: string; w: number };
          const prev = items[items.length - 1];
          if (prev && prev.fontKey === c.fontKey) {
            prev.text += c.ch;
            prev.width += c.w;
          } else items.push({ text: c.ch, x: ix, fontKey: c.fontKey, size, charSpacing: 0, width: c.w });
          ix += c.w;
        }
        lines.push({
          line: {
            line: { ...EMPTY_LINE, items, width: ix },
            dx: ctx.dx + pad,
            size,
            color: style.colors.text,
            graphics: [{ kind: 'rect', x: ctx.dx, y: 0, w: ctx.width, h: linePitch, color: bg }],
            tag: node,
          },
          height: linePitch,
        });
        start = end;
      } while (start < chars.length);
    }
    // padding above the first and below the last line: the background grows into the block's spacing
    const first = lines[0];
    const last = lines[lines.length - 1];
    if (first) (first.line.graphics ??= []).push({ kind: 'rect', x: ctx.dx, y: -pad / 2, w: ctx.width, h: pad / 2, color: bg });
    if (last) (last.line.graphics ??= []).push({ kind: 'rect', x: ctx.dx, y: linePitch, w: ctx.width, h: pad / 2, color: bg });
    return { lines, spaceBefore: body * 0.6, spaceAfter: body * 0.6, keepWithNext: false };
  };

  const table = (b: Extract<Block, { kind: 'table' }>, ctx: Ctx, node: StructNode): FlowBlock<DrawLine> => {
    const size = body * 0.9;
    const linePitch = size * 1.5;
    const padX = size * 0.5;
    const padY = size * 0.25;
    const cols = b.head.length;
    const all = [b.head, ...b.rows];
    const runsOf = (content: Inline[], head: boolean): TextRun[][] => toRuns(content, head ? 'bold' : 'regular', runOpts);
    // natural (one line) and minimum (longest unbreakable piece) width of each column
    const natural = new Array<number>(cols).fill(0);
    const minimum = new Array<number>(cols).fill(size);
    all.forEach((row, r) => {
      row.forEach((cell, c) => {
        if (c >= cols) return;
        for (const seg of runsOf(cell.content, r === 0)) {
          const set = setRuns(env, seg, size, 1e6, 0, false, linePitch);
          for (const line of set.lines) natural[c] = Math.max(natural[c] ?? 0, line.width);
          for (const run of seg) {
            if (run.ruby) {
              // a ruby base is never broken, and its reading wants its room too
              const face = run.face === 'mono' ? 'regular' : run.face;
              const base = env.split(run.text, face).reduce((w, p) => w + env.canvas.measure(p.fontKey, p.text, size), 0);
              const rt = run.ruby.rt.join('');
              const reading = env.split(rt, face).reduce((w, p) => w + env.canvas.measure(p.fontKey, p.text, size * RUBY_SCALE), 0);
              minimum[c] = Math.max(minimum[c] ?? 0, base, reading);
              continue;
            }
            // a URL's pieces between its break points, not the whole URL (src/layout/urls.ts)
            for (const word of run.text.split(/\s+|(?=[\u3000-\u9fff\uff00-\uffef])/u).flatMap(urlPieces)) {
              if (!word) continue;
              const key = run.face === 'mono' ? 'mono' : run.face;
              minimum[c] = Math.max(
                minimum[c] ?? 0,
                env.canvas.measure(env.split(word, run.face === 'mono' ? 'regular' : run.face)[0]?.fontKey ?? key, word, run.sup ? size * SUP_SCALE : size),
              );
            }
          }
        }
      });
    });
    const avail = ctx.width - cols * padX * 2;
    // a column never asks for more than the whole measure: one holding a long URL would otherwise squeeze
    // its neighbours to a character per line when the widths are shared out below
    const nat = natural.map((n, c) => Math.min(Math.max(n, minimum[c] ?? 0), avail) + 0.5);
    const sumNat = nat.reduce((s, n) => s + n, 0);
    let widths: number[];
    if (sumNat <= avail) widths = nat;
    else {
      const mins = minimum.map((m) => Math.min(m, avail / cols));
      const sumMin = mins.reduce((s, n) => s + n, 0);
      const k = sumNat > sumMin ? Math.max(0, (avail - sumMin) / (sumNat - sumMin)) : 0;
      widths = nat.map((n, c) => (mins[c] ?? 0) + (n - (mins[c] ?? 0)) * k);
    }
    const colW = widths.map((w) => w + padX * 2);
    const tableW = colW.reduce((s, w) => s + w, 0);
    const x0 = ctx.dx + Math.max(0, (ctx.width - tableW) / 2);
    const colX: number[] = [];
    colW.reduce((x, w) => (colX.push(x), x + w), x0);
    const rc = style.colors.rule;
    // structure: the header row in THead (header cells scoped to their column), the others in TBody; every
    // row and cell is made now and attached with the table (eager), so an empty cell still holds its column
    const thead = struct('THead', node, { eager: true });
    const tbody = b.rows.length > 0 ? struct('TBody', node, { eager: true }) : undefined;
    const cellNodes = all.map((_, r) => {
      const tr = struct('TR', r === 0 ? thead : tbody, { eager: true });
      return Array.from({ length: cols }, () => struct(r === 0 ? 'TH' : 'TD', tr, { eager: true, ...(r === 0 ? { scope: 'Column' as const } : {}) }));
    });
    // the lines of each row's cells, at line slot k of the row
    const rowParts = all.map((row, r) => {
      const head = r === 0;
      const parts: { part: TextPart; k: number }[] = [];
      let n = 1;
      for (let c = 0; c < cols; c++) {
        const cell = row[c];
        const w = widths[c] ?? 0;
        const cellNode = cellNodes[r]?.[c];
        let k = 0;
        for (const seg of runsOf(cell?.content ?? [], head)) {
          const set = setRuns(env, seg, size, w, 0, false, linePitch, cellNode);
          set.lines.forEach((line, li) => {
            const a = head ? 'center' : b.align[c];
            const off = a === 'right' ? w - line.width : a === 'center' ? (w - line.width) / 2 : 0;
            parts.push({
              k,
              part: {
                line,
                dx: (colX[c] ?? 0) + padX + off,
                dy: padY + k * linePitch,
                size,
                color: style.colors.text,
                graphics: (set.graphics[li] ?? []).map((g) => shift(g, (colX[c] ?? 0) + padX + off, padY + k * linePitch)),
                ...(cellNode ? { tag: cellNode, itemTags: set.itemTags[li] ?? [] } : {}),
              },
            });
            k++;
          });
        }
        n = Math.max(n, k);
      }
      return { parts, n };
    });
    // a row taller than a page (a cell holding a 3,000-character URL) is cut into pieces that each fit
    // under the repeated header, rather than running off the bottom of the page
    const headSlots = rowParts[0]?.n ?? 1;
    const perPiece = Math.max(1, Math.floor((env.frameHeight - (headSlots * linePitch + padY * 2) - padY * 2 - body * 1.2) / linePitch));
    const lines: FlowLine<DrawLine>[] = [];
    rowParts.forEach(({ parts, n }, r) => {
      const head = r === 0;
      for (let from = 0; from < n; from += perPiece) {
        const slots = Math.min(perPiece, n - from);
        const up = from * linePitch;
        const piece = parts
          .filter((p) => p.k >= from && p.k < from + slots)
          .map(({ part }) => ({ ...part, dy: part.dy - up, graphics: part.graphics.map((g) => shift(g, 0, -up)) }));
        const h = slots * linePitch + padY * 2;
        const graphics: Graphic[] = [];
        if (head) graphics.push({ kind: 'rect', x: x0, y: 0, w: tableW, h, color: style.colors.tableHead ?? '#eeeeee' });
        // the rule above a continued piece is the one below the piece before it
        if (from === 0) graphics.push({ kind: 'rule', x1: x0, y1: 0, x2: x0 + tableW, y2: 0, width: head ? 0.8 : 0.4, color: rc });
        graphics.push({ kind: 'rule', x1: x0, y1: h, x2: x0 + tableW, y2: h, width: from + slots >= n && head ? 0.8 : 0.4, color: rc });
        for (const x of [...colX, x0 + tableW]) graphics.push({ kind: 'rule', x1: x, y1: 0, x2: x, y2: h, width: 0.4, color: rc });
        lines.push({ line: { line: EMPTY_LINE, dx: 0, size, color: style.colors.text, graphics, parts: piece }, height: h });
      }
    });
    // a header cut into pieces is not repeated: it would fill the page it is repeated on
    const header = rowParts[0] && rowParts[0].n > perPiece ? 0 : 1;
    return { lines, spaceBefore: body * 0.6, spaceAfter: body * 0.6, keepWithNext: false, header };
  };

  const figure = (b: Extract<Block, { kind: 'figure' }>, ctx: Ctx): FlowBlock<DrawLine> => {
    const asset = env.images.get(b.src);
    // a remote image is never fetched; a placeholder: an image --keep-going could not use
    if (b.ref !== undefined || isPlaceholder(asset)) return placeholder(b, ctx);
    if (!asset) throw new CjkpressError(`image not found: ${b.src}`, b.pos.file, b.pos.line, b.col, 'missing-asset');
    const capSize = body * 0.9;
    const capPitch = capSize * 1.6;
    // a linked image: the caption carries the link and its number [n] (a picture has no text to click)
    const capContent: Inline[] = b.title ? [{ kind: 'text', text: b.title }] : [];
    const capInlines: Inline[] =
      b.link !== undefined ? [{ kind: 'link', href: b.link, children: capContent, ...(b.linkRef !== undefined ? { ref: b.linkRef } : {}) }] : capContent;
    // a Figure with the alt text (the caption, the file name when there is none: PDF/A-2a and PDF/UA
    // want one on every figure; [alt-text] warns the author), the caption its own element after it
    const fig = struct('Figure', ctx.node, { alt: b.alt.trim() || b.title.trim() || b.src.replace(/^.*\//, '') });
    const cap = struct('Caption', ctx.node);
    const caption = capInlines.length
      ? toRuns(capInlines, 'regular', runOpts).flatMap((seg) => {
          const set = setRuns(env, seg, capSize, ctx.width, 0, false, capPitch, cap);
          return set.lines.map((line, k) => ({ line, itemTags: set.itemTags[k] ?? [] }));
        })
      : [];
    const gap = body * 0.4;
    const pxToPt = 0.75; // 96 px per inch
    // an SVG without width/height/viewBox gets the CSS default size, 300 × 150 px
    const natW = (asset.width || (asset.type === 'svg' ? 300 : 1)) * pxToPt;
    const natH = (asset.height || (asset.type === 'svg' ? 150 : 1)) * pxToPt;
    let w = Math.min(ctx.width, natW);
    let h = (w * natH) / natW;
    const maxH = env.frameHeight - caption.length * capPitch - gap - 1;
    if (h > maxH) {
      h = maxH;
      w = (h * natW) / natH;
    }
    const lines: FlowLine<DrawLine>[] = [
      {
        line: {
          line: EMPTY_LINE,
          dx: ctx.dx,
          size: body,
          color: style.colors.text,
          graphics: [
            asset.type === 'svg'
              ? { kind: 'svg', text: new TextDecoder().decode(asset.data), x: ctx.dx + (ctx.width - w) / 2, y: 0, w, h, tag: fig }
              : { kind: 'image', data: asset.data, x: ctx.dx + (ctx.width - w) / 2, y: 0, w, h, tag: fig },
          ],
        },
        height: h + gap,
      },
      ...caption.map(({ line, itemTags }) => ({
        line: { line, dx: ctx.dx + (ctx.width - line.width) / 2, size: capSize, color: style.colors.muted, tag: cap, itemTags },
        height: capPitch,
      })),
    ];
    return { lines, spaceBefore: body * 0.8, spaceAfter: body * 0.8, keepWithNext: false, keepTogether: true };
  };

  /**
   * An image not in the book (remote, never fetched; or unusable under --keep-going): its alt text in a
   * thin frame, linked where the image was, followed by [n], the image URL's number in the sources.
   */
  const placeholder = (b: Extract<Block, { kind: 'figure' }>, ctx: Ctx): FlowBlock<DrawLine> => {
    const size = body * 0.9;
    const linePitch = size * 1.5;
    const pad = size * 0.5;
    const label = placeholderLabel(b);
    const text: Inline = { kind: 'text', text: label };
    const content: Inline[] = [
      b.link !== undefined ? { kind: 'link', href: b.link, children: [text], ...(b.linkRef !== undefined ? { ref: b.linkRef } : {}) } : text,
    ];
    if (b.ref !== undefined) content.push({ kind: 'link', href: remoteImageUrl(b.src), children: [], ref: b.ref });
    // the caption (图四：…) stays in the text, on its own line in the frame: figures are referred to by it
    if (b.title.trim() && b.title.trim() !== label) content.push({ kind: 'break' }, { kind: 'text', text: b.title });
    const inner: Ctx = { ...ctx, dx: ctx.dx + pad, width: ctx.width - pad * 2 };
    const lines = textLines(content, inner, size, linePitch, 0, false, 'regular', style.colors.muted, struct('P', ctx.node));
    const w = Math.max(0, ...lines.map((l) => l.line.line.width)) + pad * 2;
    const h = lines.length * linePitch + pad * 0.6;
    const first = lines[0];
    if (first) {
      const x0 = ctx.dx;
      const y0 = -pad * 0.3;
      const c = style.colors.rule;
      (first.line.graphics ??= []).push(
        { kind: 'rule', x1: x0, y1: y0, x2: x0 + w, y2: y0, width: 0.5, color: c },
        { kind: 'rule', x1: x0, y1: y0 + h, x2: x0 + w, y2: y0 + h, width: 0.5, color: c },
        { kind: 'rule', x1: x0, y1: y0, x2: x0, y2: y0 + h, width: 0.5, color: c },
        { kind: 'rule', x1: x0 + w, y1: y0, x2: x0 + w, y2: y0 + h, width: 0.5, color: c },
      );
    }
    return { lines, spaceBefore: body * 0.5, spaceAfter: body * 0.5, keepWithNext: false, keepTogether: true };
  };

  for (const b of blocks) flow.push(...block(b, top0));
  if (endnotes.length > 0) {
    const hs = style.heading(3);
    const size = body * hs.scale;
    const title = env.labels.notes;
    const lines = textLines([{ kind: 'text', text: title }], top0, size, size * 1.5, 0, false, 'bold', style.colors.text, struct('H3', env.parent));
    flow.push({ lines, spaceBefore: body * hs.spaceBeforeEm, spaceAfter: body * hs.spaceAfterEm, keepWithNext: true });
    for (const note of endnotes) {
      note.node.parent = env.parent;
      flow.push({ lines: note.lines, spaceBefore: body * 0.3, spaceAfter: 0, keepWithNext: false });
    }
  }
  // a note whose reference was not laid out as text (a table cell's) goes in the body's element
  for (const n of noteNodes.values()) n.parent ??= env.parent;
  return flow;
}

function shift(g: Graphic, dx: number, dy: number): Graphic {
  switch (g.kind) {
    case 'rule':
      return { ...g, x1: g.x1 + dx, x2: g.x2 + dx, y1: g.y1 + dy, y2: g.y2 + dy };
    default:
      return { ...g, x: g.x + dx, y: g.y + dy };
  }
}

/** Footnote numbers as Chinese books print them: circled digits ①–⑳ where the font has them, else digits. */
export function noteLabel(env: Pick<BlockEnv, 'canvas'>, n: number): string {
  const circled = n >= 1 && n <= 20 ? String.fromCodePoint(0x2460 + n - 1) : '';
  return circled && env.canvas.hasGlyph('regular', circled) ? circled : String(n);
}

/** The rule colour of each kind of callout (GitHub's alert colours, darkened for print). */
const CALLOUT_COLORS: Record<CalloutType, string> = {
  note: '#1f5fbf',
  info: '#1f5fbf',
  tip: '#1a7f37',
  important: '#7040c0',
  warning: '#9a6700',
  caution: '#c0262d',
  danger: '#c0262d',
  details: '#777777',
  plain: '#999999',
};

/**
 * Draws a line's graphics; `x0`, `y0`: the text block's left edge and the line's top. Each run of
 * graphics of one element is marked as its content; the others (and all with `artifact`: a repeated
 * table header) are an artifact.
 */
export function drawGraphics(canvas: PdfCanvas, graphics: readonly Graphic[] | undefined, x0: number, y0: number, artifact = false): void {
  if (!graphics?.length) return;
  let open: StructNode | null | undefined; // null: an artifact is open
  for (const g of graphics) {
    const tag = artifact ? undefined : g.tag;
    if ((tag ?? null) !== open) {
      if (open !== undefined) canvas.endMarked();
      if (tag) canvas.beginContent(tag);
      else canvas.beginArtifact('Layout');
      open = tag ?? null;
    }
    if (tag && (g.kind === 'image' || g.kind === 'svg')) tag.bbox = [x0 + g.x, y0 + g.y, g.w, g.h];
    drawGraphic(canvas, g, x0, y0);
  }
  canvas.endMarked();
}

function drawGraphic(canvas: PdfCanvas, g: Graphic, x0: number, y0: number): void {
  switch (g.kind) {
    case 'rect':
      canvas.rect(x0 + g.x, y0 + g.y, g.w, g.h, g.color);
      break;
    case 'rule':
      canvas.rule(x0 + g.x1, y0 + g.y1, x0 + g.x2, y0 + g.y2, g.width, g.color);
      break;
    case 'dot':
      canvas.dot(x0 + g.x, y0 + g.y, g.r, g.color);
      break;
    case 'image':
      canvas.image(g.data, x0 + g.x, y0 + g.y, g.w, g.h);
      break;
    case 'svg':
      canvas.svg(g.text, x0 + g.x, y0 + g.y, g.w, g.h);
      break;
    case 'text':
      canvas.text(g.fontKey, g.size, g.text, x0 + g.x, y0 + g.y, 0, g.color);
      break;
  }
}
