// The one module that knows markdown-it: everything after it sees only our model.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import container from 'markdown-it-container';
import footnote from 'markdown-it-footnote';
import { lineJoiner } from '../text/cjk.ts';
import { CjkpressError, type Diagnostics } from '../diagnostics.ts';
import {
  CALLOUT_TYPES,
  inlineText,
  mergeText,
  rubyChars,
  type Align,
  type Block,
  type CalloutType,
  type Inline,
  type Ruby,
  type TableCell,
  type TaskState,
} from '../model.ts';
import { mathPlugin } from './math.ts';
import { rubyPlugin, type RubyBadMeta, type RubyMeta, type SourceAt } from './ruby.ts';

// CommonMark plus GFM tables (in markdown-it's 'default' preset, not 'commonmark'), footnotes, `:::`
// containers (VitePress), `$…$` / `$$…$$` math (kept as TeX source, see ./math.ts) and ruby (./ruby.ts).
// `html: false`: raw HTML, inline or block, stays literal text — never markup, never executed; the one
// exception is `<ruby>`, read by ./ruby.ts into the model (never passed through as HTML either).
// One container rule for every `::: name`: an unknown name must still keep its content (a plain box),
// so validation only asks for a name (a bare `:::` line is not an opening fence).
const md = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false })
  .enable('table')
  .use(footnote)
  .use(container, 'callout', { validate: (params: string) => params.trim() !== '' })
  .use(mathPlugin)
  .use(rubyPlugin);
// Every link reaches the model; transforms/links.ts keeps http/https/mailto/#id and unwraps the rest with a
// warning (markdown-it's own check would silently print `[text](javascript:…)` as literal text).
md.validateLink = () => true;

type Figure = Extract<Block, { kind: 'figure' }>;

interface Ctx {
  file: string;
  /** file line of the body's first line */
  firstLine: number;
  /** the body's lines, to find the column of an image */
  lines: string[];
  cjkOrdered?: boolean;
  /** the first math (inline or display) in the file, for the one `[math]` warning */
  firstMath?: { line: number; col: number };
  diagnostics?: Diagnostics | undefined;
}

/** File line and column of `needle` at or after `line` (within 200 lines), for a message; the line itself when not found. */
function locate(ctx: Ctx, line: number, needle: string): { line: number; col: number } {
  for (let l = line - ctx.firstLine; l >= 0 && l < ctx.lines.length && l < line - ctx.firstLine + 200; l++) {
    const i = (ctx.lines[l] ?? '').indexOf(needle);
    if (i >= 0) return { line: l + ctx.firstLine, col: [...(ctx.lines[l] ?? '').slice(0, i)].length + 1 };
  }
  return { line, col: 1 };
}

function rubyWarning(ctx: Ctx, line: number, meta: { raw: string; at?: SourceAt | undefined }, message: string): void {
  if (!ctx.diagnostics) return;
  let at: { line: number; col: number } | undefined;
  if (meta.at) {
    // the token's line inside its block, and its column in the file's line (which may carry a list or quote prefix)
    const l = line + meta.at.dl;
    const text = ctx.lines[l - ctx.firstLine] ?? '';
    const i = text.indexOf(meta.at.srcLine);
    if (i >= 0) at = { line: l, col: [...text.slice(0, i + meta.at.col)].length + 1 };
  }
  at ??= locate(ctx, line, meta.raw.split('\n')[0] ?? meta.raw);
  ctx.diagnostics.warn(message, ctx.file, at.line, at.col, 'ruby');
}

/** What a ruby base may hold: text, emphasis, strong and code; anything else becomes its text. */
function rubyBase(nodes: readonly Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    if (n.kind === 'text' || n.kind === 'code') out.push(n);
    else if (n.kind === 'strong' || n.kind === 'emph') out.push({ ...n, children: rubyBase(n.children) });
    else {
      const text = inlineText([n]);
      if (text) out.push({ kind: 'text', text });
    }
  }
  return mergeText(out);
}

/**
 * A ruby just read: its base cleaned (rubyBase), a mono ruby whose readings do not match its base's
 * characters set as one reading over the group (with a warning). Undefined when nothing of it is left.
 */
