// @ts-expect-error unicode-properties ships no type declarations; the two functions used are typed below
import * as unicodeProperties from 'unicode-properties';

/**
 * Glyphs straight from the font, for text that shaping cannot change (issue 11).
 *
 * fontkit's `layout` sets up GSUB/GPOS for every call and decodes tables as it goes; for most of a CJK
 * book (ideographs, kana, hangul, ASCII, punctuation) it ends up with one glyph per character, the one
 * `cmap` names, advanced by its `hmtx` width. This module gives that result without shaping, but only
 * where it is sure to be fontkit's own, glyph objects and positions alike; anything else returns
 * `undefined` and is shaped as before. fontkit 2.0.4 (OTLayoutEngine, DefaultShaper, HangulShaper) does,
 * for a string of simple characters (below), nothing but map each character through `cmap`, because:
 *
 * - no lookup of an enabled feature can start at any of its glyphs: every GSUB and GPOS lookup type
 *   fontkit applies first tests the current glyph against its first coverage (format-3 context lookups
 *   through their first input coverage), and nested lookups only run after such a match. The features
 *   are those fontkit turns on less the writer's overrides, in the script table fontkit picks for the
 *   run's script (Noto CJK's Latin `locl` changes digits only in a Latin run); a ligature lookup also
 *   needs its second component later in the string;
 * - the glyph objects are fontkit's own cached ones, made in the order fontkit makes them, since a
 *   glyph object keeps the characters it was first made for (pdfkit writes them to ToUnicode);
 * - the shapers' own steps need characters kept out of the simple set: marks (zeroed advances, fallback
 *   mark positioning), U+2044 FRACTION SLASH (`frac`/`numr`/`dnom` on digits), conjoining jamo and tone
 *   marks (Hangul composition; precomposed syllables are only decomposed when the font lacks them),
 *   default-ignorables (replaced by a space), variation selectors (a glyph of two characters), scripts
 *   with their own shapers or set right to left;
 * - the legacy `kern` table is only read when `kern` is not turned off.
 */

/** What pdfkit reads of a fontkit glyph. */
export interface Glyph {
  readonly id: number;
  readonly advanceWidth: number;
  readonly codePoints: number[];
}

interface Coverage {
  version: number;
  glyphs?: ArrayLike<number>;
  rangeRecords?: ArrayLike<{ start: number; end: number }>;
}
interface ClassDef {
  version: number;
  startGlyph?: number;
  classValueArray?: ArrayLike<number>;
  classRangeRecord?: ArrayLike<{ start: number; end: number; class: number }>;
}
interface SubTable {
  version?: number;
  lookupType?: number;
  extension?: SubTable;
  coverage?: Coverage;
  coverages?: ArrayLike<Coverage>;
  inputCoverage?: ArrayLike<Coverage>;
  markCoverage?: Coverage;
  mark1Coverage?: Coverage;
  ligatureSets?: { get(i: number): Iterable<{ components: ArrayLike<number> }> | undefined };
}
interface Lookup {
  lookupType: number;
  subTables: Iterable<SubTable>;
}
interface LayoutTable {
  lookupList: { get(i: number): Lookup | undefined };
}
interface Processor {
  features: Record<string, { lookupListIndexes: Iterable<number> } | undefined>;
  selectScript(script?: string, language?: string | null, direction?: string): string;
}
type ProcessorClass = new (font: FontkitFont, table: LayoutTable) => Processor;

/** The parts of a fontkit font the fast path reads. */
export interface FontkitFont {
  unitsPerEm: number;
  numGlyphs: number;
  glyphForCodePoint(cp: number): Glyph;
  hasGlyphForCodePoint(cp: number): boolean;
  GSUB?: LayoutTable;
  GPOS?: LayoutTable;
  GDEF?: { glyphClassDef?: ClassDef };
  morx?: unknown;
  kern?: unknown;
  _layoutEngine?: { engine?: { GSUBProcessor?: Processor | null; GPOSProcessor?: Processor | null } };
}

/** The features fontkit's shapers turn on for every glyph of a left-to-right run (DefaultShaper). */
const DEFAULT_FEATURES = ['rvrn', 'ltra', 'ltrm', 'ccmp', 'locl', 'rlig', 'mark', 'mkmk', 'calt', 'clig', 'liga', 'rclt', 'curs', 'kern'];

