/** Test fonts made at test time (never committed): tiny TrueType subsets of the Noto faces, and a collection of them. */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { openEpub, openFont } from '../writers/epub/helpers.ts';

const require = createRequire(import.meta.url);
const subsetFont = require('subset-font') as (font: Buffer, text: string, opts?: { targetFormat?: string }) => Promise<Buffer>;

export function notoPath(pkg: 'sc' | 'tc' | 'jp' | 'kr', weight: '400Regular' | '700Bold' = '400Regular'): string {
  const up = pkg.toUpperCase();
  return join(require.resolve(`@expo-google-fonts/noto-serif-${pkg}/package.json`), '..', weight, `NotoSerif${up}_${weight}.ttf`);
}

/** A TrueType subset of a Noto face with just these characters (HarfBuzz keeps cmap, name, glyf). */
export async function tinyFont(pkg: 'sc' | 'tc' | 'jp' | 'kr', chars: string): Promise<Buffer> {
  return subsetFont(readFileSync(notoPath(pkg)), chars, { targetFormat: 'truetype' });
}

/** Packs single sfnt fonts into a TrueType collection (ttcf 1.0); each face keeps its own copy of every table. */
export function buildTtc(fonts: readonly Buffer[]): Buffer {
  const dirs = fonts.map((f) => {
    const n = f.readUInt16BE(4);
    const tables = Array.from({ length: n }, (_, i) => {
      const r = 12 + 16 * i;
      return {
        tag: f.subarray(r, r + 4),
        checksum: f.readUInt32BE(r + 4),
        data: f.subarray(f.readUInt32BE(r + 8), f.readUInt32BE(r + 8) + f.readUInt32BE(r + 12)),
      };
    });
    return { head: f.subarray(0, 12), tables };
  });
  const headerLen = 12 + 4 * fonts.length;
  let at = headerLen;
  const dirOffsets = dirs.map((d) => {
    const o = at;
    at += 12 + 16 * d.tables.length;
    return o;
  });
  const dataStart = at;
  let size = dataStart;
  for (const d of dirs) for (const t of d.tables) size += (t.data.length + 3) & ~3;
  const out = Buffer.alloc(size);
  out.write('ttcf', 0, 'latin1');
  out.writeUInt32BE(0x00010000, 4);
  out.writeUInt32BE(fonts.length, 8);
  dirOffsets.forEach((o, i) => {
    out.writeUInt32BE(o, 12 + 4 * i);
  });
  let data = dataStart;
  dirs.forEach((d, i) => {
    const o = dirOffsets[i] as number;
    d.head.copy(out, o);
    d.tables.forEach((t, k) => {
      const r = o + 12 + 16 * k;
      t.tag.copy(out, r);
      out.writeUInt32BE(t.checksum, r + 4);
      out.writeUInt32BE(data, r + 8);
      out.writeUInt32BE(t.data.length, r + 12);
      t.data.copy(out, data);
      data += (t.data.length + 3) & ~3;
    });
  });
  return out;
}

/**
 * Every visible character of every XHTML document of an EPUB that none of its embedded fonts has (what a
 * reader sees: not the <head>, not the hidden landmarks nav; white space and default-ignorable code
 * points such as ZWJ and variation selectors need no glyph). Also the names of the embedded font files.
 */
export async function uncoveredInEpub(bytes: Uint8Array): Promise<{ missing: string[]; fontFiles: string[] }> {
  const epub = await openEpub(bytes);
  const fontFiles = epub.files.filter((f) => /\/fonts\//.test(f));
  const fonts = await Promise.all(fontFiles.map(async (f) => openFont(await epub.bytes(f))));
  const missing = new Set<string>();
  for (const f of epub.files.filter((n) => n.endsWith('.xhtml'))) {
    const text = (await epub.text(f))
      .replace(/<head>[\s\S]*?<\/head>/, '')
      .replace(/<nav[^>]*hidden[^>]*>[\s\S]*?<\/nav>/g, '')
      .replace(/<[^>]*>/g, '')
      .replace(/&[a-z]+;/g, '');
    for (const ch of text) {
      if (/\s|\p{Default_Ignorable_Code_Point}/u.test(ch)) continue;
      if (!fonts.some((font) => font.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0))) missing.add(ch);
    }
  }
  return { missing: [...missing], fontFiles: fontFiles.map((f) => f.replace(/^.*\//, '')) };
}