function finishRuby(node: Ruby, meta: RubyMeta, ctx: Ctx, line: number): Ruby | undefined {
  const children = rubyBase(node.children);
  const base = inlineText(children);
  if (base.trim() === '') {
    rubyWarning(ctx, line, meta, `ruby ${meta.raw.length > 40 ? `${meta.raw.slice(0, 39)}…` : meta.raw} has no base text: left out`);
    return undefined;
  }
  let rt = node.rt;
  if (rt.length > 1) {
    const n = rubyChars(base).length;
    if (n !== rt.length) {
      rubyWarning(ctx, line, meta, `ruby over "${base}" has ${rt.length} readings for ${n} characters: set as one reading over the whole base`);
      rt = [rt.join('')];
    }
  }
  return { kind: 'ruby', children, rt };
}
/** Notes the first math of the file; `needle` is searched from `line` to give the warning a column. */
function sawMath(ctx: Ctx, line: number, needle: string): void {
  if (ctx.firstMath) return;
  for (let l = line - ctx.firstLine; l >= 0 && l < ctx.lines.length && l < line - ctx.firstLine + 200; l++) {
    const i = (ctx.lines[l] ?? '').indexOf(needle);
    if (i >= 0) {
      ctx.firstMath = { line: l + ctx.firstLine, col: [...(ctx.lines[l] ?? '').slice(0, i)].length + 1 };
      return;
    }
  }
  ctx.firstMath = { line, col: 1 };
}

/** Marks where a top-level image splits its paragraph. */
const SPLIT = Symbol('image');
type Piece = Inline | typeof SPLIT;

/** Plain text of an image's alt (markdown-it parses it as inline Markdown). */
function altText(children: Token[] | null): string {
  let s = '';
  for (const c of children ?? []) {
    if (c.type === 'text' || c.type === 'code_inline') s += c.content;
    else if (c.type === 'softbreak' || c.type === 'hardbreak') s += ' ';
    else if (c.type === 'image') s += altText(c.children);
  }
  return s;
}

/**
 * Inline tokens → inline nodes. Images come out as figures: one directly in the paragraph splits it
 * (SPLIT marks the place, the figure is in `figures`), one nested in a link or emphasis follows the paragraph.
 */
function readInlines(tokens: Token[], ctx: Ctx, line: number, figures: Figure[], nested: Figure[]): Piece[] {
  const { file } = ctx;
  const root: Piece[] = [];
  const stack: Piece[][] = [root];
  // the href of each open link (undefined for emphasis): an image inside a link keeps the link
  const hrefs: (string | undefined)[] = [];
  let linkImages = 0; // images met inside the innermost open link, to drop a link left empty
  const rubyMetas: RubyMeta[] = [];
  const top = (): Piece[] => stack[stack.length - 1] ?? root;
  const pushText = (text: string): void => {
    if (!text) return;
    const list = top();
    const last = list[list.length - 1];
    if (last !== SPLIT && last?.kind === 'text') last.text += text;
    else list.push({ kind: 'text', text });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    switch (t.type) {
      case 'text':
        pushText(t.content);
        break;
      case 'softbreak': {
        const prev = tokens[i - 1]?.content ?? '';
        const next = tokens[i + 1]?.content ?? '';
        const sep = lineJoiner(prev, next);
        if (sep) pushText(sep);
        break;
      }
      case 'hardbreak':
        top().push({ kind: 'break' });
        break;
      case 'code_inline':
        top().push({ kind: 'code', text: t.content });
        break;
      case 'math_inline':
        sawMath(ctx, line, t.markup + t.content);
        top().push({ kind: 'math', tex: t.content });
        break;
      case 'ruby_open': {
        const children: Inline[] = [];
        top().push({ kind: 'ruby', children, rt: (t.meta as unknown as RubyMeta).rt });
        stack.push(children as Piece[]);
        hrefs.push(undefined);
        rubyMetas.push(t.meta as unknown as RubyMeta);
        break;
      }
      case 'ruby_close': {
        stack.pop();
        hrefs.pop();
        const meta = rubyMetas.pop();
        const parent = top();
        const node = parent[parent.length - 1];
        if (node === SPLIT || node?.kind !== 'ruby' || !meta) break;
        const done = finishRuby(node, meta, ctx, line);
        if (done) parent[parent.length - 1] = done;
        else parent.pop();
        break;
      }
      case 'ruby_bad': {
        const meta = t.meta as unknown as RubyBadMeta;
        rubyWarning(ctx, line, meta, meta.message);
        pushText(t.content);
        break;
      }
      case 'footnote_ref': {
        const id = Number((t.meta as { id: number }).id);
        top().push({ kind: 'noteref', id: `fn${id + 1}`, n: id + 1 });
        break;
      }
      case 'strong_open':
      case 'em_open':
      case 'link_open': {
        const children: Inline[] = [];
        const node: Inline =
          t.type === 'strong_open'
            ? { kind: 'strong', children }
            : t.type === 'em_open'
              ? { kind: 'emph', children }
              : { kind: 'link', href: String(t.attrGet('href') ?? ''), children };
        top().push(node);
        stack.push(children as Piece[]);
        hrefs.push(node.kind === 'link' ? node.href : undefined);
        if (node.kind === 'link') linkImages = 0;
        break;
      }
      case 'strong_close':
      case 'em_close':
      case 'link_close': {
        const children = stack.pop();
        const href = hrefs.pop();
        // `[![badge](img)](link)`: the figure carries the link; an empty link would show nothing
        if (href !== undefined && linkImages > 0 && children?.length === 0) {
          const parent = top();
          parent.pop();
        }
        break;
      }
      case 'image': {
        const at = imageAt(ctx, line, figures.length + nested.length);
        const fig: Figure = {
          kind: 'figure',
          src: String(t.attrGet('src') ?? ''),
          alt: altText(t.children),
          title: String(t.attrGet('title') ?? ''),
          col: at.col,
          pos: { file, line: at.line },
        };
        const link = hrefs.findLast((h) => h !== undefined);
        if (link !== undefined) {
          fig.link = link;
          linkImages++;
        }
        if (stack.length === 1) {
          figures.push(fig);
          root.push(SPLIT);
        } else {
          nested.push(fig);
        }
        break;
      }
      default:
        throw new CjkpressError(`unsupported inline Markdown (${t.type})`, file, line, 1, 'unsupported');
    }
  }
  return root;
}