/** Features as pdfkit passes them on: an object of overrides (ours), an array of extra tags, or none. */
export type Features = Record<string, boolean> | string[] | undefined;

/** The features fontkit applies given these overrides (ShapingPlan.setFeatureOverrides). */
function enabledFeatures(features: Features): Set<string> {
  const on = new Set(DEFAULT_FEATURES);
  if (Array.isArray(features)) for (const t of features) on.add(t);
  else if (features) for (const [t, v] of Object.entries(features)) v ? on.add(t) : on.delete(t);
  return on;
}

// fontkit's own Unicode data (the ES module fontkit imports, so one copy is loaded), so a script is told as fontkit tells it
const unicode = unicodeProperties as {
  getScript(cp: number): string;
  isMark(cp: number): boolean;
};

/**
 * The OpenType script tags fontkit gives the scripts of the simple characters (its UNICODE_SCRIPTS);
 * index 0 is its tag for a run of common characters only ('zzzz': no script of the font matches, so the
 * default one is used).
 */
const SCRIPT_TAGS = ['zzzz', 'latn', 'grek', 'cyrl', 'copt', 'hani', 'kana', 'hang', 'bopo', 'brai'] as const;
const SCRIPT_OF: Record<string, number> = {
  Common: 0,
  Inherited: 0,
  Unknown: 0,
  Latin: 1,
  Greek: 2,
  Cyrillic: 3,
  Coptic: 4,
  Han: 5,
  Hiragana: 6,
  Katakana: 6,
  Hangul: 7,
  Bopomofo: 8,
  Braille: 9,
};

/**
 * Characters that take the fast path if their glyph allows it: Latin, Greek, Cyrillic, general
 * punctuation and symbols, CJK (ideographs, kana, bopomofo, precomposed hangul, compatibility and
 * fullwidth forms). Left out: marks, format and other invisible characters, U+2044 (fractions),
 * conjoining jamo, variation selectors, and every other script (their shapers reorder and insert).
 */
const OTHER = /[\p{M}\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Zl}\p{Zp}]/u;
/** 0: not simple, else 1 + index in SCRIPT_TAGS */
function classify(cp: number): number {
  const inRange =
    (cp >= 0x20 && cp <= 0x52f) ||
    (cp >= 0x1e00 && cp <= 0x2bff && cp !== 0x2044) ||
    (cp >= 0x2e80 && cp <= 0x9fff) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xffef) ||
    (cp >= 0x20000 && cp <= 0x3ffff);
  // \p{…} takes out U+00AD, U+0300–036F, U+0483–0489, U+200B–200F, U+2028–202E, U+2060–206F, U+20D0–20FF,
  // U+302A–302F, U+3099–309A …; fontkit's isMark decides for fonts without GDEF classes
  if (!inRange || OTHER.test(String.fromCodePoint(cp)) || unicode.isMark(cp)) return 0;
  const script = SCRIPT_OF[unicode.getScript(cp)];
  return script === undefined ? 0 : script + 1;
}
/** classify() per code point up to U+3FFFF, worked out once: 255 not yet */
const classes = new Uint8Array(0x40000).fill(255);
function classOfCodePoint(cp: number): number {
  if (cp >= 0x40000) return 0;
  let k = classes[cp] as number;
  if (k === 255) classes[cp] = k = classify(cp);
  return k;
}
function simpleCodePoint(cp: number): boolean {
  return classOfCodePoint(cp) > 0;
}

/** A character's glyph, its advance scaled to pdfkit's 1/1000 em, whether it may take the fast path. */
interface CharInfo {
  glyph: Glyph;
  /** `advanceWidth * (1000 / unitsPerEm)`: the product pdfkit's layoutRun makes of xAdvance */
  advance: number;
  /** false: always shaped (no glyph, a mark, a glyph first made for other characters …) */
  plain: boolean;
  /** classOfCodePoint of the character: 1 + its index in SCRIPT_TAGS */
  script: number;
}

/** A copy to keep: fontkit writes the features it applies into the object it is given. */
function copyFeatures(features: Features): Features {
  return Array.isArray(features) ? [...features] : features ? { ...features } : undefined;
}

/** Whether two feature arguments ask for the same features. */
function sameFeatures(a: Features, b: Features): boolean {
  if (a === undefined || b === undefined) return a === b;
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((t, i) => t === b[i]);
  let n = 0;
  for (const k in b) {
    if (a[k] !== b[k]) return false;
    n++;
  }
  return n === Object.keys(a).length;
}

