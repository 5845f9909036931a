/**
 * Ruby for markdown-it 15, in three spellings that all become the same tokens:
 *
 *   ruby_open (meta: RubyMeta) … the base's own inline tokens … ruby_close
 *
 * 1. HTML ruby — `<ruby>漢字<rt>かんじ</rt></ruby>`, `<ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rt>じ</rt></ruby>`,
 *    `<rb>` elements, `</rt>` left out. The only HTML the reader reads as markup (`html: false` keeps every
 *    other tag as text). One `<rt>` per single-character base is mono ruby; any other pairing gives one group
 *    ruby per base and `<rt>`.
 * 2. Braces — `{漢字|かんじ}` (group) and `{漢字|かん|じ}` (one reading per base character), the syntax of the
 *    markdown-it-ruby plugin; a base of ASCII only (`{a|b}` in prose or pasted code) is no ruby. That plugin is not used: it gives no way to report bad input (`{|x}`, a count
 *    of readings that fits no base) and silently turns such input into something else; here it stays
 *    visible and is reported (`ruby_bad`).
 * 3. Aozora Bunko notation, for `lang: ja` only (`env.aozora`): `｜base《reading》`, and `漢字《reading》` where
 *    the reading belongs to the run of kanji just before 《. In Chinese 《》 are title marks, so never there.
 *
 * Bad input is a `ruby_bad` token: `content` is the text to show, `meta` the message and the source text to
 * locate it by (src/reader/markdown.ts turns it into a one-line warning). Nothing here throws.
 * The rules only look at `<r…`, `{` and (Japanese) text holding 《: no cost for other text.
 */
import type { MarkdownIt, StateCore, StateInline, Token } from 'markdown-it';
import { rubyChars } from '../model.ts';

/**
 * Where a token's source starts in its block: `dl` lines below the block's first, at `col` (UTF-16 units)
 * of `srcLine`, the line as markdown-it gave it (the file's line without a list or quote prefix).
 */
export interface SourceAt {
  dl: number;
  col: number;
  srcLine: string;
}

export interface RubyMeta {
  /** one reading for the group, or one per base character (mono ruby) */
  rt: string[];
  /** the source text, for messages */
  raw: string;
  at?: SourceAt;
}

export interface RubyBadMeta {
  message: string;
  raw: string;
  at?: SourceAt;
}

function sourceAt(src: string, pos: number): SourceAt {
  const start = src.lastIndexOf('\n', pos - 1) + 1;
  let end = src.indexOf('\n', pos);
  if (end < 0) end = src.length;
  let dl = 0;
  for (let i = src.indexOf('\n'); i >= 0 && i < start; i = src.indexOf('\n', i + 1)) dl++;
  return { dl, col: pos - start, srcLine: src.slice(start, end) };
}

/** Inline states whose input is a ruby base being parsed: a ruby never nests in another. */
const inBase = new WeakSet<StateInline>();

/** Tokenises `ranges` of the source (a ruby base) into the state's tokens. */
function tokenizeRanges(state: StateInline, ranges: readonly (readonly [number, number])[]): void {
  const max = state.posMax;
  inBase.add(state);
  for (const [a, b] of ranges) {
    state.pos = a;
    state.posMax = b;
    state.md.inline.tokenize(state);
  }
  inBase.delete(state);
  state.posMax = max;
}

function pushRuby(state: StateInline, ranges: readonly (readonly [number, number])[], rt: string[], raw: string, at: number): void {
  const open = state.push('ruby_open', 'ruby', 1);
  open.meta = { rt, raw, at: sourceAt(state.src, at) } satisfies RubyMeta;
  tokenizeRanges(state, ranges);
  state.push('ruby_close', 'ruby', -1);
}

function pushBad(state: StateInline, content: string, message: string, raw: string, at: number): void {
  const t = state.push('ruby_bad', '', 0);
  t.content = content;
  t.meta = { message, raw, at: sourceAt(state.src, at) } satisfies RubyBadMeta;
}

const shorten = (s: string): string => {
  const one = s.replace(/\s+/g, ' ');
  return [...one].length > 40 ? `${[...one].slice(0, 39).join('')}…` : one;
};

// ------------------------------------------------------------------------------------------ <ruby>
const RUBY_OPEN = /^<ruby(?:\s[^<>]*)?>/i;
const INNER_TAG = /<(\/?)(rb|rt|rp|rtc)(?:\s[^<>]*)?>/gi;
const TAG = /<[^<>]*>/g;

interface Pair {
  ranges: [number, number][];
  rt: string | undefined;
}

