/**
 * A minimal OpenType (sfnt) reader: just what the font chain needs, with no third-party package and
 * no parsing beyond the table directory, `cmap` and `name` (a 15 MB CJK font is read in ~1 ms):
 * - which faces a collection (.ttc/.otc) holds, by PostScript name;
 * - one face of a collection as a standalone font file (pdfkit and subset-font take single faces);
 * - the outline format (TrueType `glyf` or CFF) and the family name;
 * - whether the font has a glyph for a code point (cmap formats 4 and 12).
 */

export interface SfntFace {
  /** the face as a standalone sfnt file (the input itself unless it came out of a collection) */
  data: Buffer;
  postscriptName: string;
  family: string;
  outlines: 'truetype' | 'cff';
  /** true when the font maps `cp` to a real glyph (not .notdef) */
  has(cp: number): boolean;
}

export class SfntError extends Error {}

const tag = (b: Buffer, at: number): string => b.toString('latin1', at, at + 4);

function need(b: Buffer, end: number, what: string): void {
  if (end > b.length) throw new SfntError(`truncated font (${what})`);
}

/** True for the magic numbers of a single font or a collection. */
export function isFontData(b: Buffer): boolean {
  if (b.length < 12) return false;
  const t = tag(b, 0);
  return t === 'ttcf' || t === 'OTTO' || t === 'true' || b.readUInt32BE(0) === 0x00010000;
}

export const isCollection = (b: Buffer): boolean => b.length >= 12 && tag(b, 0) === 'ttcf';

/** Offsets of the faces' table directories: one for a single font, several for a collection. */
function faceOffsets(b: Buffer): number[] {
  if (!isFontData(b)) throw new SfntError('not a TrueType/OpenType font (no sfnt or ttcf header)');
  if (tag(b, 0) !== 'ttcf') return [0];
  const n = b.readUInt32BE(8);
  need(b, 12 + 4 * n, 'collection header');
  return Array.from({ length: n }, (_, i) => b.readUInt32BE(12 + 4 * i));
}

interface Table {
  tag: string;
  checksum: number;
  offset: number;
  length: number;
}

function tables(b: Buffer, dir: number): Map<string, Table> {
  need(b, dir + 12, 'table directory');
  const n = b.readUInt16BE(dir + 4);
  need(b, dir + 12 + 16 * n, 'table directory');
  const out = new Map<string, Table>();
  for (let i = 0; i < n; i++) {
    const r = dir + 12 + 16 * i;
    const t: Table = { tag: tag(b, r), checksum: b.readUInt32BE(r + 4), offset: b.readUInt32BE(r + 8), length: b.readUInt32BE(r + 12) };
    need(b, t.offset + t.length, `table ${t.tag}`);
    out.set(t.tag, t);
  }
  return out;
}

/** name table: PostScript name (6) and family (16 typographic, else 1), Windows Unicode preferred. */
function names(b: Buffer, t: Table | undefined): { postscriptName: string; family: string } {
  const found = new Map<number, { score: number; value: string }>();
  if (t) {
    const count = b.readUInt16BE(t.offset + 2);
    const strings = t.offset + b.readUInt16BE(t.offset + 4);
    for (let i = 0; i < count; i++) {
      const r = t.offset + 6 + 12 * i;
      if (r + 12 > t.offset + t.length) break;
      const platform = b.readUInt16BE(r);
      const lang = b.readUInt16BE(r + 4);
      const id = b.readUInt16BE(r + 6);
      if (id !== 1 && id !== 6 && id !== 16) continue;
      const len = b.readUInt16BE(r + 8);
      const at = strings + b.readUInt16BE(r + 10);
      if (at + len > b.length) continue;
      let value: string;
      let score: number;
      if (platform === 3 || platform === 0) {
        const u = Buffer.from(b.subarray(at, at + len - (len % 2)));
        u.swap16();
        value = u.toString('utf16le');
        score = platform === 3 && lang === 0x409 ? 3 : 2;
      } else if (platform === 1) {
        value = b.toString('latin1', at, at + len);
        score = lang === 0 ? 1 : 0;
      } else continue;
      const prev = found.get(id);
      if (!prev || score > prev.score) found.set(id, { score, value });
    }
  }
  const postscriptName = found.get(6)?.value ?? '';
  return { postscriptName, family: found.get(16)?.value ?? found.get(1)?.value ?? postscriptName };
}

type Lookup = (cp: number) => boolean;

function cmapFormat12(b: Buffer, at: number): Lookup {
  const n = b.readUInt32BE(at + 12);
  need(b, at + 16 + 12 * n, 'cmap format 12');
  const start = new Uint32Array(n);
  const end = new Uint32Array(n);
  const gid = new Uint32Array(n);
  for (let i = 0; i < n; i++) {
    const r = at + 16 + 12 * i;
    start[i] = b.readUInt32BE(r);
    end[i] = b.readUInt32BE(r + 4);
    gid[i] = b.readUInt32BE(r + 8);
  }
  return (cp) => {
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (cp < (start[mid] as number)) hi = mid - 1;
      else if (cp > (end[mid] as number)) lo = mid + 1;
      else return (gid[mid] as number) + (cp - (start[mid] as number)) !== 0;
    }
    return false;
  };
}