class FaceGlyphs {
  readonly scale: number;
  /** characters looked up so far: by code point in the Basic Multilingual Plane (an array index is cheaper than a Map), else in a Map */
  private readonly bmp: (CharInfo | undefined)[] = [];
  private readonly chars = new Map<number, CharInfo>();

  private charInfo(cp: number): CharInfo | undefined {
    return cp < 0x10000 ? this.bmp[cp] : this.chars.get(cp);
  }
  /**
   * per features asked for (a copy: fontkit writes into the object it is given) and script, the glyphs
   * where lookups may start
   */
  private readonly starts: { features: Features; script: number; starts: Uint8Array | null }[] = [];
  private spaceMade = false;

  constructor(private readonly font: FontkitFont) {
    // pdfkit's EmbeddedFont.scale, the same division
    this.scale = 1000 / font.unitsPerEm;
  }

  private info(cp: number): CharInfo {
    let c = this.charInfo(cp);
    if (!c) {
      // fontkit's glyphsForString calls exactly this for a character not followed by a variation
      // selector; the glyph object is fontkit's cached one (its codePoints are those it was first made with)
      const glyph = this.font.glyphForCodePoint(cp);
      const plain =
        glyph != null &&
        glyph.id !== 0 &&
        glyph.codePoints.length > 0 &&
        glyph.codePoints.every((p) => simpleCodePoint(p) && this.font.hasGlyphForCodePoint(p)) &&
        !this.isMarkGlyph(glyph.id);
      c = { glyph, advance: plain ? glyph.advanceWidth * this.scale : 0, plain, script: classOfCodePoint(cp) };
      if (cp < 0x10000) this.bmp[cp] = c;
      else this.chars.set(cp, c);
    }
    return c;
  }

  /** GDEF class 3: fontkit's DefaultShaper zeroes a mark's advance after GPOS. */
  private isMarkGlyph(id: number): boolean {
    const cd = this.font.GDEF?.glyphClassDef;
    return cd ? classOf(id, cd) === 3 : false;
  }

  private startsFor(features: Features, script: number): Uint8Array | null {
    for (const e of this.starts) if (e.script === script && sameFeatures(e.features, features)) return e.starts;
    const starts = lookupStarts(this.font, enabledFeatures(features), SCRIPT_TAGS[script] as string);
    this.starts.push({ features: copyFeatures(features), script, starts });
    return starts;
  }

  /**
   * The characters of `text` with fontkit's glyphs for them, or undefined when it must be shaped. Glyph
   * objects are made in the order fontkit makes them (each character's, then the space glyph that
   * hideDefaultIgnorables asks for), since a glyph object keeps the characters it was first made for.
   */
  private infos(text: string, features: Features): CharInfo[] | undefined {
    if (text.length === 0) return undefined;
    // pdfkit lays out a drawn piece twice in a row (its width, then its glyphs)
    if (text === this.last.text && sameFeatures(this.last.features, features)) return this.last.infos;
    const infos = this.lookUp(text, features);
    this.last = { text, features: copyFeatures(features), infos };
    return infos;
  }

  private last: { text: string; features: Features; infos: CharInfo[] | undefined } = { text: '', features: undefined, infos: undefined };

  private lookUp(text: string, features: Features): CharInfo[] | undefined {
    // Characters seen before are looked up as they come. A new one is not given its glyph until the
    // whole string is known to be simple: fontkit makes a character's glyph object with the variation
    // selector after it, if there is one, and the object keeps the characters it was first made for.
    const out: (CharInfo | undefined)[] = [];
    let script = 0;
    let fresh = false;
    for (let i = 0; i < text.length; i++) {
      const cp = text.codePointAt(i) as number;
      if (cp > 0xffff) i++;
      const c = this.charInfo(cp);
      // fontkit's script for the run: that of its first character not common to all (Script.forString)
      let k: number;
      if (c) k = c.script;
      else {
        k = classOfCodePoint(cp);
        if (k === 0) return undefined;
        fresh = true;
      }
      if (script === 0) script = k - 1;
      out.push(c);
    }
    if (fresh) {
      // glyph objects made in fontkit's order: each character's in turn (glyphsForString)
      for (let i = 0, n = 0; i < text.length; i++, n++) {
        const cp = text.codePointAt(i) as number;
        if (cp > 0xffff) i++;
        out[n] ??= this.info(cp);
      }
    }
    const starts = this.startsFor(features, script);
    if (!starts) return undefined;
    let ligatureFirst = false;
    for (const c of out as CharInfo[]) {
      if (!c.plain) return undefined;
      const s = starts[c.glyph.id] as number;
      if (s & START || (ligatureFirst && s & LIGATURE_NEXT)) return undefined;
      if (s & LIGATURE_FIRST) ligatureFirst = true;
    }
    // then the space glyph that hideDefaultIgnorables asks for on every layout
    if (!this.spaceMade) {
      this.font.glyphForCodePoint(0x20);
      this.spaceMade = true;
    }
    return out as CharInfo[];
  }

