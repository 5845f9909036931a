/**
 * Line breaks inside URLs. UAX #14 knows nothing of URLs: it breaks after "/" before a letter but not
 * before "?", "&", "#" or "." (a long query string or host name stays one unbreakable word), and it
 * breaks after a hyphen, which then reads as a hyphenation. Inside a URL the break opportunities are
 * replaced by those of common practice (Chicago Manual of Style 6.76, close to LaTeX's url package and
 * Typst): after "//" and after "/"; before "# ~ _ - %"; before "&" and after "=". "." and "?" break after,
 * not before as Chicago has it: they are among the marks no line may start with (clreq, JLREQ), and a
 * reader or an extraction tool takes a line starting with "." for a kinsoku fault. No break inside the
 * scheme ("https://") and none inside a run of one character ("//", ".."), so a line never starts with a
 * stray "/" of "://". Everything here is a Western break (penalised like a break inside a Latin word).
 *
 * A URL is found by its text, wherever it is (a link's text, a bare URL, a heading, a table cell, the
 * appendix): a scheme followed by "://" or "mailto:", or "www.", up to whitespace or a CJK character or
 * mark; trailing ASCII punctuation (".", ",", ")" …) is a sentence's, not the URL's.
 */

const URL_RE = /(?:\b[a-z][a-z0-9+.-]*:\/\/|\bmailto:|\bwww\.)[^\s\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]+/giu;
const SCHEME_RE = /^(?:[a-z][a-z0-9+.-]*:\/\/|mailto:|www\.)/iu;
const TRAILING = /[.,;:!?'")\]}>]+$/u;

/** A URL found in text: [start, end) in code units, and where its scheme ("https://", "mailto:", "www.") ends. */
export interface UrlSpan {
  start: number;
  end: number;
  schemeEnd: number;
}

/** The URLs in `text`. */
export function urlSpans(text: string): UrlSpan[] {
  const out: UrlSpan[] = [];
  for (const m of text.matchAll(URL_RE)) {
    const body = m[0].replace(TRAILING, '');
    const scheme = SCHEME_RE.exec(body)?.[0].length ?? 0;
    if (body.length > scheme) out.push({ start: m.index, end: m.index + body.length, schemeEnd: m.index + scheme });
  }
  return out;
}

const BEFORE = new Set(['#', '~', '_', '-', '%', '&']);
const AFTER = new Set(['/', '=', '.', '?']);

/**
 * Whether a URL may break between code points `a` and `b` (the characters either side). `inScheme`: the
 * break would fall inside the scheme and its "://".
 */
export function urlBreak(a: string, b: string, inScheme: boolean): boolean {
  if (inScheme || a === b) return false;
  if (AFTER.has(a)) return true;
  if (BEFORE.has(b)) return !AFTER.has(a) && !BEFORE.has(a);
  return false;
}

/**
 * URL break opportunities of `text`, by code point: for each code point index t inside a URL (a break
 * between code points t-1 and t), true or false; indexes outside any URL are absent (UAX #14 decides).
 * `off[t]` is the code-unit offset of code point t.
 */
export function urlBreaks(text: string, cp: readonly number[], off: readonly number[]): Map<number, boolean> {
  const res = new Map<number, boolean>();
  const spans = urlSpans(text);
  if (spans.length === 0) return res;
  let t = 0;
  for (const { start, end, schemeEnd } of spans) {
    while (t < cp.length && (off[t] ?? 0) <= start) t++;
    // t: the first code point after the URL's first; breaks between code points of the URL only
    for (; t < cp.length && (off[t] ?? 0) < end; t++) {
      const a = String.fromCodePoint(cp[t - 1] ?? 0);
      const b = String.fromCodePoint(cp[t] ?? 0);
      res.set(t, urlBreak(a, b, (off[t] ?? 0) < schemeEnd));
    }
  }
  return res;
}

/** `text` cut at the break points of the URLs in it (text outside URLs stays whole): the pieces a line may hold. */
export function urlPieces(text: string): string[] {
  const cp: number[] = [];
  const off: number[] = [];
  let o = 0;
  for (const ch of text) {
    cp.push(ch.codePointAt(0) ?? 0);
    off.push(o);
    o += ch.length;
  }
  const out: string[] = [];
  let from = 0;
  for (const [t, ok] of urlBreaks(text, cp, off)) {
    if (!ok) continue;
    out.push(text.slice(from, off[t]));
    from = off[t] ?? from;
  }
  out.push(text.slice(from));
  return out;
}