function cmapFormat4(b: Buffer, at: number): Lookup {
  const segX2 = b.readUInt16BE(at + 6);
  const segs = segX2 / 2;
  const ends = at + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const ranges = deltas + segX2;
  need(b, ranges + segX2, 'cmap format 4');
  return (cp) => {
    if (cp > 0xffff) return false;
    let lo = 0;
    let hi = segs - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const end = b.readUInt16BE(ends + 2 * mid);
      const start = b.readUInt16BE(starts + 2 * mid);
      if (cp > end) lo = mid + 1;
      else if (cp < start) hi = mid - 1;
      else {
        const delta = b.readUInt16BE(deltas + 2 * mid);
        const range = b.readUInt16BE(ranges + 2 * mid);
        if (range === 0) return ((cp + delta) & 0xffff) !== 0;
        const g = ranges + 2 * mid + range + 2 * (cp - start);
        if (g + 2 > b.length) return false;
        const glyph = b.readUInt16BE(g);
        return glyph !== 0 && ((glyph + delta) & 0xffff) !== 0;
      }
    }
    return false;
  };
}

function cmap(b: Buffer, t: Table | undefined): Lookup {
  if (!t) throw new SfntError('the font has no cmap table');
  const n = b.readUInt16BE(t.offset + 2);
  let best: { score: number; at: number; format: number } | undefined;
  for (let i = 0; i < n; i++) {
    const r = t.offset + 4 + 8 * i;
    const platform = b.readUInt16BE(r);
    const encoding = b.readUInt16BE(r + 2);
    const at = t.offset + b.readUInt32BE(r + 4);
    if (at + 2 > b.length) continue;
    const format = b.readUInt16BE(at);
    let score = 0;
    if (format === 12 && (platform === 3 ? encoding === 10 : platform === 0)) score = 3;
    else if (format === 4 && (platform === 3 ? encoding === 1 : platform === 0)) score = 2;
    if (score > (best?.score ?? 0)) best = { score, at, format };
  }
  if (!best) throw new SfntError('the font has no Unicode cmap (format 4 or 12)');
  return best.format === 12 ? cmapFormat12(b, best.at) : cmapFormat4(b, best.at);
}

/** Builds a standalone sfnt file from one face of a collection (tables shared between faces are copied). */
function standalone(b: Buffer, dir: number, ts: Map<string, Table>): Buffer {
  const list = [...ts.values()].sort((x, y) => (x.tag < y.tag ? -1 : 1));
  const headerLen = 12 + 16 * list.length;
  let size = headerLen;
  for (const t of list) size += (t.length + 3) & ~3;
  const out = Buffer.alloc(size);
  b.copy(out, 0, dir, dir + 12);
  let at = headerLen;
  list.forEach((t, i) => {
    const r = 12 + 16 * i;
    out.write(t.tag, r, 'latin1');
    out.writeUInt32BE(t.checksum, r + 4);
    out.writeUInt32BE(at, r + 8);
    out.writeUInt32BE(t.length, r + 12);
    b.copy(out, at, t.offset, t.offset + t.length);
    at += (t.length + 3) & ~3;
  });
  return out;
}

/** PostScript names of the faces in a font file (one entry for a single font). */
export function listFaces(b: Buffer): string[] {
  return faceOffsets(b).map((dir) => names(b, tables(b, dir).get('name')).postscriptName);
}

/**
 * Opens a face: the only one of a single font, or the named one (`postscriptName`) of a collection.
 * A collection without a name gives its first face.
 */
export function openFace(b: Buffer, postscriptName?: string): SfntFace {
  const dirs = faceOffsets(b);
  const collection = tag(b, 0) === 'ttcf';
  for (const dir of dirs) {
    const ts = tables(b, dir);
    const n = names(b, ts.get('name'));
    if (postscriptName !== undefined && n.postscriptName !== postscriptName) continue;
    const outlines = ts.has('glyf') ? 'truetype' : ts.has('CFF ') || ts.has('CFF2') ? 'cff' : undefined;
    if (!outlines) throw new SfntError('the font has no outlines (neither glyf nor CFF): bitmap-only fonts are not supported');
    let lookup: Lookup | undefined;
    return {
      data: collection ? standalone(b, dir, ts) : b,
      postscriptName: n.postscriptName,
      family: n.family,
      outlines,
      has: (cp) => (lookup ??= cmap(b, ts.get('cmap')))(cp),
    };
  }
  throw new SfntError(`no face named ${postscriptName} in this font (it has: ${listFaces(b).join(', ')})`);
}
