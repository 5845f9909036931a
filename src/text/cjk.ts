/**
 * Whether a character is written in a CJK script (Han, kana, Hangul, Bopomofo) or is CJK punctuation /
 * a full-width form. The reader and the importer both join wrapped lines with it; the print layout has
 * its own finer, code-point tables in src/layout/chars.ts.
 */
const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Script=Bopomofo}\u3000-\u303f\uff00-\uffef]/u;

export function isCjk(ch: string | undefined): boolean {
  return ch !== undefined && CJK.test(ch);
}

/** What goes between two lines joined into one: nothing next to CJK (a space would show), a space between words. */
export function lineJoiner(before: string, after: string): '' | ' ' {
  return isCjk([...before].at(-1)) || isCjk([...after][0]) ? '' : ' ';
}
