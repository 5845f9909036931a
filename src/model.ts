/**
 * The document model every stage shares: the reader produces it, transforms enrich it,
 * writers render it. Nothing here depends on a third-party package.
 */

/** 1-based line in the source file (front matter included), for diagnostics. */
export interface Pos {
  file: string;
  line: number;
}

export type Inline =
  | { kind: 'text'; text: string }
  | { kind: 'strong'; children: Inline[] }
  | { kind: 'emph'; children: Inline[] }
  | { kind: 'code'; text: string }
  /** `ref`: the link's number in the sources appendix (1-based), set by transforms for external links */
  | { kind: 'link'; href: string; children: Inline[]; ref?: number }
  | { kind: 'break' }
  /** a footnote reference; `id` names a `footnote` block, `n` is its number (1-based, order of first reference) */
  | { kind: 'noteref'; id: string; n: number }
  /** `$…$` TeX math: kept as its source and shown in code style (nothing typesets TeX here) */
  | { kind: 'math'; tex: string }
  /**
   * Ruby (furigana, zhuyin, pinyin): `children` is the base (text, emphasis, strong and code only), `rt` its
   * reading — one string for the whole base (group ruby), or one per base character (mono ruby:
   * `rt.length === rubyChars(inlineText(children)).length`, more than one). A reading of a mono ruby may
   * be '' (a kana of the base without one). Text, ids and the TOC see the base only (inlineText).
   */
  | Ruby;

export interface Ruby {
  kind: 'ruby';
  children: Inline[];
  rt: string[];
}

export type Align = 'left' | 'center' | 'right' | null;

export interface TableCell {
  content: Inline[];
}

/** GitHub alert types (`> [!NOTE]`) and VitePress container types (`::: tip`); `plain`: an unknown `::: name` */
export const CALLOUT_TYPES = ['note', 'tip', 'important', 'warning', 'caution', 'info', 'danger', 'details', 'plain'] as const;
export type CalloutType = (typeof CALLOUT_TYPES)[number];

export type Block =
  /**
   * `nested`: inside a quote, list item, footnote or callout — a heading as CommonMark says, styled in
   * place, but not a section: not in the TOC / nav / outline, and level 1 is allowed there.
   * `customId`: the author's `{#id}` after the heading text (transforms/heading-ids.ts checks it).
   */
  | { kind: 'heading'; level: number; id: string; content: Inline[]; pos: Pos; nested?: true; customId?: string }
  | { kind: 'paragraph'; content: Inline[]; pos: Pos }
  /**
   * Ordered or bullet list. `start` is the first number of an ordered list. `tight`: items are single
   * paragraphs without space between them (Markdown's tight list). Each item is a list of blocks.
   * `marker: 'cjk'`: an ordered list numbered 一、二、三、 (front matter `ordered-list: cjk`) instead of 1. 2. 3.
   */
  | { kind: 'list'; ordered: boolean; start: number; tight: boolean; items: Block[][]; pos: Pos; marker?: 'cjk'; tasks?: TaskState[] }
  | { kind: 'quote'; blocks: Block[]; pos: Pos }
  /**
   * A GitHub alert or a `:::` container: a labelled box. `title`: the author's own title (`::: warning 小心`);
   * without one the writers print the type's label in the article's language (src/labels.ts).
   */
  | { kind: 'callout'; type: CalloutType; title?: Inline[]; blocks: Block[]; pos: Pos }
  /**
   * fenced or indented code; `lang` is the info string's first word ('' when none). Display math
   * (`$$…$$`, a ```` ```math ```` fence) is a code block with `lang: 'math'`: shown as TeX source.
   */
  | { kind: 'code'; lang: string; text: string; pos: Pos }
  | { kind: 'rule'; pos: Pos }
  | { kind: 'table'; align: Align[]; head: TableCell[]; rows: TableCell[][]; pos: Pos }
  /**
   * an image on its own (`![alt](src "title")`); `col` is the column of `src` in the source line.
   * `link`: the link the image sat in (`[![alt](src)](link)`, README badges); `ref` / `linkRef`: the
   * sources-appendix numbers of a remote `src` (never fetched: shown as a placeholder) and of `link`.
   */
  | { kind: 'figure'; src: string; alt: string; title: string; col: number; pos: Pos; link?: string; ref?: number; linkRef?: number }
  /** a footnote's text; the reader puts all of them after the body, in reference order */
  | { kind: 'footnote'; id: string; n: number; blocks: Block[]; pos: Pos };

