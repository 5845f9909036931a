// Reads a tagged PDF's structure tree back, two ways: poppler's `pdfinfo -struct-text` (the whole tree,
// with each element's text and link annotations) and pdf.js (`getStructTree` per page, with /Alt and
// /Lang, and the marked content of `getTextContent({ includeMarkedContent })`: which text is an artifact).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

export interface TagNode {
  /** the element's type; `#text` for a run of text, in its place among the children */
  role: string;
  /** a `#text` node's text */
  text?: string;
  /** attribute lines (`/Scope /Column`, `/BBox […]`) */
  attrs: string[];
  /** link annotations (OBJR) */
  annots: number;
  children: TagNode[];
}

export function writeTemp(bytes: Uint8Array, name = 'x.pdf'): string {
  const file = join(mkdtempSync(join(tmpdir(), 'cjkpress-tags-')), name);
  writeFileSync(file, bytes);
  return file;
}

/** `pdfinfo FILE` as key → value. */
export function pdfinfo(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of execFileSync('pdfinfo', [file], { encoding: 'utf8' }).split('\n')) {
    const m = /^([^:]+):\s*(.*)$/.exec(line);
    if (m) out[m[1] as string] = m[2] as string;
  }
  return out;
}

/** The structure tree as `pdfinfo -struct-text` prints it (an element's lines are indented under it). */
export function structText(file: string): TagNode {
  const out = execFileSync('pdfinfo', ['-struct-text', file], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const root: TagNode = { role: 'Root', attrs: [], annots: 0, children: [] };
  const stack: { indent: number; node: TagNode }[] = [{ indent: -1, node: root }];
  for (const raw of out.split('\n')) {
    if (!raw.trim()) continue;
    const indent = raw.length - raw.trimStart().length;
    const line = raw.trim();
    while (stack.length > 1 && (stack[stack.length - 1] as { indent: number }).indent >= indent) stack.pop();
    const top = (stack[stack.length - 1] as { node: TagNode }).node;
    if (line.startsWith('"')) top.children.push({ role: '#text', text: line.slice(1, -1), attrs: [], annots: 0, children: [] });
    else if (line.startsWith('/')) top.attrs.push(line);
    else if (/^Object \d+ \d+$/.test(line)) top.annots++;
    else {
      const node: TagNode = { role: (line.split(/[\s:]/)[0] as string).trim(), attrs: [], annots: 0, children: [] };
      top.children.push(node);
      stack.push({ indent, node });
    }
  }
  return root;
}

/** Every element, depth first, in tree order (text nodes left out). */
export function* walk(n: TagNode): Generator<TagNode> {
  if (n.role === '#text') return;
  yield n;
  for (const c of n.children) yield* walk(c);
}

/** All text of an element and its descendants, in reading order, whitespace removed. */
export function allText(n: TagNode): string {
  return (n.role === '#text' ? (n.text ?? '') : n.children.map(allText).join('')).replace(/\s+/g, '');
}

export function byRole(root: TagNode, role: string): TagNode[] {
  return [...walk(root)].filter((n) => n.role === role);
}

export interface PdfjsStructNode {
  role: string;
  alt?: string;
  lang?: string;
  bbox?: number[];
  children?: (PdfjsStructNode | { type: string; id: string })[];
}

export interface PageMarks {
  tree: PdfjsStructNode | null;
  /** text inside marked content tagged Artifact */
  artifacts: string;
  /** text inside no marked content at all */
  unmarked: string;
  /** text of each marked-content id (p12R_mc3) */
  content: Map<string, string>;
}

/** pdf.js's view, page by page: the structure tree and what text is marked how. */
export async function readMarks(bytes: Uint8Array, opts: { trees?: boolean } = {}): Promise<PageMarks[]> {
  const doc = await getDocument({ data: bytes.slice(), useSystemFonts: false, disableFontFace: true, verbosity: 0 }).promise;
  const pages: PageMarks[] = [];
  for (let p = 1; p <= doc.numPages; p++) {
    const page = await doc.getPage(p);
    // pdf.js reads the whole structure tree for each page: slow on a long book, so it can be left out
    const tree = opts.trees === false ? null : ((await page.getStructTree()) as PdfjsStructNode | null);
    const tc = await page.getTextContent({ includeMarkedContent: true });
    const stack: { tag: string; id?: string }[] = [];
    let artifacts = '';
    let unmarked = '';
    const content = new Map<string, string>();
    for (const item of tc.items as { type?: string; tag?: string; id?: string; str?: string }[]) {
      if (item.type === 'beginMarkedContent' || item.type === 'beginMarkedContentProps')
        stack.push({ tag: item.tag ?? '', ...(item.id ? { id: item.id } : {}) });
      else if (item.type === 'endMarkedContent') stack.pop();
      else if (item.str !== undefined) {
        if (stack.length === 0) unmarked += item.str;
        else if (stack.some((s) => s.tag === 'Artifact')) artifacts += item.str;
        else {
          const id = [...stack].reverse().find((s) => s.id)?.id;
          if (id) content.set(id, (content.get(id) ?? '') + item.str);
        }
      }
    }
    pages.push({ tree, artifacts: artifacts.replace(/\s+/g, ''), unmarked: unmarked.replace(/\s+/g, ''), content });
  }
  await doc.destroy();
  return pages;
}

/** pdf.js struct nodes of a page, depth first. */
export function* walkPdfjs(n: PdfjsStructNode | null | undefined): Generator<PdfjsStructNode> {
  if (!n) return;
  yield n;
  for (const c of n.children ?? []) if ('role' in c) yield* walkPdfjs(c);
}

/** Text of a pdf.js struct node from its page's marked content. */
export function pdfjsText(n: PdfjsStructNode, content: Map<string, string>): string {
  let s = '';
  for (const c of n.children ?? []) s += 'role' in c ? pdfjsText(c, content) : (content.get((c as { id: string }).id) ?? '');
  return s.replace(/\s+/g, '');
}
