/**
 * A minimal OpenType (sfnt) reader: just what the font chain needs, with no third-party package and
 * no parsing beyond the table directory, `cmap` and `name` (a 15 MB CJK font is read in ~1 ms):
 * - which faces a collection (.ttc/.otc) holds, by PostScript name;
 * - one face of a collection as a standalone font file (pdfkit and HarfBuzz's subsetter take single faces);
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

/**
 * A font we cannot use. `damaged`: the file is not what its own header says (truncated, a table or
 * offset past the end, wrong magic): shown as "font X is damaged: …". `unsupported`: a well-formed
 * font we cannot use (bitmap-only, no Unicode cmap, no face of that name).
 */
export class SfntError extends Error {
  constructor(
    message: string,
    readonly kind: 'damaged' | 'unsupported' = 'damaged',
  ) {
    super(message);
    this.name = 'SfntError';
  }
}

const tag = (b: Buffer, at: number): string => b.toString('latin1', at, at + 4);

/** Every read is checked first: a damaged font must be an SfntError, never a RangeError from Buffer. */
function need(b: Buffer, end: number, what: string): void {
  if (!Number.isSafeInteger(end) || end > b.length) throw new SfntError(`${what} runs past the end of the file`);
}

/** A read inside a table must stay inside that table (a bad count or offset would read the next table's bytes). */
function inTable(t: Table, end: number, what: string): void {
  if (end > t.offset + t.length) throw new SfntError(`${what} runs past the end of the ${t.tag.trim()} table`);
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
  if (b.length === 0) throw new SfntError('the file is empty');
  if (!isFontData(b)) throw new SfntError(b.length < 12 ? `the file is only ${b.length} bytes long` : 'not a TrueType/OpenType font (no sfnt or ttcf header)');
  if (tag(b, 0) !== 'ttcf') return [0];
  const n = b.readUInt32BE(8);
  if (n === 0) throw new SfntError('the collection has no faces');
  need(b, 12 + 4 * n, 'the collection header');
  return Array.from({ length: n }, (_, i) => b.readUInt32BE(12 + 4 * i));
}

interface Table {
  tag: string;
  checksum: number;
  offset: number;
  length: number;
}

function tables(b: Buffer, dir: number): Map<string, Table> {
  need(b, dir + 12, 'the table directory');
  const n = b.readUInt16BE(dir + 4);
  if (n === 0) throw new SfntError('the font has no tables');
  need(b, dir + 12 + 16 * n, 'the table directory');
  const out = new Map<string, Table>();
  for (let i = 0; i < n; i++) {
    const r = dir + 12 + 16 * i;
    const t: Table = { tag: tag(b, r), checksum: b.readUInt32BE(r + 4), offset: b.readUInt32BE(r + 8), length: b.readUInt32BE(r + 12) };
    const name = t.tag.trim();
    if (t.offset >= b.length && t.length > 0) throw new SfntError(`the ${name} table starts past the end of the file`);
    need(b, t.offset + t.length, `the ${name} table`);
    out.set(t.tag, t);
  }
  return out;
}