  /** fontkit's run for `text`, as pdfkit reads it, or undefined when it must be shaped. */
  run(text: string, features: Features): { glyphs: Glyph[]; positions: Position[] } | undefined {
    const infos = this.infos(text, features);
    if (!infos) return undefined;
    // fontkit's GlyphPosition(advanceWidth), keys in its order; fresh objects, pdfkit scales them in place
    return {
      glyphs: infos.map((c) => c.glyph),
      positions: infos.map((c) => ({ xAdvance: c.glyph.advanceWidth, yAdvance: 0, xOffset: 0, yOffset: 0 })),
    };
  }

  /**
   * pdfkit's `doc.widthOfString(text, { features })` (no character spacing, horizontal scaling 100),
   * or undefined when it must be shaped. The same floating-point operations in the same order, so the
   * same number: Σ xAdvance·scale from 0, left to right (GlyphRun.advanceWidth), × size/1000
   * (EmbeddedFont.widthOfString), + 0·(length − 1), × 100 / 100 (PDFDocument.widthOfString).
   */
  width(text: string, size: number, features: Features): number | undefined {
    const infos = this.infos(text, features);
    if (!infos) return undefined;
    let w = 0;
    for (const c of infos) w += c.advance;
    const scale = size / 1000;
    return ((w * scale + 0 * (text.length - 1)) * 100) / 100;
  }
}

export interface Position {
  xAdvance: number;
  yAdvance: number;
  xOffset: number;
  yOffset: number;
}

function classOf(id: number, cd: ClassDef): number {
  if (cd.version === 1 && cd.classValueArray) {
    const i = id - (cd.startGlyph ?? 0);
    return i >= 0 && i < cd.classValueArray.length ? (cd.classValueArray[i] ?? 0) : 0;
  }
  if (cd.version === 2 && cd.classRangeRecord) {
    for (let k = 0; k < cd.classRangeRecord.length; k++) {
      const r = cd.classRangeRecord[k];
      if (r && r.start <= id && id <= r.end) return r.class;
    }
  }
  return 0;
}

/**
 * Flags per glyph id. START: a lookup may start at the glyph. A ligature lookup (GSUB type 4) starting
 * at a LIGATURE_FIRST glyph only does something if the glyph after it (or after glyphs its flags skip)
 * is a ligature's second component, a LIGATURE_NEXT glyph: Noto CJK's ccmp joins kana and digits with
 * combining marks, never two of the characters the fast path takes, so those stay fast.
 */
const START = 1;
const LIGATURE_FIRST = 2;
const LIGATURE_NEXT = 4;

/** Calls `f(glyph, coverageIndex)` for every glyph of a coverage table; false for a format fontkit does not read either. */
function eachCovered(cov: Coverage | undefined, f: (glyph: number, index: number) => boolean): boolean {
  if (!cov) return false;
  if (cov.version === 1 && cov.glyphs) {
    for (let k = 0; k < cov.glyphs.length; k++) if (!f(cov.glyphs[k] as number, k)) return false;
    return true;
  }
  if (cov.version === 2 && cov.rangeRecords) {
    for (let k = 0; k < cov.rangeRecords.length; k++) {
      const r = cov.rangeRecords[k] as { start: number; end: number; startCoverageIndex?: number } | undefined;
      if (!r || r.startCoverageIndex === undefined) return false;
      for (let g = r.start; g <= r.end; g++) if (!f(g, r.startCoverageIndex + g - r.start)) return false;
    }
    return true;
  }
  return false;
}