/** File line and column of the k-th `![` at or after `line` (the image's place, for messages). */
function imageAt(ctx: Ctx, line: number, k: number): { line: number; col: number } {
  let seen = 0;
  for (let l = line - ctx.firstLine; l < ctx.lines.length && l < line - ctx.firstLine + 10_000; l++) {
    const text = ctx.lines[l] ?? '';
    for (let i = text.indexOf('!['); i >= 0; i = text.indexOf('![', i + 2)) {
      if (seen++ === k) return { line: l + ctx.firstLine, col: [...text.slice(0, i)].length + 1 };
    }
  }
  return { line, col: 1 };
}

/** Inline content without images (table cells, headings): images become their alt text. */
function plainInlines(tokens: Token[], ctx: Ctx, line: number): Inline[] {
  const figures: Figure[] = [];
  const nested: Figure[] = [];
  const pieces = readInlines(tokens, ctx, line, figures, nested);
  const out: Inline[] = [];
  let k = 0;
  for (const p of pieces) {
    if (p === SPLIT) {
      const alt = figures[k++]?.alt ?? '';
      if (alt) out.push({ kind: 'text', text: alt });
    } else out.push(p);
  }
  return mergeText(out);
}

function trimEdges(nodes: Inline[]): Inline[] {
  const out = [...nodes];
  const first = out[0];
  if (first?.kind === 'text') out[0] = { kind: 'text', text: first.text.replace(/^\s+/, '') };
  const lastI = out.length - 1;
  const last = out[lastI];
  if (last?.kind === 'text') out[lastI] = { kind: 'text', text: last.text.replace(/\s+$/, '') };
  return out.filter((n) => n.kind !== 'text' || n.text !== '');
}

/** A paragraph's inline tokens → paragraphs and figures (a paragraph splits where an image stands). */
function paragraphBlocks(tokens: Token[], ctx: Ctx, line: number): Block[] {
  const figures: Figure[] = [];
  const nested: Figure[] = [];
  const pieces = readInlines(tokens, ctx, line, figures, nested);
  // a paragraph of linked images only (README badges) leaves spaces: no empty paragraph before them
  if (figures.length === 0 && nested.length > 0 && (pieces as Inline[]).every((p) => p.kind === 'text' && p.text.trim() === '')) return nested;
  if (figures.length === 0) return [{ kind: 'paragraph', content: pieces as Inline[], pos: { file: ctx.file, line } }, ...nested];
  const out: Block[] = [];
  let cur: Inline[] = [];
  let k = 0;
  let segLine = line;
  const flush = (): void => {
    const content = trimEdges(cur);
    if (content.length > 0) out.push({ kind: 'paragraph', content, pos: { file: ctx.file, line: segLine } });
    cur = [];
  };
  for (const p of pieces) {
    if (p === SPLIT) {
      flush();
      const fig = figures[k++];
      if (fig) {
        out.push(fig);
        segLine = fig.pos.line;
      }
    } else cur.push(p);
  }
  flush();
  return [...out, ...nested];
}

