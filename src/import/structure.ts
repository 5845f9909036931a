/**
 * Heading rules of `cjkpress import`: which blocks of a clipping are headings, and at which level.
 * The title is the document's h1 (front matter), so section headings start at h2.
 *
 * Definitions (length = number of non-white-space characters):
 * - *Sentence end*: the text ends, after any closing quotes/brackets, with 。．.，,、；;：:…— (a period, comma,
 *   semicolon, colon, ellipsis or dash). Question and exclamation marks are NOT sentence ends here: headings
 *   are often questions ("……还是在夹缝中生存?").
 * - *Inner sentence break*: 。！？；!?; before the last character (two sentences are not a heading).
 * - *Heading limit* T = min({@link HEADING_MAX_CHARS}, ⌊{@link HEADING_PARAGRAPH_RATIO} × L⌋), where L is the median
 *   length of the blocks that end with terminal punctuation (。.！!？?…；;) — the document's own paragraphs — or
 *   of all blocks when none do. The limit is relative so that in a text of short paragraphs a short
 *   paragraph is not mistaken for a heading.
 * - *Heading-shaped*: 2 ≤ length ≤ T, no sentence end, no inner sentence break.
 * - *Paragraph*: a block that is not heading-shaped.
 * - *Numbered*: starts with a numbering marker followed by text; the marker's style is one of
 *   arabic "1." "1．" "1、" (not "1.0", "10.10": no digit after the dot) · arabic-paren "(1)" "（1）" "1)" "1）" ·
 *   han "一、" "一." · han-paren "（一）" "(一)" · chapter "第一章" "第1节" "第二部分" "第三篇" "第四回" "第五讲".
 *
 * - *Dialogue*: opens with a quotation mark and ends, inside the quotes, with ！？。…!?. (“青龙四百！”). Dialogue is
 *   never heading-shaped.
 * - *Chapter-like*: a numbered block of the chapter style (第一章 序, 第九章大团圆 with no separator, 第一回　甄士隐梦幻识
 *   通灵　贾雨村风尘怀闺秀, or 第一章 alone — then a title on the next line of at most {@link BARE_TITLE_MAX_CHARS}
 *   characters, not a sentence, is joined to it: 第一章　风雪山神庙), a volume line (卷一, 卷二　云涌), or a named section: 楔子 序 序言 序章 自序 引子 前言 后记
 *   尾声 跋 终章 番外, alone or followed by a separator and a subtitle (后记：写在最后).
 *
 * Rules, applied in this order:
 * - Rule `chapter-heading`: a chapter-like block is a heading when it is at most {@link HEADING_MAX_CHARS} long
 *   (the marker is evidence enough: the document-relative limit does not apply; named sections may be one
 *   character, 序), has no sentence end or inner break, is not dialogue, is not the last block, and is not next to a
 *   block of the same kind (adjacent 第一章/第二章 lines are a table of contents).
 * - When the text has two or more chapter or volume headings, they are its structure: rule short-line-heading is
 *   off, so that in a novel a short line (“咳，呸！”, 舍不得) never becomes a heading. (Numbered headings stay:
 *   regulations and reports put 一、 and （一） under 第一章.)
 * - Rule `numbered-heading`: a heading-shaped numbered block is a heading when the next block is a paragraph or
 *   another numbered heading of a different style — unless it belongs to a run of two or more adjacent blocks
 *   numbered in the same style (that is a list: its items stay paragraphs).
 * - Rule `short-line-heading`: a heading-shaped, unnumbered block is a heading when it sits between paragraphs:
 *   the block before it is a paragraph and the block after it is a paragraph or a numbered heading. (So a short
 *   first line of the body, or a short line at the very end, stays a paragraph.)
 * - Levels: an unnumbered heading is h2. A numbered heading is one level below the heading above it
 *   (h2 when there is none), except that a style already open above keeps its level (1. 2. 3. are siblings;
 *   going back from "（一）" to "二、" closes the deeper level). Chapter lines count one style per unit (卷, 章,
 *   回 …), so 卷一 > 第一章; a named section takes the style of the document's first chapter or volume line
 *   (楔子 and 尾声 sit beside 卷一, 序 and 后记 beside 第一回). Levels stop at h6.
 */
