/** Marks both writers print the same way: task-list boxes and callout labels. */
import type { Labels } from '../labels.ts';
import { inlineText, ownInlines, walkBlocks, type Block, type Inline } from '../model.ts';

/** What an image not in the book is shown as: its alt text, else its title, else the file name of its URL. */
export function placeholderLabel(b: Extract<Block, { kind: 'figure' }>): string {
  return (
    b.alt.trim() ||
    b.title.trim() ||
    b.src
      .replace(/[?#].*$/, '')
      .split('/')
      .filter(Boolean)
      .pop() ||
    b.src
  );
}

/** A task-list box as printed in both editions. */
export const taskBox = (done: boolean): string => (done ? '▣' : '□');

/** A callout's label: its own title, else its type's word in the book's language; none for a plain box without a title. */
export function calloutLabel(b: Extract<Block, { kind: 'callout' }>, labels: Labels | undefined): Inline[] | string | undefined {
  if (b.title && b.title.length > 0) return b.title;
  if (b.type === 'plain') return undefined;
  return labels?.callout[b.type] ?? b.type;
}

/**
 * Characters the writers print that the font chain's generic model walk (src/fonts/chain.ts) does not
 * see as text in the right face: task boxes, TeX source of inline math, callout titles (set in bold).
 */
export function markChars(blocks: readonly Block[]): string {
  let s = `${taskBox(false)}${taskBox(true)}`;
  const inl = (nodes: readonly Inline[]): void => {
    for (const n of nodes) {
      if (n.kind === 'math') s += n.tex;
      else if (n.kind === 'strong' || n.kind === 'emph' || n.kind === 'link') inl(n.children);
    }
  };
  for (const b of walkBlocks(blocks)) {
    for (const c of ownInlines(b)) inl(c);
    if (b.kind === 'callout' && b.title) s += inlineText(b.title);
  }
  return s;
}