function alignOf(t: Token): Align {
  const m = /text-align:\s*(left|center|right)/.exec(String(t.attrGet('style') ?? ''));
  return (m?.[1] as Align | undefined) ?? null;
}

class BlockParser {
  i = 0;
  constructor(
    private readonly tokens: Token[],
    private readonly ctx: Ctx,
  ) {}

  private lineOf(t: Token | undefined, fallback: number): number {
    return t?.map ? this.ctx.firstLine + t.map[0] : fallback;
  }

  /** Blocks until a token of type `close` (consumed) or the end. `nested`: inside a list, quote or footnote. */
  blocks(close: string | undefined, nested: boolean, line = this.ctx.firstLine): Block[] {
    const { file } = this.ctx;
    const out: Block[] = [];
    while (this.i < this.tokens.length) {
      const t = this.tokens[this.i] as Token;
      if (close && t.type === close) {
        this.i++;
        return out;
      }
      const l = this.lineOf(t, line);
      const pos = { file, line: l };
      switch (t.type) {
        case 'heading_open': {
          const level = Number(t.tag.slice(1));
          const inline = this.tokens[this.i + 1];
          this.skipPast('heading_close');
          const customId = inline ? takeCustomId(inline) : undefined;
          const content = plainInlines(inline?.children ?? [], this.ctx, l);
          const id = customId !== undefined ? { customId } : {};
          if (nested) {
            // a heading inside a list, quote, footnote or callout: a heading in place, not a section (no TOC
            // entry), so level 1 is no title here
            out.push({ kind: 'heading', level, id: '', content, pos, nested: true, ...id });
            break;
          }
          if (level === 1) {
            throw new CjkpressError(
              'a level-1 heading in the body: the title comes from front matter `title`; use ## for sections',
              file,
              l,
              1,
              'heading-level',
            );
          }
          out.push({ kind: 'heading', level, id: '', content, pos, ...id });
          break;
        }
        case 'paragraph_open': {
          const inline = this.tokens[this.i + 1];
          this.skipPast('paragraph_close'); // skips footnote back-reference anchors too
          out.push(...paragraphBlocks(inline?.children ?? [], this.ctx, l));
          break;
        }
        case 'bullet_list_open':
        case 'ordered_list_open': {
          const ordered = t.type === 'ordered_list_open';
          const start = ordered ? Number(t.attrGet('start') ?? 1) : 1;
          const closeList = ordered ? 'ordered_list_close' : 'bullet_list_close';
          const tight = this.isTight(t, closeList);
          this.i++;
          const items: Block[][] = [];
          const tasks: TaskState[] = [];
          while (this.i < this.tokens.length && this.tokens[this.i]?.type !== closeList) {
            const item = this.tokens[this.i] as Token;
            if (item.type !== 'list_item_open') throw new Error(`markdown-it: unexpected ${item.type} in a list`);
            this.i++;
            tasks.push(this.takeTaskBox());
            items.push(this.blocks('list_item_close', true, this.lineOf(item, l)));
          }
          this.i++;
          const marker = ordered && this.ctx.cjkOrdered ? { marker: 'cjk' as const } : {};
          const task = tasks.some((x) => x !== null) ? { tasks } : {};
          out.push({ kind: 'list', ordered, start: Number.isFinite(start) ? start : 1, tight, items, pos, ...marker, ...task });
          break;
        }
        case 'blockquote_open': {
          this.i++;
          const alert = this.takeAlert();
          const blocks = this.blocks('blockquote_close', true, l);
          if (alert) {
            // the `[!NOTE]` line alone made a paragraph of its own: nothing of it is left
            const first = blocks[0];
            if (first?.kind === 'paragraph' && first.content.length === 0) blocks.shift();
            out.push({ kind: 'callout', type: alert, blocks, pos });
          } else out.push({ kind: 'quote', blocks, pos });
          break;
        }
        case 'container_callout_open': {
          this.i++;
          const { type, title } = calloutOf(t.info, this.ctx, l);
          out.push({ kind: 'callout', type, ...(title.length ? { title } : {}), blocks: this.blocks('container_callout_close', true, l), pos });
          break;
        }
        case 'fence':
        case 'code_block': {
          this.i++;
          const lang = t.type === 'fence' ? (t.info.trim().split(/\s+/)[0] ?? '') : '';
          if (lang === 'math') sawMath(this.ctx, l, t.markup);
          out.push({ kind: 'code', lang, text: t.content.replace(/\n$/, ''), pos });
          break;
        }
        case 'math_block':
          this.i++;
          sawMath(this.ctx, l, '$$');
          out.push({ kind: 'code', lang: 'math', text: t.content.replace(/^\n+|\s+$/g, ''), pos });
          break;
        case 'hr':
          this.i++;
          out.push({ kind: 'rule', pos });
          break;
        case 'html_block':
          // not produced with html: false; if it ever is, it stays text
          this.i++;
          out.push({ kind: 'paragraph', content: [{ kind: 'text', text: t.content.replace(/\n$/, '') }], pos });
          break;
        case 'table_open':
          this.i++;
          out.push(this.table(pos));
          break;
        case 'footnote_block_open':
          this.i++;
          break;
        case 'footnote_block_close':
          this.i++;
          break;
        case 'footnote_open': {
          const id = Number((t.meta as { id: number }).id);
          this.i++;
          const first = this.tokens[this.i];
          const blocks = this.blocks('footnote_close', true, this.lineOf(first, l));
          out.push({ kind: 'footnote', id: `fn${id + 1}`, n: id + 1, blocks, pos: blocks[0]?.pos ?? pos });
          break;
        }
        case 'footnote_anchor':
          this.i++;
          break;
        default:
          throw new CjkpressError(`unsupported Markdown (${t.type})`, file, l, 1, 'unsupported');
      }
    }
    return out;
  }

