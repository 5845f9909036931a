/**
 * Character classes used by the layout (W3C clreq). Code point based; no font knowledge here:
 * whether a mark is really full width is decided from the font's advance (see atoms.ts).
 */

/** Never at the start of a line (clreq basic level, plus —— and …… from the stricter level). */
const NO_START =
  '、，。．：；！？）》」』】〕〉］｝〙〗〛｠’”·‧・' + // CJK closing and pause/stop marks, interpuncts
  ',.:;?!)]}' + // their ASCII forms used as CJK punctuation in scraped text
  '—…⸺⸻' + // two-em dash and ellipsis never start a line (and are never split)
  '々〻ゝゞヽヾーぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶ' + // iteration marks, small kana
  '%‰℃〜';

/** Never at the end of a line. */
const NO_END = '（《「『【〔〈［｛〘〖〚｟‘“' + '([{';

/** Full-width closing marks: ink in the left half of the em box (clreq; checked on Noto Serif SC). */
const CLOSE_MARKS = '，。、．：；！？）》」』】〕〉］｝〙〗〛｠’”';
/** Full-width opening marks: ink in the right half. */
const OPEN_MARKS = '（《「『【〔〈［｛〘〖〚｟‘“';
/** Stops that are not squeezed inside a line (they may still be set half width at line end / in pairs). */
const NO_INLINE_SQUEEZE = '。．！？';
/** Closing punctuation not counted when looking for a paragraph-final single character (孤字). */
const WIDOW_IGNORED = CLOSE_MARKS + ',.:;?!)]}' + ' ';

const setOf = (s: string): Set<number> => new Set(Array.from(s, (c) => c.codePointAt(0) ?? 0));

const noStart = setOf(NO_START);
const noEnd = setOf(NO_END);
const closeMarks = setOf(CLOSE_MARKS);
const openMarks = setOf(OPEN_MARKS);
const noInlineSqueeze = setOf(NO_INLINE_SQUEEZE);
const widowIgnored = setOf(WIDOW_IGNORED);

export const isNoStart = (cp: number): boolean => noStart.has(cp);
export const isNoEnd = (cp: number): boolean => noEnd.has(cp);
export const isCloseMark = (cp: number): boolean => closeMarks.has(cp);
export const isOpenMark = (cp: number): boolean => openMarks.has(cp);
export const isNoInlineSqueeze = (cp: number): boolean => noInlineSqueeze.has(cp);
export const isWidowIgnored = (cp: number): boolean => widowIgnored.has(cp);

/** Dash and ellipsis characters: a run of the same one is kept together and never stretched inside. */
export const isDashOrEllipsis = (cp: number): boolean => cp === 0x2014 || cp === 0x2026 || cp === 0x2e3a || cp === 0x2e3b || cp === 0x22ef;

/** Han ideographs, kana, hangul, bopomofo: the "CJK letters" that get ¼ em next to Western letters/digits. */
export function isCjkLetter(cp: number): boolean {
  return (
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x20000 && cp <= 0x3ffff) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0x2e80 && cp <= 0x2fdf) ||
    (cp >= 0x3040 && cp <= 0x30ff && cp !== 0x30fb && cp !== 0x30a0) ||
    (cp >= 0x3100 && cp <= 0x312f) ||
    (cp >= 0x31a0 && cp <= 0x31ff) ||
    (cp >= 0xac00 && cp <= 0xd7af) ||
    (cp >= 0x1100 && cp <= 0x11ff) ||
    cp === 0x3005 ||
    cp === 0x3007 ||
    (cp >= 0x3021 && cp <= 0x3029) ||
    (cp >= 0x3038 && cp <= 0x303b)
  );
}

/** CJK punctuation and other East Asian wide symbols (never Western, never letters). */
export function isCjkPunct(cp: number): boolean {
  if (isCjkLetter(cp)) return false;
  return (
    (cp >= 0x3000 && cp <= 0x303f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0xfe10 && cp <= 0xfe1f) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    cp === 0x30fb ||
    closeMarks.has(cp) ||
    openMarks.has(cp) ||
    cp === 0x00b7 ||
    cp === 0x2027 ||
    isDashOrEllipsis(cp)
  );
}

const ALNUM = /[\p{L}\p{N}]/u;
const alnumCache = new Map<number, boolean>();
/** A Western (non-CJK, non-fullwidth) letter or digit: the other side of the ¼ em CJK–Western gap. */
export function isWesternAlnum(cp: number): boolean {
  if (cp < 0x80) return (cp >= 0x30 && cp <= 0x39) || (cp >= 0x41 && cp <= 0x5a) || (cp >= 0x61 && cp <= 0x7a);
  if (isCjkLetter(cp) || isCjkPunct(cp)) return false;
  let v = alnumCache.get(cp);
  if (v === undefined) {
    v = ALNUM.test(String.fromCodePoint(cp));
    alnumCache.set(cp, v);
  }
  return v;
}

/** Spaces between words: own atoms, stretchable on both sides. */
export const isSpace = (cp: number): boolean => cp === 0x20 || cp === 0x09 || cp === 0xa0 || cp === 0x0a || cp === 0x0d || cp === 0x2009;
/** What may be left out when it ends a line: the ASCII space (and a forced line break). */
export const isDroppableAtLineEnd = (cp: number): boolean => cp === 0x20 || cp === 0x0a || cp === 0x0d;

/** Marks that belong to the previous character (combining marks, variation selectors, ZWJ). */
const MARK = /\p{M}|\u200d|[\ufe00-\ufe0f]/u;
export function isAttached(cp: number): boolean {
  if (cp < 0x300) return false;
  if (cp >= 0xe0100 && cp <= 0xe01ef) return true;
  return MARK.test(String.fromCodePoint(cp));
}
