/**
 * A very small XHTML tree: the EPUB writer builds every document as a tree of `El`,
 * serialises it itself (so CJK stays as real characters) and walks the same tree to learn
 * which characters each font face renders.
 */
import { orderedMarker } from '../numerals.ts';

export type XNode = string | El;

export interface El {
  tag: string;
  attrs: Record<string, string>;
  children: XNode[];
}

/** `h('p', { class: 'x' }, 'text', h('br'))`; `undefined`/`false` children are dropped. */
export function h(tag: string, attrs: Record<string, string | undefined> = {}, ...children: (XNode | XNode[] | undefined | false)[]): El {
  const a: Record<string, string> = {};
  for (const [k, v] of Object.entries(attrs)) if (v !== undefined) a[k] = v;
  const kids: XNode[] = [];
  for (const c of children) {
    if (c === undefined || c === false) continue;
    if (Array.isArray(c)) kids.push(...c);
    else kids.push(c);
  }
  return { tag, attrs: a, children: kids };
}

/**
 * Characters that XML 1.0 forbids (C0 controls except tab/LF/CR, U+FFFE/U+FFFF, lone surrogates):
 * they would make the document not well-formed, so they are dropped.
 */
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

export function xmlClean(s: string): string {
  return s.replace(NOT_XML, '');
}

/**
 * Escapes text content: `&`, `<`, `>` and `"` (so raw HTML in the text, e.g. `<a href="javascript:…">`,
 * never looks like markup even to a naive scan); every other character stays as itself.
 */
export function escapeText(s: string): string {
  return xmlClean(s).replace(/[&<>"]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&quot;'));
}

/** Escapes an attribute value (double-quoted). */
export function escapeAttr(s: string): string {
  return escapeText(s);
}

const VOID = new Set(['br', 'hr', 'img', 'meta', 'link']);
const BLOCK = new Set([
  'section',
  'div',
  'nav',
  'ol',
  'ul',
  'li',
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'blockquote',
  'pre',
  'hr',
  'table',
  'thead',
  'tbody',
  'tr',
  'figure',
  'aside',
]);

export function serialize(node: XNode): string {
  if (typeof node === 'string') return escapeText(node);
  let s = `<${node.tag}`;
  for (const [k, v] of Object.entries(node.attrs)) s += ` ${k}="${escapeAttr(v)}"`;
  if (VOID.has(node.tag) && node.children.length === 0) return `${s}/>`;
  s += '>';
  // Children that are all blocks go on their own lines (readable sources); inline content is
  // never touched: a line break inside CJK text would render as a space.
  const blocks = node.children.length > 0 && node.children.every((c) => typeof c !== 'string' && BLOCK.has(c.tag));
  const sep = blocks ? '\n' : '';
  for (const c of node.children) s += sep + serialize(c);
  return `${s}${sep}</${node.tag}>`;
}

/** Block-level children on their own lines, for readable sources (no whitespace inside paragraphs). */
export function serializeBlocks(nodes: readonly XNode[]): string {
  return nodes.map(serialize).join('\n');
}

export type Face = 'regular' | 'bold';

/** Elements whose text the stylesheet sets in the bold face. */
export const BOLD_TAGS = new Set(['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'strong', 'b', 'th']);
/** Elements that may be rendered in either face (emphasis: dots where supported, bold as fallback). */
export const EITHER_TAGS = new Set(['em']);

export interface Glyphs {
  regular: Set<string>;
  bold: Set<string>;
}

export function emptyGlyphs(): Glyphs {
  return { regular: new Set(), bold: new Set() };
}

/** Adds every rendered character of `text` to the face's set (line breaks and tabs are not glyphs). */
export function addText(set: Set<string>, text: string): void {
  for (const ch of text) if (ch !== '\n' && ch !== '\r' && ch !== '\t') set.add(ch);
}

/**
 * Records which characters each face renders in `node`: text under a bold element goes to `bold`,
 * emphasis to both, everything else to `regular`. Ordered-list markers ("1." …) are rendered in
 * the list's face too.
 */
export function collectGlyphs(node: XNode, into: Glyphs, faces: ReadonlySet<Face> = new Set(['regular'])): void {
  if (typeof node === 'string') {
    for (const f of faces) addText(into[f], node);
    return;
  }
  if (node.attrs.hidden !== undefined) return;
  let next = faces;
  if (BOLD_TAGS.has(node.tag)) next = new Set(['bold']);
  else if (EITHER_TAGS.has(node.tag)) next = new Set([...faces, 'bold']);
  if (node.tag === 'ol') {
    let n = 0;
    for (const c of node.children) if (typeof c !== 'string' && c.tag === 'li') n++;
    const start = Number(node.attrs.start ?? 1) || 1;
    const cjk = (node.attrs.class ?? '').split(' ').includes('cjk');
    for (let i = start; i < start + n; i++) for (const f of next) addText(into[f], orderedMarker(i, cjk));
  }
  for (const c of node.children) collectGlyphs(c, into, next);
}