function htmlRuby(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== 0x3c /* < */) return false;
  const r = src.charCodeAt(pos + 1) | 0x20;
  if (r !== 0x72 /* r */ || inBase.has(state)) return false;
  const open = RUBY_OPEN.exec(src.slice(pos, Math.min(posMax, pos + 200)));
  if (!open) return false;
  const innerStart = pos + open[0].length;
  const closeRe = /<\/ruby\s*>/gi;
  closeRe.lastIndex = innerStart;
  const close = closeRe.exec(src);
  const nextOpen = /<ruby[\s>]/gi;
  nextOpen.lastIndex = innerStart;
  const nested = nextOpen.exec(src);
  if (!close || close.index + close[0].length > posMax || (nested && nested.index < close.index)) {
    if (silent) return false;
    // the tag stays text, what follows it is read as usual
    pushBad(state, open[0], `unclosed ${shorten(open[0])}: shown as text`, open[0], pos);
    state.pos = innerStart;
    return true;
  }
  const innerEnd = close.index;
  const end = innerEnd + close[0].length;
  const raw = src.slice(pos, end);
  if (silent) {
    state.pos = end;
    return true;
  }

  // bases and readings in order: each <rb> is a base of its own, bare text between tags joins the base
  // being written; an <rt> takes the first base still waiting for one (`<rb>a</rb><rb>b</rb><rt>x</rt><rt>y</rt>`)
  const pairs: Pair[] = [];
  let waiting: Pair[] = [];
  let base: Pair | undefined;
  let mode: 'base' | 'rt' | 'rp' = 'base';
  let rtText = '';
  const baseText = (a: number, b: number): void => {
    if (a >= b) return;
    if (mode === 'rt') rtText += src.slice(a, b);
    else if (mode === 'base' && src.slice(a, b).trim() !== '') {
      if (!base) {
        base = { ranges: [], rt: undefined };
        waiting.push(base);
      }
      base.ranges.push([a, b]);
    }
  };
  const endRt = (): void => {
    if (mode !== 'rt') return;
    const text = state.md.utils.unescapeAll(rtText.replace(TAG, '')).trim();
    const target = waiting.shift();
    if (target) {
      target.rt = text;
      pairs.push(target);
    } else if (text) {
      // a reading with no base left for it: an empty base, reported below
      pairs.push({ ranges: [], rt: text });
    }
    if (base === target) base = undefined;
    rtText = '';
    mode = 'base';
  };
  let cursor = innerStart;
  INNER_TAG.lastIndex = innerStart;
  for (let m = INNER_TAG.exec(src); m && m.index < innerEnd; m = INNER_TAG.exec(src)) {
    baseText(cursor, m.index);
    cursor = m.index + m[0].length;
    const closing = m[1] === '/';
    const name = (m[2] ?? '').toLowerCase();
    if (name === 'rt') {
      if (closing) endRt();
      else {
        endRt();
        mode = 'rt';
        base = undefined;
      }
    } else if (name === 'rp') {
      endRt();
      mode = closing ? 'base' : 'rp';
    } else if (name === 'rb') {
      endRt();
      mode = 'base';
      base = undefined; // each <rb> (and the text after </rb>) starts a base of its own
    } else endRt(); // <rtc>: its <rt> children are what counts
  }
  baseText(cursor, innerEnd);
  endRt();
  // bases that never got a reading are text after the ruby
  const trailing = waiting.flatMap((p) => p.ranges);
  waiting = [];

  if (pairs.length === 0) {
    pushBad(state, '', `${shorten(raw)} has no <rt>: shown as its base text`, raw, pos);
    tokenizeRanges(state, trailing);
  } else if (pairs.every((p) => p.ranges.length === 0)) {
    pushBad(state, '', `${shorten(raw)} has no base text: left out`, raw, pos);
  } else {
    if (pairs.some((p) => !p.rt)) pushBad(state, '', `empty <rt> in ${shorten(raw)}`, raw, pos);
    const single = (p: Pair): boolean => {
      const text = p.ranges.map(([a, b]) => src.slice(a, b)).join('');
      return rubyChars(text.trim()).length === 1;
    };
    if (pairs.length > 1 && pairs.every(single) && pairs.some((p) => p.rt)) {
      // one reading per base character: mono ruby over the whole base
      const ranges = pairs.flatMap((p) => p.ranges.map(([a, b]) => trimRange(src, a, b)));
      pushRuby(
        state,
        ranges,
        pairs.map((p) => p.rt ?? ''),
        raw,
        pos,
      );
    } else {
      for (const p of pairs) {
        if (p.rt) pushRuby(state, p.ranges, [p.rt], raw, pos);
        else tokenizeRanges(state, p.ranges);
      }
    }
    tokenizeRanges(state, trailing);
  }
  state.pos = end;
  return true;
}

