/**
 * The machine's installed fonts, through fontconfig: the last resort of the font chain (chain.ts) for
 * characters no bundled font has (Thai, Hebrew, Arabic, Devanagari, IPA, rare Latin letters, math…).
 *
 * One `fc-list` call lists every installed face with its charset (≈25 ms and ≈0.5 MB for 320 faces
 * here); it is made at most once per process, and only when the bundled chain leaves a character
 * uncovered, so an article the bundled fonts cover never runs it. Without fontconfig the list is
 * empty and the chain behaves as before (characters are reported as missing).
 */
import { execFileSync } from 'node:child_process';
import type { FaceKind } from './chain.ts';
import type { FontFace } from './resolve.ts';

export interface SystemFace {
  file: string;
  /** face index in a collection (fontconfig's `index`; named instances of variable fonts are ≥ 0x10000) */
  index: number;
  family: string;
  style: string;
  postscriptName: string;
  /** fontconfig weight: 80 regular, 200 bold */
  weight: number;
  /** 0 roman, 100 italic, 110 oblique */
  slant: number;
  /** 100 normal, 87 condensed … */
  width: number;
  mono: boolean;
  variable: boolean;
  /** sorted, non-overlapping code point ranges [start, end] */
  ranges: Uint32Array;
  /** how many code points the face maps: a general font (Noto Serif) beats a niche one that happens to have a character */
  size: number;
}

export interface SystemFonts {
  /** why the list is empty, when it is (no fontconfig, fc-list failed) */
  unavailable?: string;
  faces: SystemFace[];
}

const SEP = '\u001f';
const FIELDS = [
  'file',
  'index',
  'family[0]',
  'style[0]',
  'postscriptname',
  'weight',
  'slant',
  'width',
  'spacing',
  'fontformat',
  'outline',
  'color',
  'variable',
  'charset',
];
const FORMAT = `${FIELDS.map((f) => `%{${f}}`).join(SEP)}\\n`;

/** Parses fontconfig's charset (`20-7e a0 ff-17f …`, hexadecimal) into ranges. */
export function parseCharset(s: string): { ranges: Uint32Array; size: number } {
  const parts = s.trim().split(/\s+/).filter(Boolean);
  const ranges = new Uint32Array(parts.length * 2);
  let size = 0;
  let n = 0;
  for (const p of parts) {
    const [a = '', b] = p.split('-');
    const start = Number.parseInt(a, 16);
    const end = b === undefined ? start : Number.parseInt(b, 16);
    if (!Number.isFinite(start) || !Number.isFinite(end) || end < start) continue;
    ranges[n++] = start;
    ranges[n++] = end;
    size += end - start + 1;
  }
  return { ranges: ranges.subarray(0, n), size };
}

export function hasCodePoint(f: SystemFace, cp: number): boolean {
  const r = f.ranges;
  let lo = 0;
  let hi = r.length / 2 - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (cp < (r[2 * mid] as number)) hi = mid - 1;
    else if (cp > (r[2 * mid + 1] as number)) lo = mid + 1;
    else return true;
  }
  return false;
}

/**
 * Parses `fc-list --format` output (one face a line, fields separated by U+001F). Faces pdfkit and
 * HarfBuzz cannot subset are left out: bitmap (PCF, BDF, colour emoji bitmaps), Type 1, named
 * instances of variable fonts (their default instance stays).
 */
export function parseFcList(out: string): SystemFace[] {
  const faces: SystemFace[] = [];
  for (const line of out.split('\n')) {
    const f = line.split(SEP);
    if (f.length !== FIELDS.length) continue;
    const [
      file = '',
      index = '',
      family = '',
      style = '',
      ps = '',
      weight = '',
      slant = '',
      width = '',
      spacing = '',
      format = '',
      outline = '',
      color = '',
      variable = '',
      charset = '',
    ] = f;
    if (!file.startsWith('/') || !/\.(ttf|otf|ttc|otc)$/i.test(file)) continue;
    if (format !== 'TrueType' && format !== 'CFF') continue;
    if (outline === 'False' || color === 'True') continue;
    const idx = Number.parseInt(index, 10) || 0;
    if (idx >= 0x10000) continue;
    const { ranges, size } = parseCharset(charset);
    if (size === 0) continue;
    faces.push({
      file,
      index: idx,
      family,
      style,
      postscriptName: ps,
      // a variable font's default entry gives a range (`[100 200]`): its default weight is unknown, count it as regular
      weight: /^\d+(\.\d+)?$/.test(weight) ? Number(weight) : 80,
      slant: Number(slant) || 0,
      width: /^\d+$/.test(width) ? Number(width) : 100,
      mono: spacing === '100' || /\bmono\b/i.test(family),
      variable: variable === 'True',
      ranges,
      size,
    });
  }
  return faces;
}

