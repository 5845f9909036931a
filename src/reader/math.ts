/**
 * `$…$` and `$$…$$` math for markdown-it 15 (markdown-it-dollarmath does not support 15). Nothing here
 * typesets TeX: the reader keeps the source, the writers show it in code style, so no formula is lost.
 *
 * Inline rules are pandoc's `tex_math_dollars`, so prices stay text (`$5 and $10`): the opening `$` is
 * not followed by white space, the closing `$` is not preceded by white space nor followed by a digit —
 * and, stricter than pandoc, the closing `$` is the first unescaped one after the opening;
 * `\$` is a literal dollar (markdown-it's escape rule sees it first). `$$…$$` inside a paragraph is
 * inline math too.
 *
 * Block rule: a line starting with `$$` (up to 3 spaces of indent) opens display math, closed by the
 * first line ending with `$$` (the same line included: `$$ x $$`). Without a closing line it is not
 * math and the lines stay a paragraph.
 */
import type { MarkdownIt, StateBlock, StateInline } from 'markdown-it';

const DOLLAR = 0x24;
const isSpace = (c: number): boolean => c === 0x20 || c === 0x09 || c === 0x0a;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

function mathInline(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== DOLLAR) return false;
  const display = src.charCodeAt(pos + 1) === DOLLAR;
  const open = display ? 2 : 1;
  const first = src.charCodeAt(pos + open);
  if (pos + open >= posMax || isSpace(first) || (!display && first === DOLLAR)) return false;
  // the first unescaped closing dollar decides: when it cannot close (space before it, digit after it)
  // there is no math here — `$5 and $10` stays text instead of swallowing the text up to a later `$`
  let end = src.indexOf(display ? '$$' : '$', pos + open);
  while (end !== -1 && src.charCodeAt(end - 1) === 0x5c /* \ */) end = src.indexOf(display ? '$$' : '$', end + 1);
  if (end === -1 || end + open > posMax) return false;
  if (isSpace(src.charCodeAt(end - 1))) return false;
  if (!display && isDigit(src.charCodeAt(end + 1))) return false;
  if (!silent) {
    const t = state.push('math_inline', 'math', 0);
    t.markup = display ? '$$' : '$';
    t.content = src.slice(pos + open, end);
  }
  state.pos = end + open;
  return true;
}

function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if ((state.sCount[startLine] ?? 0) - state.blkIndent >= 4) return false; // indented code
  const start = (state.bMarks[startLine] ?? 0) + (state.tShift[startLine] ?? 0);
  const max = state.eMarks[startLine] ?? 0;
  if (!state.src.startsWith('$$', start)) return false;
  const firstRest = state.src.slice(start + 2, max);
  let content: string;
  let last = startLine;
  const sameLine = firstRest.trimEnd();
  if (sameLine.endsWith('$$') && sameLine.trim().length > 2) {
    content = sameLine.slice(0, -2);
  } else {
    if (sameLine.trim() !== '' && sameLine.includes('$$')) return false; // `$$a$$ text`: inline math in a paragraph
    const lines: string[] = [firstRest];
    let closed = false;
    for (let l = startLine + 1; l < endLine; l++) {
      const ls = (state.bMarks[l] ?? 0) + (state.tShift[l] ?? 0);
      const le = state.eMarks[l] ?? 0;
      if (state.isEmpty(l)) return false; // a blank line ends a paragraph: not display math
      if ((state.sCount[l] ?? 0) < state.blkIndent) return false; // left the container
      const text = state.src.slice(ls, le).trimEnd();
      if (text.endsWith('$$')) {
        lines.push(text.slice(0, -2));
        last = l;
        closed = true;
        break;
      }
      lines.push(state.src.slice(ls, le));
    }
    if (!closed) return false;
    content = lines.join('\n');
  }
  if (silent) return true;
  const t = state.push('math_block', 'math', 0);
  t.block = true;
  t.markup = '$$';
  t.content = content.trim();
  t.map = [startLine, last + 1];
  state.line = last + 1;
  return true;
}

export function mathPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('escape', 'math_inline', mathInline);
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] });
}
