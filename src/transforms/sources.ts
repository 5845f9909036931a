import type { Block, Inline, SourceRef } from '../model.ts';

function collectLinks(content: readonly Inline[], out: SourceRef[]): void {
  for (const n of content) {
    if (n.kind === 'link') {
      const title = n.children.map((c) => (c.kind === 'text' ? c.text : '')).join('').trim();
      out.push({ title: title || n.href, url: n.href });
    } else if (n.kind === 'strong' || n.kind === 'emph') {
      collectLinks(n.children, out);
    }
  }
}

/** Front-matter sources first, then external links cited in the text, each URL once. */
export function buildAppendix(sources: readonly SourceRef[], blocks: readonly Block[]): SourceRef[] {
  const cited: SourceRef[] = [];
  for (const b of blocks) collectLinks(b.content, cited);
  const seen = new Set<string>();
  const out: SourceRef[] = [];
  for (const s of [...sources, ...cited.filter((c) => /^https?:/i.test(c.url))]) {
    if (seen.has(s.url)) continue;
    seen.add(s.url);
    out.push(s);
  }
  return out;
}
