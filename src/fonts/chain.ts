/**
 * The font chain: which font renders each character. A book's FontSet is the main faces (regular for
 * text, bold for headings and strong) followed by fallback sets; a character is set in the first face
 * of the chain (same weight) whose cmap has it. Fallback files are read only when a character needs
 * them, so an article its main font covers costs one cmap lookup per distinct character.
 *
 * Both writers ask the same chain (one per FontSet, cached): the PDF splits runs of text per font
 * (`split`), the EPUB embeds one subset per used set and lists them in a CSS font stack in chain
 * order, so a reading system picks the same font for each character.
 *
 * After the bundled fonts come the machine's installed fonts (system.ts, through fontconfig): a
 * character none of the bundled faces has is taken from the best installed face that has it, which
 * joins the chain as one more fallback set (its regular and bold faces). They are looked up only
 * when a character is left over, so a book the bundled fonts cover never runs fontconfig.
 *
 * A character no font has is reported once per build (`report`), never drawn silently as a box.
 */
import type { Diagnostics } from '../diagnostics.ts';
import type { Book } from '../model.ts';
import { loadFace, probeGlyphs, probeSubset } from './load.ts';
import type { FontFace, FontSet } from './resolve.ts';
import { candidates, faceOf, systemFonts, type SystemFace } from './system.ts';

export type FaceKind = 'regular' | 'bold';

export const MISSING_GLYPH = 'missing-glyph';

/** Invisible characters (joiners, variation selectors, ZWSP…): never reported, kept with their neighbour. */
const IGNORABLE = /^\p{Default_Ignorable_Code_Point}$/u;
/** Combining marks: set in the base character's font when it has them. */
const MARK = /^\p{M}$/u;
const IGNORABLE_FLAG = 2;
const MARK_FLAG = 4;
function charFlags(ch: string): number {
  return 1 | (IGNORABLE.test(ch) ? IGNORABLE_FLAG : 0) | (MARK.test(ch) ? MARK_FLAG : 0);
}
/** charFlags per code unit, worked out on first use: 0 not yet */
const unitFlagCache = new Uint8Array(0x10000);
function unitFlags(c: number): number {
  let f = unitFlagCache[c] as number;
  if (f === 0) unitFlagCache[c] = f = charFlags(String.fromCharCode(c));
  return f;
}
/** Not drawn at all. */
const CONTROL = /^[\n\r\t]$/;

export interface Piece {
  text: string;
  /** index in the chain: 0 = the main faces, 1… = fallbacks; -1 = no font has the first character */
  set: number;
}

export class FontChain {
  /** [main, ...fallbacks, ...installed faces taken so far] */
  private readonly all: FontSet[];
  private readonly of: Record<FaceKind, Map<string, number>> = { regular: new Map(), bold: new Map() };
  /** `of` for characters of the Basic Multilingual Plane, by code unit: set + 2, 0 not looked up yet */
  private readonly known: Record<FaceKind, Int16Array> = { regular: new Int16Array(0x10000), bold: new Int16Array(0x10000) };
  private readonly reported = new Set<string>();
  /** installed faces found unusable (damaged, not what fontconfig says): file#index */
  private readonly broken = new Set<string>();
  private toldUnavailable = false;
  /** --verbose: which installed faces were taken or skipped */
  log: ((line: string) => void) | undefined;

  constructor(readonly fonts: FontSet) {
    this.all = [fonts, ...(fonts.fallbacks ?? [])];
  }

  /** [main, ...fallbacks]; grows by the installed faces `cover` takes. */
  get sets(): readonly FontSet[] {
    return this.all;
  }

  face(set: number, kind: FaceKind): FontFace {
    return (this.all[set] ?? this.fonts)[kind];
  }

  /** The font key a writer registers set `set`'s face under: `regular`, `bold`, `regular.2` … */
  key(set: number, kind: FaceKind): string {
    return set <= 0 ? kind : `${kind}.${set}`;
  }

