import { inlineText, type Block, type TocEntry } from '../model.ts';

/** The TOC tree from the top-level h2 and h3 (headings nested in quotes, lists, callouts are not sections): an h3 nests under the h2 before it (or stands alone when none came before). */
export function buildToc(blocks: readonly Block[], minLevel = 2, maxLevel = 3): TocEntry[] {
  const toc: TocEntry[] = [];
  for (const b of blocks) {
    if (b.kind !== 'heading' || b.nested || b.level < minLevel || b.level > maxLevel) continue;
    const entry: TocEntry = { id: b.id, title: inlineText(b.content).trim(), level: b.level, children: [] };
    const parent = toc[toc.length - 1];
    if (b.level > minLevel && parent && parent.level < b.level) parent.children.push(entry);
    else toc.push(entry);
  }
  return toc;
}