import type { TextBlock } from './lines.ts';

export const HEADING_MAX_CHARS = 40;
export const HEADING_PARAGRAPH_RATIO = 1 / 3;

export type NumberStyle = 'arabic' | 'arabic-paren' | 'han' | 'han-paren' | 'chapter';

export type Rule = 'short-line-heading' | 'numbered-heading' | 'chapter-heading';

export type Classified = { kind: 'heading'; level: number; text: string; line: number; rule: Rule } | { kind: 'paragraph'; text: string; line: number };

const HAN_NUM = '[一二三四五六七八九十百千零〇两]+';
const STYLES: readonly [NumberStyle, RegExp][] = [
  ['chapter', new RegExp(`^第(?:${HAN_NUM}|\\d+)[章节部篇回讲卷](?:分)?[\\s\\u3000:：、.．]*\\S`, 'u')],
  ['han-paren', new RegExp(`^[（(]${HAN_NUM}[）)]\\s*\\S`, 'u')],
  ['arabic-paren', /^(?:[（(]\d{1,3}[）)]|\d{1,3}[）)])\s*\S/u],
  ['han', new RegExp(`^${HAN_NUM}[、.．]\\s*\\S`, 'u')],
  ['arabic', /^\d{1,3}(?:[、．]|\.(?!\d))\s*\S/u],
];

const VOLUME = new RegExp(`^卷${HAN_NUM}(?:[\\s\\u3000:：、.．]+\\S.*)?$`, 'u');
const NAMED = /^(?:楔子|序|序言|序章|自序|引子|前言|后记|後記|尾声|尾聲|跋|终章|終章|番外)(?:[\s\u3000:：、.．]+\S.*)?$/u;
/** A chapter marker alone on its line (第一章), its title on the next line. */
const BARE_CHAPTER = new RegExp(`^第(?:${HAN_NUM}|\\d+)[章节部篇回讲卷]$`, 'u');
/** The longest title line that is joined to a bare chapter marker above it. */
export const BARE_TITLE_MAX_CHARS = 20;
const CHAPTER_UNIT = /^第(?:[一二三四五六七八九十百千零〇两]+|\d+)([章节部篇回讲卷])/u;
const DIALOGUE = /^["“「『‘].*[！？。…!?.][”」』’"]+$/u;