  /**
   * Whether the list opened by `open` is tight. markdown-it decides it per list (CommonMark §5.3) and
   * hides the paragraphs of a tight list's own items: only those (two levels below the list token)
   * count — a loose list nested in an item, or a paragraph in a quote inside an item, is not ours.
   */
  private isTight(open: Token, close: string): boolean {
    for (let k = this.i + 1; k < this.tokens.length; k++) {
      const p = this.tokens[k] as Token;
      if (p.type === close && p.level === open.level) break;
      if (p.type === 'paragraph_open' && p.level === open.level + 2 && !p.hidden) return false;
    }
    return true;
  }

  /**
   * A GFM task-list box at the start of the item's first paragraph (`[ ] ` or `[x] `): removed from the
   * text and returned as the item's state; null when the item has none.
   */
  private takeTaskBox(): TaskState {
    const p = this.tokens[this.i];
    const inline = this.tokens[this.i + 1];
    if (p?.type !== 'paragraph_open' || inline?.type !== 'inline') return null;
    const m = /^\[([ xX])\](?:[ \t]+|$)/.exec(inline.content);
    const first = inline.children?.[0];
    if (!m || first?.type !== 'text' || !first.content.startsWith(m[0].trimEnd())) return null;
    first.content = first.content.slice(m[0].trimEnd().length).replace(/^[ \t]+/, '');
    return m[1] !== ' ';
  }

  /**
   * A GitHub alert: a quote whose first line is `[!NOTE]` (TIP, IMPORTANT, WARNING, CAUTION; any case)
   * and nothing else. The marker line is removed from the first paragraph.
   */
  private takeAlert(): CalloutType | undefined {
    const p = this.tokens[this.i];
    const inline = this.tokens[this.i + 1];
    if (p?.type !== 'paragraph_open' || inline?.type !== 'inline') return undefined;
    const m = /^\[!(note|tip|important|warning|caution)\][ \t]*(?:\n|$)/i.exec(inline.content);
    if (!m) return undefined;
    const children = inline.children ?? [];
    const br = children.findIndex((c) => c.type === 'softbreak' || c.type === 'hardbreak');
    inline.children = br < 0 ? [] : children.slice(br + 1);
    return (m[1] ?? 'note').toLowerCase() as CalloutType;
  }

