/**
 * The PDF's structure tree (tagged PDF, ISO 32000-1 §14.7–14.8), as plain data: what a screen reader, a
 * reflowing viewer or an archive reads instead of the drawn page. The flow builders (blocks.ts,
 * index.ts, volume.ts) make one node per construct of the model — `H1`…`H6`, `P`, `L`/`LI`/`Lbl`/`LBody`,
 * `BlockQuote`, `Code`, `Table`/`THead`/`TBody`/`TR`/`TH`/`TD`, `Figure` (with `/Alt`), `Link`, `Note`,
 * `Reference`, `TOC`/`TOCI`, `Span` (`/Lang`) — and hang them on the lines they lay out; the canvas
 * (package.ts, the one module that knows pdfkit) marks each drawn piece as content of its node and writes
 * the tree at the end. What has no node (page numbers, running heads, rules, backgrounds, emphasis dots,
 * bullets, leaders, QR codes, repeated table headers) is drawn as an artifact.
 *
 * Order: a node joins its parent when its first content is drawn (`addContent`), so the tree follows the
 * drawing order, which is the reading order — body lines page by page, a page's footnotes after its text
 * (a `Note` joins the paragraph that refers to it, as an inline element). Only what must be there even
 * when empty is attached at once with its parent (`eager`: a table's rows and cells, so that an empty
 * cell still holds its column).
 *
 * Nothing here depends on pdfkit.
 */

export type StructType =
  | 'Document'
  | 'Part'
  | 'Sect'
  | 'Div'
  | 'H1'
  | 'H2'
  | 'H3'
  | 'H4'
  | 'H5'
  | 'H6'
  | 'P'
  | 'L'
  | 'LI'
  | 'Lbl'
  | 'LBody'
  | 'BlockQuote'
  | 'Caption'
  | 'Code'
  | 'Table'
  | 'THead'
  | 'TBody'
  | 'TR'
  | 'TH'
  | 'TD'
  | 'Figure'
  | 'Link'
  | 'Note'
  | 'Reference'
  | 'TOC'
  | 'TOCI'
  | 'Span'
  | 'Ruby'
  | 'RB'
  | 'RT';

/** A marked-content sequence: page (0-based) and MCID. */
export interface ContentRef {
  page: number;
  mcid: number;
}

/** A link annotation (an opaque handle of the canvas) belonging to a `Link` node. */
export interface AnnotRef {
  annot: unknown;
  page: number;
}

export interface StructNode {
  type: StructType;
  /** alternative text (`Figure`) */
  alt?: string;
  /** natural language of the element, when it differs from its parent's */
  lang?: string;
  /** header cells: the cells they head */
  scope?: 'Column' | 'Row';
  /** a figure's box on its page: [x, y, w, h] in pdfkit's top-down coordinates */
  bbox?: [number, number, number, number];
  parent?: StructNode;
  /** children in reading order: elements, marked content, link annotations */
  kids: (StructNode | ContentRef | AnnotRef)[];
  attached: boolean;
  /** children attached together with this node, in this order (table rows and cells) */
  eager?: StructNode[];
}

/** The root: a `Document` element in the document's language. */
export function structRoot(lang: string): StructNode {
  return { type: 'Document', lang, kids: [], attached: true };
}

/** A node under `parent`, attached when its first content is drawn (or with its parent, if `eager`). */
export function struct(
  type: StructType,
  parent: StructNode | undefined,
  opts: { alt?: string; lang?: string; scope?: 'Column' | 'Row'; eager?: boolean } = {},
): StructNode {
  const n: StructNode = { type, kids: [], attached: false };
  if (parent) n.parent = parent;
  if (opts.alt !== undefined) n.alt = opts.alt;
  if (opts.lang !== undefined) n.lang = opts.lang;
  if (opts.scope !== undefined) n.scope = opts.scope;
  if (opts.eager && parent) {
    (parent.eager ??= []).push(n);
    if (parent.attached) attach(n);
  }
  return n;
}

function attach(n: StructNode): void {
  if (n.attached) return;
  if (n.parent && !n.parent.attached) {
    attach(n.parent);
    // attaching the parent attached its eager children, this one among them
    if (n.attached) return;
  }
  n.attached = true;
  n.parent?.kids.push(n);
  for (const e of n.eager ?? []) attach(e);
}

/** The `Link` element `n` is in (itself, or an ancestor up to the block), if any. */
export function linkOf(n: StructNode | undefined): StructNode | undefined {
  for (let k = n; k; k = k.parent) {
    if (k.type === 'Link') return k;
    if (!INLINE.has(k.type)) return undefined;
  }
  return undefined;
}

const INLINE: ReadonlySet<StructType> = new Set(['Link', 'Span', 'Code', 'Reference', 'Ruby', 'RB', 'RT']);

/** Records drawn content (or a link annotation) of `n`, attaching `n` and its ancestors on first use. */
export function addContent(n: StructNode, ref: ContentRef | AnnotRef): void {
  attach(n);
  n.kids.push(ref);
}

export function isNode(k: StructNode | ContentRef | AnnotRef): k is StructNode {
  return 'type' in k;
}

/** Whether a node holds any content (empty elements are left out of the written tree). */
export function hasContent(n: StructNode): boolean {
  return n.kids.some((k) => !isNode(k) || hasContent(k));
}

/** `H1`…`H6` for a heading level. */
export function headingType(level: number): StructType {
  return `H${Math.min(6, Math.max(1, level))}` as StructType;
}

/**
 * Scripts written in essentially one language: a run of text wholly in one of them, inside a document
 * of another language, is a `Span` with that `/Lang`, so a screen reader switches voice. Latin, Cyrillic,
 * Arabic and Devanagari are shared by many languages and get no guess; neither do Han characters.
 */
const SCRIPT_LANGS: [RegExp, string][] = [
  [/^[\p{Script=Hangul}]+$/u, 'ko'],
  [/^[\p{Script=Hiragana}\p{Script=Katakana}ー]+$/u, 'ja'],
  [/^\p{Script=Thai}+$/u, 'th'],
  [/^\p{Script=Lao}+$/u, 'lo'],
  [/^\p{Script=Khmer}+$/u, 'km'],
  [/^\p{Script=Hebrew}+$/u, 'he'],
  [/^\p{Script=Greek}+$/u, 'el'],
  [/^\p{Script=Armenian}+$/u, 'hy'],
  [/^\p{Script=Georgian}+$/u, 'ka'],
];

/** A cheap first test: only text with a letter outside Latin, CJK ideographs and punctuation can match. */
const MAYBE_OTHER = /[\u0370-\u058f\u0590-\u05ff\u0e00-\u0eff\u1780-\u17ff\u10a0-\u10ff\u3040-\u30ff\u1100-\u11ff\uac00-\ud7af]/u;

/** The language of `text` when its letters are all in one of SCRIPT_LANGS' scripts and that is not `docLang`'s. */
export function foreignLang(text: string, docLang: string): string | undefined {
  if (!MAYBE_OTHER.test(text)) return undefined;
  const letters = text.replace(/[\s\p{P}\p{S}\p{N}]/gu, '');
  if (!letters) return undefined;
  const primary = docLang.toLowerCase().split('-')[0];
  for (const [re, lang] of SCRIPT_LANGS) if (re.test(letters)) return lang === primary ? undefined : lang;
  return undefined;
}
