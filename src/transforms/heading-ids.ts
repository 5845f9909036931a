import GithubSlugger from 'github-slugger';
import type { Diagnostics } from '../diagnostics.ts';
import { inlineText, mapChildBlocks, walkBlocks, type Block } from '../model.ts';

/**
 * An id the author may give with `{#id}`: an XML name (letters of any script, digits, `_ . -`, not
 * starting with a digit, `-` or `.`), so it is a valid `id` in the EPUB's XHTML and a PDF destination.
 */
const VALID_ID = /^[\p{L}_][\p{L}\p{M}\p{N}_.-]*$/u;

export interface HeadingIdContext {
  diagnostics?: Diagnostics | undefined;
  /** the file's lines (line 1 first), to give a bad `{#id}` its column */
  lines?: readonly string[] | undefined;
}

/**
 * Every heading gets an id, nested ones (in quotes, lists, callouts, footnotes) too, all unique.
 * `{#id}` after a heading's text wins when it is valid and not taken by an earlier `{#id}`; otherwise a
 * warning and the heading gets an id from its text, like the others.
 *
 * github-slugger keeps CJK characters (markdown-it-anchor percent-encodes them, which breaks EPUB nav links).
 * One slugger per document, so repeated headings get -1, -2 suffixes. An id that would start with a digit
 * gets a `sec-` prefix: XML tooling and CSS selectors handle those badly.
 */
export function assignHeadingIds(blocks: Block[], ctx: HeadingIdContext = {}): Block[] {
  // the authors' ids first, so a generated id never takes one a later `{#id}` asks for
  const owner = new Map<string, Block>();
  for (const b of walkBlocks(blocks)) {
    if (b.kind !== 'heading' || b.customId === undefined) continue;
    const id = b.customId;
    const at = column(ctx.lines, b.pos.line, `{#${id}}`);
    if (!VALID_ID.test(id)) {
      ctx.diagnostics?.warn(
        `heading id {#${id}} is not a valid id (letters, digits, _ . -, not starting with a digit): the heading gets an id from its text`,
        b.pos.file,
        b.pos.line,
        at,
        'heading-id',
      );
    } else if (owner.has(id)) {
      ctx.diagnostics?.warn(`heading id {#${id}} is used twice: this heading gets an id from its text`, b.pos.file, b.pos.line, at, 'heading-id');
    } else owner.set(id, b);
  }
  const slugger = new GithubSlugger();
  const used = new Set<string>();
  const assign = (b: Block): Block => {
    const inner = mapChildBlocks(b, assign);
    if (inner.kind !== 'heading') return inner;
    let id: string;
    if (b.kind === 'heading' && b.customId !== undefined && owner.get(b.customId) === b) id = b.customId;
    else {
      do {
        id = slugger.slug(inlineText(inner.content).trim()) || 'section';
        if (/^[0-9-]/.test(id)) id = `sec-${id}`;
      } while (owner.has(id) || used.has(id));
    }
    used.add(id);
    return { ...inner, id };
  };
  return blocks.map(assign);
}

function column(lines: readonly string[] | undefined, line: number, needle: string): number {
  const text = lines?.[line - 1] ?? '';
  const i = text.indexOf(needle);
  return i < 0 ? 1 : [...text.slice(0, i)].length + 1;
}