  private skipPast(type: string): void {
    while (this.i < this.tokens.length && this.tokens[this.i]?.type !== type) this.i++;
    this.i++;
  }

  private table(pos: Block['pos']): Block {
    const align: Align[] = [];
    const head: TableCell[] = [];
    const rows: TableCell[][] = [];
    let row: TableCell[] | undefined;
    let inHead = false;
    while (this.i < this.tokens.length) {
      const t = this.tokens[this.i++] as Token;
      if (t.type === 'table_close') break;
      if (t.type === 'thead_open') inHead = true;
      else if (t.type === 'thead_close') inHead = false;
      else if (t.type === 'tr_open') row = inHead ? head : [];
      else if (t.type === 'tr_close') {
        if (row && !inHead) rows.push(row);
        row = undefined;
      } else if (t.type === 'th_open' || t.type === 'td_open') {
        if (inHead) align.push(alignOf(t));
        const inline = this.tokens[this.i];
        const line = t.map ? this.ctx.firstLine + t.map[0] : rows.length + 2 + pos.line;
        row?.push({ content: plainInlines(inline?.type === 'inline' ? (inline.children ?? []) : [], this.ctx, line) });
      }
    }
    return { kind: 'table', align, head, rows, pos };
  }
}

export interface BlockOptions {
  /** number ordered lists 一、二、三、 (front matter `ordered-list: cjk`) */
  cjkOrdered?: boolean;
  /** the article's language: Aozora Bunko ruby (`漢字《かんじ》`) is read in Japanese only */
  lang?: string;
  /** where the `[math]` warning goes */
  diagnostics?: Diagnostics | undefined;
}

/**
 * `{#id}` at the end of a heading (pandoc / VitePress): removed from the text, returned as the id the
 * author asked for (transforms/heading-ids.ts checks it is valid and unique).
 */
function takeCustomId(inline: Token): string | undefined {
  const children = inline.children ?? [];
  const last = children[children.length - 1];
  if (last?.type !== 'text') return undefined;
  const m = /[ \t]*\{#([^{}]*)\}[ \t]*$/.exec(last.content);
  if (!m || (m.index === 0 && children.length === 1)) return undefined; // a heading that is only `{#x}` keeps it as text
  last.content = last.content.slice(0, m.index);
  if (last.content === '') children.pop();
  return m[1] ?? '';
}

const KNOWN_CALLOUTS: ReadonlySet<string> = new Set(CALLOUT_TYPES.filter((t) => t !== 'plain'));

/**
 * A `:::` container's info string → its type and title. `::: warning 小心`: type warning, title 小心.
 * An unknown name (`::: 注意事项`, `::: code-group`) becomes a plain box whose title is the whole info
 * string: the words the author wrote are never dropped.
 */
function calloutOf(info: string, ctx: Ctx, line: number): { type: CalloutType; title: Inline[] } {
  const params = info.trim();
  const m = /^(\S+)\s*(.*)$/.exec(params);
  const name = (m?.[1] ?? '').toLowerCase();
  const known = KNOWN_CALLOUTS.has(name);
  const text = known ? (m?.[2] ?? '') : params;
  const tokens = text ? (md.parseInline(text, {})[0]?.children ?? []) : [];
  return { type: known ? (name as CalloutType) : 'plain', title: plainInlines(tokens, ctx, line) };
}

const isJapanese = (lang: string | undefined): boolean => lang !== undefined && /^ja(?:-|$)/i.test(lang);

/** Parses the Markdown body into blocks. `firstLine` is the file line of the body's first line. */
export function readBlocks(body: string, file: string, firstLine: number, opts: BlockOptions = {}): Block[] {
  const tokens = md.parse(body, isJapanese(opts.lang) ? { aozora: true } : {});
  const ctx: Ctx = { file, firstLine, lines: body.split('\n'), cjkOrdered: opts.cjkOrdered === true, diagnostics: opts.diagnostics };
  const parser = new BlockParser(tokens, ctx);
  const blocks = parser.blocks(undefined, false);
  if (ctx.firstMath) opts.diagnostics?.warn('math is shown as TeX source, not typeset', file, ctx.firstMath.line, ctx.firstMath.col, 'math');
  return blocks;
}