/** A range without the white space at its ends (a base character written on its own line). */
function trimRange(src: string, a: number, b: number): [number, number] {
  while (a < b && /\s/.test(src[a] ?? '')) a++;
  while (b > a && /\s/.test(src[b - 1] ?? '')) b--;
  return [a, b];
}

// ------------------------------------------------------------------------------------------ {base|rt}
function braceRuby(state: StateInline, silent: boolean): boolean {
  const { src, pos, posMax } = state;
  if (src.charCodeAt(pos) !== 0x7b /* { */ || inBase.has(state)) return false;
  let bar = -1;
  let i = pos + 1;
  const bars: number[] = [];
  for (; i < posMax; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x5c /* \ */) {
      i++;
      continue;
    }
    if (c === 0x7b || c === 0x0a) return false;
    if (c === 0x7c /* | */) {
      if (bar < 0) bar = i;
      else bars.push(i);
    }
    if (c === 0x7d /* } */) break;
  }
  if (i >= posMax || bar < 0) return false;
  // a base of ASCII only is no ruby: `{a|b}` in prose (shell braces, set notation, code) stays text
  if (bar > pos + 1 && !/[^\x00-\x7f]/.test(src.slice(pos + 1, bar))) return false;
  const end = i + 1;
  if (silent) {
    state.pos = end;
    return true;
  }
  const raw = src.slice(pos, end);
  const baseRange = trimRange(src, pos + 1, bar);
  const cuts = [bar, ...bars, i];
  const rt: string[] = [];
  for (let k = 0; k + 1 < cuts.length; k++) rt.push(state.md.utils.unescapeAll(src.slice((cuts[k] ?? 0) + 1, cuts[k + 1])).trim());
  if (baseRange[0] >= baseRange[1]) {
    pushBad(state, raw, `ruby ${shorten(raw)} has no base text: kept as text`, raw, pos);
  } else if (rt.every((r) => r === '')) {
    pushBad(state, '', `ruby ${shorten(raw)} has an empty reading: shown as its base text`, raw, pos);
    tokenizeRanges(state, [baseRange]);
  } else {
    if (rt.some((r) => r === '') && rt.length > 1) pushBad(state, '', `ruby ${shorten(raw)} has an empty reading`, raw, pos);
    pushRuby(state, [baseRange], rt, raw, pos);
  }
  state.pos = end;
  return true;
}

// ------------------------------------------------------------------------------------------ Aozora
/** `｜base《reading》`, or a run of kanji (with 々〆〇ヶ仝〻) followed by 《reading》. */
const AOZORA = /｜([^｜《》\n]+)《([^《》\n]+)》|([\p{Script=Han}々〆〇ヶ仝〻]+)《([^《》\n]+)》/gu;

function aozoraRuby(state: StateCore): void {
  if (!(state.env as { aozora?: boolean }).aozora) return;
  for (const block of state.tokens) {
    if (block.type !== 'inline' || !block.children || !block.content.includes('《')) continue;
    const out: Token[] = [];
    for (const t of block.children) {
      if (t.type !== 'text' || !t.content.includes('《')) {
        out.push(t);
        continue;
      }
      let last = 0;
      const text = t.content;
      const piece = (type: string, tag: string, nesting: -1 | 0 | 1, content = ''): Token => {
        const n = new state.Token(type, tag, nesting);
        n.content = content;
        n.level = t.level;
        out.push(n);
        return n;
      };
      for (const m of text.matchAll(AOZORA)) {
        const at = m.index ?? 0;
        if (at > last) piece('text', '', 0, text.slice(last, at));
        const baseText = m[1] ?? m[3] ?? '';
        const reading = (m[2] ?? m[4] ?? '').trim();
        if (reading === '') piece('text', '', 0, baseText);
        else {
          piece('ruby_open', 'ruby', 1).meta = { rt: [reading], raw: m[0] } satisfies RubyMeta;
          piece('text', '', 0, baseText);
          piece('ruby_close', 'ruby', -1);
        }
        last = at + m[0].length;
      }
      if (last === 0) out.push(t);
      else if (last < text.length) piece('text', '', 0, text.slice(last));
    }
    block.children = out;
  }
}

export function rubyPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('autolink', 'ruby_html', htmlRuby);
  md.inline.ruler.before('link', 'ruby_brace', braceRuby);
  md.core.ruler.after('text_join', 'ruby_aozora', aozoraRuby);
}