/** Flags the glyphs where this subtable may act; false when the face must always be shaped. */
function markSubtable(table: 'GSUB' | 'GPOS', type: number, st: SubTable, flags: Uint8Array): boolean {
  if ((table === 'GSUB' && type === 7) || (table === 'GPOS' && type === 9))
    return st.extension !== undefined && st.lookupType !== undefined && markSubtable(table, st.lookupType, st.extension, flags);
  const flag = (g: number, f: number): boolean => {
    if (g >= flags.length) return false;
    flags[g] = (flags[g] as number) | f;
    return true;
  };
  if (table === 'GSUB' && type === 4) {
    const sets = st.ligatureSets;
    if (!sets) return false;
    return eachCovered(st.coverage, (g, index) => {
      const set = sets.get(index);
      if (!set) return false;
      for (const lig of set) {
        // no further component: fontkit replaces the glyph on its own
        const next = lig.components.length > 0 ? lig.components[0] : undefined;
        if (next === undefined) return flag(g, START);
        if (!flag(g, LIGATURE_FIRST) || !flag(next, LIGATURE_NEXT)) return false;
      }
      return true;
    });
  }
  return eachCovered(firstCoverage(table, type, st), (g) => flag(g, START));
}

/**
 * The coverage a lookup subtable tests the current glyph against before it does anything (fontkit's
 * GSUBProcessor/GPOSProcessor.applyLookup); undefined when fontkit would act without one (a format-3
 * context with no input coverage) or throw (GSUB type 8, unknown types): such a lookup rules the face out.
 */
function firstCoverage(table: 'GSUB' | 'GPOS', type: number, st: SubTable): Coverage | undefined {
  if ((table === 'GSUB' && type === 7) || (table === 'GPOS' && type === 9))
    return st.extension && st.lookupType !== undefined ? firstCoverage(table, st.lookupType, st.extension) : undefined;
  const context = table === 'GSUB' ? type === 5 || type === 6 : type === 7 || type === 8;
  if (context) {
    if (st.version === 1 || st.version === 2) return st.coverage;
    if (st.version === 3) return (type === 5 || type === 7 ? st.coverages : st.inputCoverage)?.[0];
    return undefined;
  }
  if (table === 'GSUB') return type >= 1 && type <= 4 ? st.coverage : undefined;
  if (type >= 1 && type <= 3) return st.coverage;
  if (type === 4 || type === 5) return st.markCoverage;
  if (type === 6) return st.mark1Coverage;
  return undefined;
}

/**
 * Glyphs where a lookup of an enabled feature may start, in a run of the given script: the features of
 * the default language of the script table fontkit selects for it (OTLayoutEngine.setup: language null,
 * left to right). null when the fast path cannot be sure for this font at all.
 */
function lookupStarts(font: FontkitFont, enabled: Set<string>, script: string): Uint8Array | null {
  if (font.morx) return null; // AAT shaping: another engine
  if (enabled.has('kern') && font.kern) return null; // the legacy kern table would be applied
  const starts = new Uint8Array(0x10000); // glyph ids are 16-bit
  const engine = font._layoutEngine?.engine;
  for (const table of ['GSUB', 'GPOS'] as const) {
    const t = font[table];
    if (!t) continue;
    const live = table === 'GSUB' ? engine?.GSUBProcessor : engine?.GPOSProcessor;
    if (!live) return null;
    // a processor of our own: selecting a script changes the state of fontkit's
    const proc = new (live.constructor as ProcessorClass)(font, t);
    const lookups = new Set<number>();
    proc.selectScript(script, null, 'ltr');
    for (const [tag, feature] of Object.entries(proc.features)) {
      if (!enabled.has(tag) || !feature) continue;
      for (const i of feature.lookupListIndexes) lookups.add(i);
    }
    for (const i of lookups) {
      const lookup = t.lookupList.get(i);
      if (!lookup) return null;
      for (const st of lookup.subTables) if (!markSubtable(table, lookup.lookupType, st, starts)) return null;
    }
  }
  return starts;
}

const faces = new WeakMap<object, FaceGlyphs>();

/** The fast path's state for a fontkit font, kept for the process as the font object is. */
export function faceGlyphs(font: FontkitFont): FaceGlyphs {
  let f = faces.get(font);
  if (!f) faces.set(font, (f = new FaceGlyphs(font)));
  return f;
}

export type { FaceGlyphs };