/** A GFM task-list item's box: `- [ ]` false, `- [x]` true; null for an ordinary item of the same list. */
export type TaskState = boolean | null;

export interface SourceRef {
  title: string;
  url: string;
}

export interface ReadingStats {
  chars: number;
  minutes: number;
}

export interface Meta {
  title: string;
  /** BCP 47, e.g. zh-CN */
  lang: string;
  /** file-name stem for dist/<slug>.epub|pdf */
  slug: string;
  reading?: ReadingStats;
  column?: string;
  origin?: string;
  author?: string;
  sources: SourceRef[];
  /** front matter `font` / `heading-font`: a font file relative to the article (`FILE#PostScriptName` for a collection face) or a family name */
  font?: string;
  headingFont?: string;
  /** front matter `ordered-list: cjk`: ordered lists numbered 一、二、三、 */
  orderedList?: 'decimal' | 'cjk';
  /** front matter `vertical: true`: vertical writing in the EPUB (zh-Hant and ja) */
  vertical?: boolean;
}

/** What the reader returns. Heading ids are empty until transforms fill them. */
export interface Article {
  file: string;
  meta: Meta;
  blocks: Block[];
}

export interface TocEntry {
  id: string;
  title: string;
  level: number;
  children: TocEntry[];
}

/** What writers take: the article after transforms. */
export interface Book extends Article {
  toc: TocEntry[];
  /** Appendix entries, in order: front-matter sources first. */
  appendix: SourceRef[];
}

/** What a book file (`book.yaml`) says about the volume as a whole; each article keeps its own Meta. */
export interface VolumeMeta {
  title: string;
  subtitle?: string;
  /** the editor or compiler of the volume */
  author?: string;
  /** BCP 47; the first article's when the book file has none */
  lang: string;
  /** file-name stem of the outputs */
  slug: string;
}

/**
 * A book of many articles: one volume with a cover, a title page and one table of contents, each
 * article a part with its own title block, body, footnotes and sources appendix. Heading ids are unique
 * across the parts (transforms/volume-ids.ts), so a writer may put every part in one id space.
 */
export interface Volume {
  /** the book file */
  file: string;
  meta: VolumeMeta;
  parts: Book[];
  /** `cover:` in the book file: an image path relative to it, with its place for messages */
  cover?: { src: string; pos: Pos; col: number };
}

const ATTACHED = /^(?:\p{M}|\u200d|[\ufe00-\ufe0f]|[\u{e0100}-\u{e01ef}])$/u;

/**
 * The characters of a ruby base as mono ruby counts them: code points, with combining marks,
 * variation selectors and ZWJ kept on the character before them.
 */
export function rubyChars(text: string): string[] {
  const out: string[] = [];
  for (const ch of text) {
    if (out.length > 0 && ATTACHED.test(ch)) out[out.length - 1] += ch;
    else out.push(ch);
  }
  return out;
}

/** Whether the ruby is mono ruby (one reading per base character) rather than one reading for the group. */
export const isMonoRuby = (r: Ruby): boolean => r.rt.length > 1;

/** Plain text of inline content, as a reader would see it (footnote references are not text, ruby readings neither). */
export function inlineText(content: readonly Inline[]): string {
  let s = '';
  for (const n of content) {
    if (n.kind === 'text' || n.kind === 'code') s += n.text;
    else if (n.kind === 'math') s += n.tex;
    else if (n.kind === 'break') s += '\n';
    else if (n.kind === 'noteref') continue;
    else s += inlineText(n.children);
  }
  return s;
}

