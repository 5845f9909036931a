import { isRemoteImage, remoteImageUrl } from '../assets/images.ts';
import { childBlocks, mapBlockInlines, mapChildBlocks, type Block, type Inline, type SourceRef } from '../model.ts';

function linkTitle(children: readonly Inline[], href: string): string {
  return (
    children
      .map((c) =>
        c.kind === 'text' || c.kind === 'code' ? c.text : c.kind === 'strong' || c.kind === 'emph' || c.kind === 'ruby' ? linkTitle(c.children, '') : '',
      )
      .join('')
      .trim() || href
  );
}

const isWeb = (url: string): boolean => /^https?:/i.test(url);

/**
 * The sources appendix: front-matter sources first, then the web links cited in the text, each URL
 * once. Every http(s) link in the text gets `ref`, its entry's number (1-based), so print editions can
 * show the URL behind a link ("[3]") and e-books can link back from the entry to the citation.
 */
export function numberLinks(sources: readonly SourceRef[], blocks: readonly Block[]): { blocks: Block[]; appendix: SourceRef[] } {
  const appendix: SourceRef[] = [];
  const numberOf = new Map<string, number>();
  const add = (s: SourceRef): number => {
    let n = numberOf.get(s.url);
    if (n === undefined) {
      appendix.push(s);
      n = appendix.length;
      numberOf.set(s.url, n);
    }
    return n;
  };
  for (const s of sources) add(s);
  const walk = (nodes: Inline[]): Inline[] => {
    let changed = false;
    const out = nodes.map((n): Inline => {
      if (n.kind === 'strong' || n.kind === 'emph') {
        const children = walk(n.children);
        if (children === n.children) return n;
        changed = true;
        return { ...n, children };
      }
      if (n.kind !== 'link') return n;
      const children = walk(n.children);
      if (!isWeb(n.href)) {
        if (children === n.children) return n;
        changed = true;
        return { ...n, children };
      }
      changed = true;
      return { ...n, children, ref: add({ title: linkTitle(n.children, n.href), url: n.href }) };
    });
    return changed ? out : nodes;
  };
  // figures in document order with the links: a linked image's link first, then a remote image's own URL
  const numberBlock = (b: Block): Block => {
    if (b.kind === 'figure') {
      const title = b.alt.trim() || b.title.trim();
      const linkRef = b.link !== undefined && isWeb(b.link) ? add({ title: title || b.link, url: b.link }) : undefined;
      const url = isRemoteImage(b.src) ? remoteImageUrl(b.src) : undefined;
      const ref = url !== undefined ? add({ title: title || url, url }) : undefined;
      if (ref === undefined && linkRef === undefined) return b;
      return { ...b, ...(ref !== undefined ? { ref } : {}), ...(linkRef !== undefined ? { linkRef } : {}) };
    }
    if (childBlocks(b).length === 0) return mapBlockInlines(b, (content) => walk(content));
    // a callout's title comes before its body, in the text and in the numbering
    let c = b;
    if (c.kind === 'callout' && c.title) {
      const title = walk(c.title);
      if (title !== c.title) c = { ...c, title };
    }
    return mapChildBlocks(c, numberBlock);
  };
  const numbered = blocks.map(numberBlock);
  return { blocks: numbered, appendix };
}

/** Front-matter sources first, then external links cited in the text, each URL once. */
export function buildAppendix(sources: readonly SourceRef[], blocks: readonly Block[]): SourceRef[] {
  return numberLinks(sources, blocks).appendix;
}