const CLOSERS = /[”’"'）)」』》〉】\]]+$/u;
const SENTENCE_END = /[。．.，,、；;：:…—]$/u;
const TERMINAL = /[。.！!？?…；;]$/u;
const INNER_BREAK = /[。！？；!?;]/u;

export function charCount(s: string): number {
  let n = 0;
  for (const ch of s) if (!/\s/u.test(ch)) n++;
  return n;
}

export function numberStyle(text: string): NumberStyle | undefined {
  for (const [style, re] of STYLES) if (re.test(text)) return style;
  return undefined;
}

/**
 * The chapter-like kind of a block (see module comment): `chapter:章`, `chapter:回` … per unit, `volume`,
 * `named`; undefined for other blocks.
 */
export function chapterKind(text: string): string | undefined {
  if (numberStyle(text) === 'chapter' || BARE_CHAPTER.test(text)) return `chapter:${CHAPTER_UNIT.exec(text)?.[1] ?? ''}`;
  if (VOLUME.test(text)) return 'volume';
  if (NAMED.test(text)) return 'named';
  return undefined;
}

export function isDialogue(text: string): boolean {
  return DIALOGUE.test(text);
}

export function endsSentence(text: string): boolean {
  return SENTENCE_END.test(text.replace(CLOSERS, ''));
}

function hasInnerBreak(text: string): boolean {
  const chars = [...text.replace(CLOSERS, '')];
  chars.pop();
  return INNER_BREAK.test(chars.join(''));
}

function median(xs: number[]): number {
  if (xs.length === 0) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** The heading length limit T for these blocks (see module comment). */
export function headingLimit(blocks: readonly TextBlock[]): number {
  const terminal = blocks.filter((b) => TERMINAL.test(b.text.replace(CLOSERS, ''))).map((b) => charCount(b.text));
  const l = terminal.length ? median(terminal) : median(blocks.map((b) => charCount(b.text)));
  return Math.min(HEADING_MAX_CHARS, Math.floor(l * HEADING_PARAGRAPH_RATIO));
}

export function classify(blocks: readonly TextBlock[]): Classified[] {
  const limit = headingLimit(blocks);
  const sentence = blocks.map((b) => endsSentence(b.text) || hasInnerBreak(b.text) || isDialogue(b.text));
  const shaped = blocks.map((b, i) => {
    const n = charCount(b.text);
    return n >= 2 && n <= limit && !sentence[i];
  });
  const kind = blocks.map((b) => chapterKind(b.text));

  // Rule chapter-heading.
  const chapter: boolean[] = blocks.map((b, i) => {
    const k = kind[i];
    if (k === undefined || sentence[i] || charCount(b.text) > HEADING_MAX_CHARS || i + 1 >= blocks.length) return false;
    return !(k !== 'named' && (kind[i - 1] === k || kind[i + 1] === k));
  });
  // 第一章 alone, its title on the next short line: one heading "第一章　风雪山神庙"
  const joined: boolean[] = blocks.map((b, i) => {
    const above = blocks[i - 1];
    return (
      above !== undefined &&
      chapter[i - 1] === true &&
      BARE_CHAPTER.test(above.text) &&
      kind[i] === undefined &&
      !sentence[i] &&
      charCount(b.text) <= BARE_TITLE_MAX_CHARS
    );
  });
  const chapters = chapter.filter((c, i) => c && kind[i] !== 'named').length >= 2;
  const outer = kind.find((k, i) => chapter[i] && k !== 'named');
  // the style key of the level stack: chapter lines by unit, named sections beside the outermost chapter line
  const style: (string | undefined)[] = blocks.map((b, i) => (chapter[i] ? (kind[i] === 'named' ? (outer ?? 'named') : kind[i]) : numberStyle(b.text)));

  // Rule numbered-heading (bottom-up so "next is a numbered heading" can be asked).
  const numbered: boolean[] = blocks.map(() => false);
  for (let i = blocks.length - 1; i >= 0; i--) {
    const s = style[i];
    if (!s || !shaped[i] || chapter[i] || kind[i] !== undefined) continue;
    const inList = (i > 0 && style[i - 1] === s) || (i + 1 < blocks.length && style[i + 1] === s);
    if (inList) continue;
    if (i + 1 >= blocks.length) continue;
    const nextIsParagraph = !shaped[i + 1];
    const nextIsOtherNumbered = (numbered[i + 1] === true || chapter[i + 1] === true) && style[i + 1] !== s;
    if (nextIsParagraph || nextIsOtherNumbered) numbered[i] = true;
  }

  // Rule short-line-heading.
  const plain: boolean[] = blocks.map((_, i) => {
    if (chapters || !shaped[i] || style[i] || kind[i] || i === 0 || i + 1 >= blocks.length) return false;
    return !shaped[i - 1] && (!shaped[i + 1] || numbered[i + 1] === true || chapter[i + 1] === true);
  });

  // Levels.
  const out: Classified[] = [];
  let stack: { style: string; level: number }[] = [];
  let plainAbove = false;
  blocks.forEach((b, i) => {
    if (joined[i]) return; // part of the heading above
    if (plain[i]) {
      out.push({ kind: 'heading', level: 2, text: b.text, line: b.line, rule: 'short-line-heading' });
      stack = [];
      plainAbove = true;
    } else if (numbered[i] || chapter[i]) {
      const s = style[i]!;
      const at = stack.findIndex((e) => e.style === s);
      let level: number;
      if (at >= 0) {
        level = stack[at]!.level;
        stack = stack.slice(0, at + 1);
      } else {
        const above = stack.at(-1)?.level ?? (plainAbove ? 2 : 1);
        level = Math.min(6, above + 1);
        stack.push({ style: s, level });
      }
      const text = joined[i + 1] === true ? `${b.text}\u3000${blocks[i + 1]!.text}` : b.text;
      out.push({ kind: 'heading', level, text, line: b.line, rule: chapter[i] ? 'chapter-heading' : 'numbered-heading' });
    } else out.push({ kind: 'paragraph', text: b.text, line: b.line });
  });
  return out;
}