/** The inline sequences a block holds directly (paragraph text, table cells; none for containers). */
export function ownInlines(b: Block): Inline[][] {
  switch (b.kind) {
    case 'heading':
    case 'paragraph':
      return [b.content];
    case 'callout':
      return b.title ? [b.title] : [];
    case 'table':
      return [...b.head.map((c) => c.content), ...b.rows.flatMap((r) => r.map((c) => c.content))];
    default:
      return [];
  }
}

/** The blocks a container block holds (list items flattened, quote and footnote bodies). */
export function childBlocks(b: Block): Block[] {
  switch (b.kind) {
    case 'list':
      return b.items.flat();
    case 'quote':
    case 'footnote':
    case 'callout':
      return b.blocks;
    default:
      return [];
  }
}

/** Every block, depth first, containers before their children. */
export function* walkBlocks(blocks: readonly Block[]): Generator<Block> {
  for (const b of blocks) {
    yield b;
    yield* walkBlocks(childBlocks(b));
  }
}

/** Plain text of a block and everything in it (code text included), for size checks and descriptions. */
export function blockText(b: Block): string {
  if (b.kind === 'code') return b.text;
  if (b.kind === 'figure') return b.alt;
  let s = ownInlines(b).map(inlineText).join('\n');
  for (const c of childBlocks(b)) s += `\n${blockText(c)}`;
  return s;
}

/**
 * Rebuilds a block with `f` applied to every inline sequence in it, containers included
 * (transforms use it so that every construct gets the same treatment). Returns `b` itself when
 * nothing changed.
 */
export function mapBlockInlines(b: Block, f: (content: Inline[], owner: Block) => Inline[]): Block {
  switch (b.kind) {
    case 'heading':
    case 'paragraph': {
      const content = f(b.content, b);
      return content === b.content ? b : { ...b, content };
    }
    case 'table': {
      let changed = false;
      const cell = (c: TableCell): TableCell => {
        const content = f(c.content, b);
        if (content === c.content) return c;
        changed = true;
        return { content };
      };
      const head = b.head.map(cell);
      const rows = b.rows.map((r) => r.map(cell));
      return changed ? { ...b, head, rows } : b;
    }
    case 'list': {
      let changed = false;
      const items = b.items.map((item) =>
        item.map((c) => {
          const n = mapBlockInlines(c, f);
          if (n !== c) changed = true;
          return n;
        }),
      );
      return changed ? { ...b, items } : b;
    }
    case 'quote':
    case 'footnote':
    case 'callout': {
      let changed = false;
      const title = b.kind === 'callout' && b.title ? f(b.title, b) : undefined;
      if (b.kind === 'callout' && title !== b.title) changed = true;
      const blocks = b.blocks.map((c) => {
        const n = mapBlockInlines(c, f);
        if (n !== c) changed = true;
        return n;
      });
      return changed ? { ...b, blocks, ...(title ? { title } : {}) } : b;
    }
    default:
      return b;
  }
}

/**
 * Rebuilds a container with `f` applied to each of its direct child blocks (list items, quote, footnote
 * and callout bodies); other blocks come back as they are. Returns `b` itself when nothing changed.
 */
export function mapChildBlocks(b: Block, f: (c: Block) => Block): Block {
  let changed = false;
  const g = (c: Block): Block => {
    const n = f(c);
    if (n !== c) changed = true;
    return n;
  };
  switch (b.kind) {
    case 'list': {
      const items = b.items.map((item) => item.map(g));
      return changed ? { ...b, items } : b;
    }
    case 'quote':
    case 'footnote':
    case 'callout': {
      const blocks = b.blocks.map(g);
      return changed ? { ...b, blocks } : b;
    }
    default:
      return b;
  }
}

/** Joins adjacent text nodes, as the reader produces them; transforms that unwrap inlines call it too. */
export function mergeText(nodes: readonly Inline[]): Inline[] {
  const out: Inline[] = [];
  for (const n of nodes) {
    const last = out[out.length - 1];
    if (n.kind === 'text' && last?.kind === 'text') out[out.length - 1] = { kind: 'text', text: last.text + n.text };
    else out.push(n);
  }
  return out;
}