let cached: SystemFonts | undefined;

/** Forgets the list, so the next lookup runs fc-list again (tests; a long-running library user after installing fonts). */
export function forgetSystemFonts(): void {
  cached = undefined;
}

/** The installed faces: one `fc-list` per process, on first use. */
export function systemFonts(): SystemFonts {
  if (cached) return cached;
  let out: string;
  try {
    out = execFileSync('fc-list', ['--format', FORMAT], {
      encoding: 'utf8',
      timeout: 20_000,
      maxBuffer: 64 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'ignore'],
    });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    cached = {
      faces: [],
      unavailable: code === 'ENOENT' ? 'fontconfig (fc-list) is not installed' : `fc-list failed: ${(e as Error).message.split('\n')[0] ?? ''}`,
    };
    return cached;
  }
  cached = { faces: parseFcList(out) };
  return cached;
}

const WANT_WEIGHT: Record<FaceKind, number> = { regular: 80, bold: 200 };

/** Book text is set in serif faces; Naskh is the book style of Arabic script. */
const SERIF = /\b(serif|naskh)\b/i;
const SANS = /\bsans\b/i;
/** Display, UI and special-purpose designs come after the text designs of the same script. */
const SPECIAL = /\b(ui|display|looped|rashi|kufi|nastaliq|mono|math|symbols?2?|condensed)\b/i;

/**
 * A sort key for a face that has the character (lower is better): upright before italic, the wanted
 * weight (closest first), normal width, serif before sans, text designs before special ones, static
 * before variable, Noto (the bundled design) before other families, a family already in use (fewer faces), broad coverage, then the file name and
 * index so the same machine always gives the same choice.
 */
function rank(f: SystemFace, kind: FaceKind, inUse: ReadonlySet<string>): (number | string)[] {
  return [
    f.slant === 0 ? 0 : 1,
    Math.abs(f.weight - WANT_WEIGHT[kind]),
    Math.abs(f.width - 100),
    SERIF.test(f.family) && !SANS.test(f.family) ? 0 : 1,
    SPECIAL.test(f.family) || f.mono ? 1 : 0,
    f.variable ? 1 : 0,
    // the bundled faces are Noto: a Noto face of the same style keeps the page of one design
    /^Noto\b/.test(f.family) ? 0 : 1,
    inUse.has(f.family) ? 0 : 1,
    -f.size,
    f.file,
    f.index,
  ];
}

function compare(a: (number | string)[], b: (number | string)[]): number {
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as number | string;
    const y = b[i] as number | string;
    if (x !== y) return x < y ? -1 : 1;
  }
  return 0;
}

/** The installed faces that have `cp`, best first for text of this weight. */
export function candidates(faces: readonly SystemFace[], cp: number, kind: FaceKind, inUse: ReadonlySet<string> = new Set()): SystemFace[] {
  return faces
    .filter((f) => hasCodePoint(f, cp))
    .map((f) => ({ f, key: rank(f, kind, inUse) }))
    .sort((a, b) => compare(a.key, b.key))
    .map((x) => x.f);
}

/** The FontFace of an installed face (a face of a collection is named by its PostScript name). */
export function faceOf(f: SystemFace): FontFace {
  const collection = /\.(ttc|otc)$/i.test(f.file);
  return { family: f.family, path: f.file, ...(collection && f.postscriptName ? { postscriptName: f.postscriptName } : {}) };
}
