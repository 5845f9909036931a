/**
 * The articles of a volume share one PDF (one set of named destinations) and one EPUB (one navigation
 * document): a heading id or footnote id an earlier article already uses is renamed in the later one
 * (`a2-背景` for the second article's `背景`), together with every `#id` link, figure link, footnote
 * reference and TOC entry of that article that points at it. Ids no other article has stay as the
 * author wrote them, so a single article's links and anchors do not change when it joins a book.
 */
import { mapBlockInlines, mapChildBlocks, walkBlocks, type Block, type Book, type Inline, type TocEntry } from '../model.ts';

/** Every id an article defines: headings (nested ones too) and footnotes. */
function idsOf(blocks: readonly Block[]): string[] {
  const ids: string[] = [];
  for (const b of walkBlocks(blocks)) {
    if (b.kind === 'heading' && b.id) ids.push(b.id);
    else if (b.kind === 'footnote') ids.push(b.id);
  }
  return ids;
}

function renameInlines(nodes: Inline[], rename: ReadonlyMap<string, string>): Inline[] {
  let changed = false;
  const out = nodes.map((n): Inline => {
    if (n.kind === 'noteref') {
      const id = rename.get(n.id);
      if (id === undefined) return n;
      changed = true;
      return { ...n, id };
    }
    if (n.kind === 'link' || n.kind === 'strong' || n.kind === 'emph') {
      const children = renameInlines(n.children, rename);
      const to = n.kind === 'link' && n.href.startsWith('#') ? rename.get(n.href.slice(1)) : undefined;
      if (children === n.children && to === undefined) return n;
      changed = true;
      return n.kind === 'link' ? { ...n, children, ...(to !== undefined ? { href: `#${to}` } : {}) } : { ...n, children };
    }
    return n;
  });
  return changed ? out : nodes;
}

function renameBlock(b: Block, rename: ReadonlyMap<string, string>): Block {
  let c = mapChildBlocks(b, (x) => renameBlock(x, rename));
  c = mapBlockInlines(c, (content) => renameInlines(content, rename));
  if (c.kind === 'heading' || c.kind === 'footnote') {
    const id = rename.get(c.id);
    if (id !== undefined) c = { ...c, id };
  }
  if (c.kind === 'figure' && c.link?.startsWith('#')) {
    const to = rename.get(c.link.slice(1));
    if (to !== undefined) c = { ...c, link: `#${to}` };
  }
  return c;
}

function renameToc(entries: readonly TocEntry[], rename: ReadonlyMap<string, string>): TocEntry[] {
  return entries.map((e) => ({ ...e, id: rename.get(e.id) ?? e.id, children: renameToc(e.children, rename) }));
}

/** The parts with every id unique across the volume (see the module comment). */
export function uniqueVolumeIds(parts: readonly Book[]): Book[] {
  const taken = new Set<string>();
  return parts.map((part, i) => {
    const own = idsOf(part.blocks);
    const mine = new Set(own);
    const rename = new Map<string, string>();
    for (const id of own) {
      if (!taken.has(id) || rename.has(id)) continue;
      let k = 0;
      let next = `a${i + 1}-${id}`;
      while (taken.has(next) || mine.has(next)) next = `a${i + 1}-${++k}-${id}`;
      rename.set(id, next);
    }
    for (const id of own) taken.add(rename.get(id) ?? id);
    if (rename.size === 0) return part;
    return { ...part, blocks: part.blocks.map((b) => renameBlock(b, rename)), toc: renameToc(part.toc, rename) };
  });
}