  /**
   * Finds a font for every character (reading fallback fonts as needed) and returns the characters
   * that no font of this weight has, sorted.
   */
  async cover(chars: Iterable<string>, kind: FaceKind): Promise<string[]> {
    const map = this.of[kind];
    const todo = new Set<string>();
    for (const ch of chars) if (!map.has(ch) && !CONTROL.test(ch)) todo.add(ch);
    if (todo.size === 0) return [];
    // the bundled sets, then installed faces taken earlier in this build
    for (let i = 0; i < this.all.length && todo.size > 0; i++) {
      const f = await loadFace(this.face(i, kind));
      for (const ch of todo) {
        if (f.has(ch.codePointAt(0) ?? 0)) {
          map.set(ch, i);
          todo.delete(ch);
        }
      }
    }
    if ([...todo].some((ch) => !IGNORABLE.test(ch))) await this.coverFromSystem(todo, kind);
    const missing: string[] = [];
    for (const ch of todo) {
      // an invisible character no font has is hidden by the shaper (zero width), not a box
      map.set(ch, IGNORABLE.test(ch) ? 0 : -1);
      if (!IGNORABLE.test(ch)) missing.push(ch);
    }
    return missing.sort();
  }

  /**
   * Takes characters the bundled fonts lack from the machine's installed faces: per character the
   * best face (system.ts ranks them), checked before use (`usable`) — a damaged
   * face is skipped (a --verbose note), never a crash. Sorted, so the same text on the same machine
   * always gives the same sets in the same order.
   */
  private async coverFromSystem(todo: Set<string>, kind: FaceKind): Promise<void> {
    const sys = systemFonts();
    if (sys.unavailable) {
      if (!this.toldUnavailable) this.log?.(`not looking in the installed fonts for characters the bundled fonts lack: ${sys.unavailable}`);
      this.toldUnavailable = true;
      return;
    }
    const inUse = new Set<string>();
    for (const set of this.all.slice(1 + (this.fonts.fallbacks?.length ?? 0))) inUse.add(set[kind].family);
    for (const ch of [...todo].sort()) {
      if (IGNORABLE.test(ch)) continue;
      const cp = ch.codePointAt(0) ?? 0;
      for (const cand of candidates(sys.faces, cp, kind, inUse)) {
        const set = await this.systemSet(cand, kind, cp, sys.faces);
        if (set === undefined) continue;
        this.of[kind].set(ch, set);
        todo.delete(ch);
        inUse.add(cand.family);
        break;
      }
    }
  }

  /** The index of the set whose `kind` face is this installed face (made on first use), or undefined when the face is unusable for `cp`. */
  private async systemSet(cand: SystemFace, kind: FaceKind, cp: number, faces: readonly SystemFace[]): Promise<number | undefined> {
    const face = faceOf(cand);
    if (!(await this.usable(cand, cp))) return undefined;
    const first = 1 + (this.fonts.fallbacks?.length ?? 0);
    for (let i = first; i < this.all.length; i++) {
      const f = this.all[i]?.[kind];
      if (f && f.path === face.path && f.postscriptName === face.postscriptName) return i;
    }
    // its partner of the other weight: the same family's best face for it that has the character
    const otherKind: FaceKind = kind === 'regular' ? 'bold' : 'regular';
    let other = face;
    for (const c of candidates(
      faces.filter((f) => f.family === cand.family),
      cp,
      otherKind,
    )) {
      if (c === cand) break;
      if (await this.usable(c, cp)) {
        other = faceOf(c);
        break;
      }
    }
    const set: FontSet = kind === 'regular' ? { regular: face, bold: other } : { regular: other, bold: face };
    this.all.push(set);
    const where = (f: FontFace): string => `${f.path}${f.postscriptName ? `#${f.postscriptName}` : ''}`;
    this.log?.(
      `characters the bundled fonts lack, from installed fonts: ${cand.family} ${cand.style} (${where(face)}) for ${kind} text, ${other === face ? 'the same face' : where(other)} for ${otherKind}`,
    );
    return this.all.length - 1;
  }

