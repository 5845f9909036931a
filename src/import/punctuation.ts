/**
 * Punctuation clean-up (on by default; `keepPunctuation` skips it): ASCII , : ; ? ! ( ) used inside Chinese
 * text become the full-width forms ，：；？！（）. One character is replaced by one character, so the text stays
 * NFKC-equal to the input and the character count does not change. White space is left as it is.
 *
 * A mark is converted when ALL of:
 * - it is not inside a protected span: a URL (scheme://…, www.…), an e-mail address, or a domain name with
 *   optional port and path (JD.com, babyandmegifts.com, example.org:8080/a?b=1);
 * - it is not between two ASCII letters/digits (1,000 · 10:30 · a;b · C:) — numbers and Latin words keep theirs;
 * - it is in Chinese context: the nearest character on the left or on the right, skipping spaces and quote
 *   marks, is CJK (Han, kana, hangul, CJK or full-width punctuation). For ? and ! that end a clause (followed by
 *   the end of the text, a space or a closing quote) the clause before it containing CJK is enough
 *   ("你用过facebook?").
 * Parentheses go in pairs: a matched ( ) pair is converted when the left parenthesis is not glued to a Latin
 * letter or digit (f(x), Node(v20) stay) and there is CJK just outside either parenthesis or inside the pair
 * ("迈尔斯(jacquelyn myers)强调" → "迈尔斯（jacquelyn myers）强调"). An unmatched parenthesis follows the rule for
 * the other marks.
 * Full stops and hyphens are never touched, so 912.7, 30-50%, 10.10 need no special case.
 */
import { isCjk } from '../text/cjk.ts';

const FULL: Readonly<Record<string, string>> = { ',': '，', ':': '：', ';': '；', '?': '？', '!': '！', '(': '（', ')': '）' };

const LATIN = /[A-Za-z0-9]/;
const SKIP = /[\s"'“”‘’]/u;
/** Anything that can end a URL/domain path: not white space, not CJK, not full-width punctuation. */
const PATH = String.raw`[^\s\p{Script=Han}\u3000-\u303f\uff00-\uffef“”‘’《》]`;
const PROTECTED = new RegExp(
  [
    String.raw`\b[a-z][a-z0-9+.-]*://${PATH}+`,
    String.raw`\bwww\.${PATH}+`,
    String.raw`[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}`,
    String.raw`\b(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?\.)+[A-Za-z]{2,}(?::\d+)?(?:/${PATH}*)?`,
  ].join('|'),
  'gu',
);
/** Trailing marks that usually belong to the sentence, not to the URL (as linkify does). */
const URL_TAIL = /[.,:;!?)'"]+$/;

/** [start, end) ranges of URLs, e-mail addresses and domains in `text` (UTF-16 offsets). */
export function protectedSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  for (const m of text.matchAll(PROTECTED)) {
    let s = m[0];
    // keep a closing parenthesis that closes one opened inside the URL
    const tail = URL_TAIL.exec(s);
    if (tail) s = s.slice(0, s.length - tail[0].length);
    if (s.length) spans.push([m.index!, m.index! + s.length]);
  }
  return spans;
}

function neighbour(chars: readonly string[], i: number, dir: -1 | 1): string | undefined {
  for (let j = i + dir; j >= 0 && j < chars.length; j += dir) {
    if (!SKIP.test(chars[j]!)) return chars[j];
  }
  return undefined;
}

function clauseHasCjk(chars: readonly string[], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const c = chars[j]!;
    if (/[,.;:!?，。；：！？]/u.test(c)) return false;
    if (isCjk(c)) return true;
  }
  return false;
}

/** Converts ASCII , : ; ? ! ( ) inside Chinese text to full width (see module comment). */
export function cleanPunctuation(text: string): string {
  const chars = [...text];
  // protected flags per code point
  const prot = new Array<boolean>(chars.length).fill(false);
  {
    const spans = protectedSpans(text);
    let off = 0;
    chars.forEach((c, k) => {
      if (spans.some(([s, e]) => off >= s && off < e)) prot[k] = true;
      off += c.length;
    });
  }
  const glued = (k: number) => LATIN.test(chars[k - 1] ?? '') && LATIN.test(chars[k + 1] ?? '');
  const chinese = (k: number) => isCjk(neighbour(chars, k, -1)) || isCjk(neighbour(chars, k, 1));

  // parentheses: match pairs first
  const pairOf = new Map<number, number>();
  const open: number[] = [];
  chars.forEach((c, k) => {
    if (prot[k]) return;
    if (c === '(') open.push(k);
    else if (c === ')' && open.length) {
      const o = open.pop()!;
      pairOf.set(o, k).set(k, o);
    }
  });

  const out = [...chars];
  chars.forEach((c, k) => {
    if (prot[k] || !(c in FULL)) return;
    if (c === '(' || c === ')') {
      const other = pairOf.get(k);
      if (other === undefined) {
        if (!glued(k) && chinese(k)) out[k] = FULL[c]!;
        return;
      }
      if (c === ')') return; // decided with its '('
      if (LATIN.test(chars[k - 1] ?? '')) return;
      const inside = chars.slice(k + 1, other).some((x) => isCjk(x));
      if (inside || isCjk(neighbour(chars, k, -1)) || isCjk(neighbour(chars, other, 1))) {
        out[k] = '（';
        out[other] = '）';
      }
      return;
    }
    if (glued(k)) return;
    if (chinese(k)) out[k] = FULL[c]!;
    else if ((c === '?' || c === '!') && (k + 1 >= chars.length || SKIP.test(chars[k + 1]!)) && clauseHasCjk(chars, k)) out[k] = FULL[c]!;
  });
  return out.join('');
}
