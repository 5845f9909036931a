import GithubSlugger from 'github-slugger';
import { inlineText, type Block } from '../model.ts';

/**
 * github-slugger keeps CJK characters (markdown-it-anchor percent-encodes them, which breaks EPUB nav links).
 * One slugger per document, so repeated headings get -1, -2 suffixes. An id that would start with a digit
 * gets a `sec-` prefix: XML tooling and CSS selectors handle those badly.
 */
export function assignHeadingIds(blocks: Block[]): Block[] {
  const slugger = new GithubSlugger();
  return blocks.map((b) => {
    if (b.kind !== 'heading') return b;
    let id = slugger.slug(inlineText(b.content).trim()) || 'section';
    if (/^[0-9-]/.test(id)) id = `sec-${id}`;
    return { ...b, id };
  });
}