  /**
   * The installed face opens and is not damaged, our cmap reader agrees with fontconfig that it has
   * `cp`, fontkit sets it and HarfBuzz subsets it (what the two writers will do with it).
   */
  private async usable(cand: SystemFace, cp: number): Promise<boolean> {
    const id = `${cand.file}#${cand.index}`;
    if (this.broken.has(id)) return false;
    const face = faceOf(cand);
    try {
      const f = await loadFace(face);
      if (!f.has(cp)) return false;
      probeGlyphs(f, String.fromCodePoint(cp));
      await probeSubset(f, String.fromCodePoint(cp));
      return true;
    } catch (e) {
      this.broken.add(id);
      this.log?.(`skipped the installed font ${cand.file}${face.postscriptName ? `#${face.postscriptName}` : ''}: ${(e as Error).message}`);
      return false;
    }
  }

  /** The chain index for a character (after `cover`); 0 for characters never covered. */
  setOf(ch: string, kind: FaceKind): number {
    return this.of[kind].get(ch) ?? 0;
  }

  /** The sets that render at least one covered character of this weight, in chain order. */
  used(kind: FaceKind): number[] {
    return [...new Set([...this.of[kind].values()].filter((i) => i >= 0))].sort((a, b) => a - b);
  }

  /** The characters of this weight set in `set`, sorted. */
  charsOf(set: number, kind: FaceKind): string {
    const out: string[] = [];
    for (const [ch, i] of this.of[kind]) if (i === set) out.push(ch);
    return out.sort().join('');
  }

  /**
   * Splits text into pieces of one font each (in order). Invisible characters and combining marks stay
   * with the character before them; a character no font has stays in the main face (it has been
   * reported) and so does an uncovered one.
   */
  split(text: string, kind: FaceKind): Piece[] {
    const map = this.of[kind];
    const known = this.known[kind];
    const pieces: Piece[] = [];
    // by code unit, not by character string: this runs over every character of the book, and a string
    // per character and two regular expressions on it were a tenth of a novel's layout
    let curSet = -1;
    let start = 0;
    for (let i = 0; i < text.length; ) {
      const c = text.charCodeAt(i);
      let set: number;
      let flags: number;
      let next = i + 1;
      if (c >= 0xd800 && c <= 0xdbff && next < text.length && (text.charCodeAt(next) & 0xfc00) === 0xdc00) {
        next++;
        const ch = text.slice(i, next);
        set = map.get(ch) ?? 0;
        flags = charFlags(ch);
      } else {
        const k = known[c] as number;
        if (k !== 0) set = k - 2;
        else {
          const v = map.get(String.fromCharCode(c));
          // a character's set never changes once covered; one not covered yet may be later
          if (v !== undefined) known[c] = v + 2;
          set = v ?? 0;
        }
        flags = unitFlags(c);
      }
      if (i > 0 && (flags & (IGNORABLE_FLAG | MARK_FLAG)) !== 0) set = curSet;
      if (set < 0) set = 0;
      if (i === 0) curSet = set;
      else if (set !== curSet) {
        pieces.push({ text: text.slice(start, i), set: curSet });
        start = i;
        curSet = set;
      }
      i = next;
    }
    if (text.length > 0) pieces.push({ text: text.slice(start), set: curSet });
    return pieces;
  }

  /** Characters already warned about (a render worker's copy of the chain is told them: once per build). */
  get reportedChars(): string[] {
    return [...this.reported];
  }

  markReported(chars: readonly string[]): void {
    for (const ch of chars) this.reported.add(ch);
  }

  /**
   * Warns about characters no font has, once per character and build: at each place in the source
   * where it occurs (`lines`: the file's lines), else at the file.
   */
  report(missing: readonly string[], diags: Diagnostics | undefined, file?: string, lines?: readonly string[]): void {
    const fresh = missing.filter((ch) => !this.reported.has(ch));
    if (fresh.length === 0) return;
    for (const ch of fresh) this.reported.add(ch);
    if (!diags) return;
    const hint = this.fonts.notInstalled?.length ? ` (fallback fonts not installed: npm install ${this.fonts.notInstalled.join(' ')})` : '';
    const message = (ch: string): string => `no font has ${codePoint(ch)} '${ch}'${hint}`;
    const found = new Set<string>();
    if (lines) {
      const want = new Set(fresh);
      lines.forEach((line, i) => {
        let col = 0;
        for (const ch of line) {
          col++;
          if (want.has(ch)) {
            diags.warn(message(ch), file, i + 1, col, MISSING_GLYPH);
            found.add(ch);
          }
        }
      });
    }
    for (const ch of fresh) if (!found.has(ch)) diags.warn(message(ch), file, undefined, undefined, MISSING_GLYPH);
  }
}

export const codePoint = (ch: string): string => `U+${(ch.codePointAt(0) ?? 0).toString(16).toUpperCase().padStart(4, '0')}`;

const chains = new WeakMap<FontSet, FontChain>();

/** The chain of a font set, shared by every writer that gets the same FontSet object. */
export function chainFor(fonts: FontSet): FontChain {
  let c = chains.get(fonts);
  if (!c) chains.set(fonts, (c = new FontChain(fonts)));
  return c;
}

export interface BookChars {
  regular: Set<string>;
  bold: Set<string>;
}

/**
 * The characters a book's text puts in each weight, as both writers set it: headings, the title,
 * strong and table heads bold; emphasis either (bold where emphasis dots are unsupported); the rest
 * regular, with digits and the full stop (page numbers, list and note numbers). Walks the model
 * generically (every `text`, `alt` and `title` string under a block), so new block kinds are covered.
 */
export function bookChars(book: Book): BookChars {
  const out: BookChars = { regular: new Set(), bold: new Set() };
  // characters of the Basic Multilingual Plane already added, by code unit: a novel has a million
  // characters and a few thousand distinct ones (same sets, same insertion order as adding each)
  const seen: Record<FaceKind, Uint8Array> = { regular: new Uint8Array(0x10000), bold: new Uint8Array(0x10000) };
  const add = (s: string, kinds: readonly FaceKind[]): void => {
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
        const ch = s.slice(i, i + 2);
        i++;
        for (const k of kinds) out[k].add(ch);
        continue;
      }
      for (const k of kinds) {
        const seenK = seen[k];
        if (seenK[c] === 0) {
          seenK[c] = 1;
          out[k].add(String.fromCharCode(c));
        }
      }
    }
  };
  const walk = (node: unknown, kinds: readonly FaceKind[]): void => {
    if (Array.isArray(node)) {
      for (const n of node) walk(n, kinds);
      return;
    }
    if (typeof node !== 'object' || node === null) return;
    const o = node as Record<string, unknown>;
    let next = kinds;
    if (o.kind === 'heading' || o.kind === 'strong') next = ['bold'];
    else if (o.kind === 'emph' && !kinds.includes('bold')) next = [...kinds, 'bold'];
    for (const [k, v] of Object.entries(o)) {
      if (k === 'pos' || k === 'href' || k === 'src' || k === 'id' || k === 'lang') continue;
      if (typeof v === 'string') {
        if (k === 'text' || k === 'alt' || k === 'title') add(v, next);
      } else if (k === 'head') walk(v, ['bold']);
      else walk(v, next);
    }
  };
  walk(book.blocks, ['regular']);
  const m = book.meta;
  add(m.title, ['bold']);
  add([m.author, m.column, m.origin].filter(Boolean).join('') + '0123456789.', ['regular']);
  for (const s of book.appendix) add(s.title + s.url, ['regular']);
  return out;
}