/** name table: PostScript name (6) and family (16 typographic, else 1), Windows Unicode preferred. */
function names(b: Buffer, t: Table | undefined): { postscriptName: string; family: string } {
  const found = new Map<number, { score: number; value: string }>();
  if (t) {
    inTable(t, t.offset + 6, 'the name table header');
    const count = b.readUInt16BE(t.offset + 2);
    const strings = t.offset + b.readUInt16BE(t.offset + 4);
    inTable(t, t.offset + 6 + 12 * count, 'the name table');
    for (let i = 0; i < count; i++) {
      const r = t.offset + 6 + 12 * i;
      const platform = b.readUInt16BE(r);
      const lang = b.readUInt16BE(r + 4);
      const id = b.readUInt16BE(r + 6);
      if (id !== 1 && id !== 6 && id !== 16) continue;
      const len = b.readUInt16BE(r + 8);
      const at = strings + b.readUInt16BE(r + 10);
      // a name string outside the table is skipped (some fonts in the wild have one), not fatal
      if (at + len > t.offset + t.length) continue;
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

function cmapFormat12(b: Buffer, t: Table, at: number): Lookup {
  inTable(t, at + 16, 'the cmap format 12 header');
  const n = b.readUInt32BE(at + 12);
  inTable(t, at + 16 + 12 * n, 'the cmap format 12 subtable');
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

function cmapFormat4(b: Buffer, t: Table, at: number): Lookup {
  inTable(t, at + 14, 'the cmap format 4 header');
  const segX2 = b.readUInt16BE(at + 6);
  const segs = segX2 >> 1;
  const ends = at + 14;
  const starts = ends + segX2 + 2;
  const deltas = starts + segX2;
  const ranges = deltas + segX2;
  inTable(t, ranges + segX2, 'the cmap format 4 subtable');
  const tableEnd = t.offset + t.length;
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
        // a glyph id outside the table: no glyph (fontkit and HarfBuzz read it as .notdef too)
        if (g + 2 > tableEnd) return false;
        const glyph = b.readUInt16BE(g);
        return glyph !== 0 && ((glyph + delta) & 0xffff) !== 0;
      }
    }
    return false;
  };
}

function cmap(b: Buffer, t: Table | undefined): Lookup {
  if (!t) throw new SfntError('the font has no cmap table');
  inTable(t, t.offset + 4, 'the cmap table header');
  const n = b.readUInt16BE(t.offset + 2);
  inTable(t, t.offset + 4 + 8 * n, `the cmap table's list of ${n} subtables`);
  let best: { score: number; at: number; format: number } | undefined;
  for (let i = 0; i < n; i++) {
    const r = t.offset + 4 + 8 * i;
    const platform = b.readUInt16BE(r);
    const encoding = b.readUInt16BE(r + 2);
    const at = t.offset + b.readUInt32BE(r + 4);
    inTable(t, at + 2, `cmap subtable ${i + 1}`);
    const format = b.readUInt16BE(at);
    let score = 0;
    if (format === 12 && (platform === 3 ? encoding === 10 : platform === 0)) score = 3;
    else if (format === 4 && (platform === 3 ? encoding === 1 : platform === 0)) score = 2;
    if (score > (best?.score ?? 0)) best = { score, at, format };
  }
  if (!best) throw new SfntError('the font has no Unicode cmap (format 4 or 12)', 'unsupported');
  return best.format === 12 ? cmapFormat12(b, t, best.at) : cmapFormat4(b, t, best.at);
}

/**
 * The tables fontkit and pdfkit read for every glyph, checked against each other: a loca entry past
 * the glyf table would otherwise surface as a RangeError deep inside pdfkit while drawing.
 */
function checkGlyphTables(b: Buffer, ts: Map<string, Table>): void {
  for (const name of ['head', 'hhea', 'maxp', 'hmtx']) if (!ts.has(name.padEnd(4))) throw new SfntError(`the font has no ${name} table`);
  const head = ts.get('head') as Table;
  const maxp = ts.get('maxp') as Table;
  const hhea = ts.get('hhea') as Table;
  const hmtx = ts.get('hmtx') as Table;
  inTable(head, head.offset + 54, 'the head table');
  inTable(maxp, maxp.offset + 6, 'the maxp table');
  inTable(hhea, hhea.offset + 36, 'the hhea table');
  const glyphs = b.readUInt16BE(maxp.offset + 4);
  const metrics = b.readUInt16BE(hhea.offset + 34);
  if (metrics === 0 || metrics > glyphs) throw new SfntError(`the hhea table counts ${metrics} metrics for ${glyphs} glyphs`);
  inTable(hmtx, hmtx.offset + 4 * metrics + 2 * (glyphs - metrics), 'the hmtx table');
  const glyf = ts.get('glyf');
  if (!glyf) return;
  const loca = ts.get('loca');
  if (!loca) throw new SfntError('the font has glyf but no loca table');
  const long = b.readInt16BE(head.offset + 50) === 1;
  const size = long ? 4 : 2;
  inTable(loca, loca.offset + size * (glyphs + 1), 'the loca table');
  let prev = 0;
  for (let i = 0; i <= glyphs; i++) {
    const at = loca.offset + size * i;
    const o = long ? b.readUInt32BE(at) : 2 * b.readUInt16BE(at);
    if (o < prev || o > glyf.length) throw new SfntError(`the loca table puts glyph ${i} outside the glyf table`);
    prev = o;
  }
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
    if (!outlines) throw new SfntError('the font has no outlines (neither glyf nor CFF): bitmap-only fonts are not supported', 'unsupported');
    // read now, not on the first lookup, so a damaged font is an error where it is chosen
    const lookup = cmap(b, ts.get('cmap'));
    checkGlyphTables(b, ts);
    return {
      data: collection ? standalone(b, dir, ts) : b,
      postscriptName: n.postscriptName,
      family: n.family,
      outlines,
      has: lookup,
    };
  }
  throw new SfntError(`no face named ${postscriptName} in this font (it has: ${listFaces(b).join(', ')})`, 'unsupported');
}
