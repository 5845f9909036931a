/**
 * `--pdf-a`: the PDF/A-2a rules we can check without veraPDF (there is none on these machines), on the
 * seed article and on a volume (the book fixture, built through the command's path with `pdfa`):
 *
 * - XMP metadata: present, well-formed, not compressed, identifying PDF/A-2a (pdfaid:part 2,
 *   pdfaid:conformance A), only schemas PDF/A predefines, and consistent with the Info dictionary
 *   (dc:title = Title, dc:creator = Author, xmp:CreatorTool = Creator, pdf:Producer = Producer,
 *   xmp:CreateDate = CreationDate, xmp:ModifyDate = ModDate), dc:language = the catalog's /Lang;
 * - an sRGB output intent (GTS_PDFA1, an embedded ICC profile with 3 components, RGB, ICC v2–v4);
 * - every font embedded (FontFile2/3), with a ToUnicode map; no Type 3 fonts;
 * - tagged (MarkInfo /Marked true, StructTreeRoot, /Lang), the title shown (DisplayDocTitle);
 * - annotations printable (F has Print, not Hidden/Invisible/NoView), links in the structure
 *   (StructParent), no JavaScript, Launch or other forbidden actions;
 * - no encryption, no transparency groups, no blend modes beyond Normal, no optional content, no
 *   embedded files, a file ID in the trailer, and qpdf --check passing;
 * - the same bytes on every build.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DOMParser } from '@xmldom/xmldom';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasCommand } from '../../helpers/commands.ts';
import { buildBook } from '../../../src/build.ts';
import { Diagnostics } from '../../../src/diagnostics.ts';
import { defaultFonts } from '../../../src/fonts/resolve.ts';
import { readArticle } from '../../../src/reader/index.ts';
import { transform } from '../../../src/transforms/index.ts';
import { writePdf } from '../../../src/writers/pdf/index.ts';
import { type PdfObjects, type PdfValue, pdfText, readObjects, streamData } from '../../helpers/pdf-objects.ts';
import { allText, byRole, pdfinfo, readMarks, structText, writeTemp } from '../../helpers/pdf-tags.ts';

const date = new Date('2024-01-02T03:04:05Z');
const hasTools = hasCommand('qpdf', 'pdfinfo', 'pdffonts');

const XMP_NS: Record<string, string> = {
  rdf: 'http://www.w3.org/1999/02/22-rdf-syntax-ns#',
  dc: 'http://purl.org/dc/elements/1.1/',
  xmp: 'http://ns.adobe.com/xap/1.0/',
  pdf: 'http://ns.adobe.com/pdf/1.3/',
  pdfaid: 'http://www.aiim.org/pdfa/ns/id/',
};
/** namespaces PDF/A-2 predefines (ISO 19005-2 §6.6.2.3.1) that we may use without an extension schema */
const PREDEFINED = new Set([...Object.values(XMP_NS), 'adobe:ns:meta/', 'http://www.w3.org/XML/1998/namespace']);

/** `D:20240102030405Z` (an Info date) as an ISO date. */
function infoDate(v: string | undefined): string | undefined {
  const m = /^D:(\d{4})(\d\d)(\d\d)(\d\d)(\d\d)(\d\d)Z/.exec(v ?? '');
  return m ? `${m[1]}-${m[2]}-${m[3]}T${m[4]}:${m[5]}:${m[6]}Z` : undefined;
}

interface Checked {
  file: string;
  bytes: Uint8Array;
  o: PdfObjects;
}

function checked(bytes: Uint8Array, name: string): Checked {
  const file = writeTemp(bytes, name);
  return { file, bytes, o: readObjects(file) };
}

function pdfaChecks(get: () => Checked, expectAuthor?: string): void {
  it('has XMP metadata identifying PDF/A-2a, consistent with the Info dictionary', () => {
    const { file, o } = get();
    const metaRef = o.catalog['/Metadata'] as string;
    const metaDict = o.get(metaRef);
    expect(metaDict['/Type']).toBe('/Metadata');
    expect(metaDict['/Subtype']).toBe('/XML');
    expect(metaDict['/Filter']).toBeUndefined(); // readable by tools that cannot inflate
    const xml = streamData(file, metaRef).toString('utf8');
    expect(xml).toMatch(/^<\?xpacket begin="\uFEFF" id="W5M0MpCehiHzreSzNTczkc9d"\?>/);
    expect(xml).toMatch(/<\?xpacket end="w"\?>$/);
    const errors: string[] = [];
    const doc = new DOMParser({ onError: (level, msg) => void (level !== 'warning' && errors.push(msg)) }).parseFromString(xml, 'text/xml');
    expect(errors).toEqual([]);
    const one = (ns: string, name: string): string | undefined => doc.getElementsByTagNameNS(XMP_NS[ns] as string, name)[0]?.textContent?.trim() ?? undefined;
    const items = (ns: string, name: string): string[] => {
      const el = doc.getElementsByTagNameNS(XMP_NS[ns] as string, name)[0];
      return el ? Array.from(el.getElementsByTagNameNS(XMP_NS.rdf as string, 'li')).map((li) => li.textContent ?? '') : [];
    };
    expect(one('pdfaid', 'part')).toBe('2');
    expect(one('pdfaid', 'conformance')).toBe('A');
    // every element is in a schema PDF/A predefines (anything else needs an extension schema)
    for (const el of Array.from(doc.getElementsByTagName('*'))) expect(PREDEFINED.has(el.namespaceURI ?? ''), el.tagName).toBe(true);
    const info = o.get(o.trailer['/Info']);
    const text = (k: string): string | undefined => pdfText(o.resolve(info[k]));
    expect(items('dc', 'title')).toEqual([text('/Title')]);
    expect(items('dc', 'creator')).toEqual(text('/Author') ? [text('/Author')] : []);
    if (expectAuthor) expect(text('/Author')).toBe(expectAuthor);
    expect(one('xmp', 'CreatorTool')).toBe(text('/Creator'));
    expect(one('pdf', 'Producer')).toBe(text('/Producer'));
    expect(one('xmp', 'CreateDate')).toBe(infoDate(text('/CreationDate')));
    expect(one('xmp', 'ModifyDate')).toBe(infoDate(text('/ModDate')));
    expect(one('xmp', 'CreateDate')).toBe(date.toISOString().replace(/\.\d+Z$/, 'Z'));
    expect(items('dc', 'language')).toEqual([pdfText(o.catalog['/Lang'])]);
  });

  it('has an sRGB output intent with an embedded ICC profile', () => {
    const { file, o } = get();
    const intents = o.catalog['/OutputIntents'] as PdfValue[];
    expect(intents).toHaveLength(1);
    const intent = o.get(intents[0]);
    expect(intent['/S']).toBe('/GTS_PDFA1');
    expect(pdfText(intent['/OutputConditionIdentifier'])).toMatch(/sRGB/);
    const profile = intent['/DestOutputProfile'] as string;
    expect(o.get(profile)['/N']).toBe(3);
    const icc = streamData(file, profile);
    expect(icc.toString('latin1', 36, 40)).toBe('acsp'); // the ICC signature
    expect(icc.toString('latin1', 16, 20)).toBe('RGB ');
    expect(icc[8]).toBeGreaterThanOrEqual(2);
    expect(icc[8]).toBeLessThanOrEqual(4);
    expect(icc.readUInt32BE(0)).toBe(icc.length);
  });

  it('embeds every font, each with a ToUnicode map (pdffonts and the font dictionaries)', () => {
    const { file, o } = get();
    const rows = execFileSync('pdffonts', [file], { encoding: 'utf8' }).split('\n').slice(2).filter(Boolean);
    expect(rows.length).toBeGreaterThanOrEqual(2);
    for (const row of rows) expect(row.trim().split(/\s+/).slice(-5, -2), row).toEqual(['yes', 'yes', 'yes']);
    const fonts = [...o.objects.values()].filter((d) => d['/Type'] === '/Font');
    expect(fonts.length).toBeGreaterThanOrEqual(2);
    for (const f of fonts) {
      expect(f['/Subtype'], String(f['/BaseFont'])).not.toBe('/Type3');
      if (f['/Subtype'] === '/Type0') {
        expect(f['/ToUnicode'], String(f['/BaseFont'])).toBeDefined();
        continue;
      }
      const d = o.get(f['/FontDescriptor']);
      expect(d['/FontFile2'] ?? d['/FontFile3'] ?? d['/FontFile'], String(f['/BaseFont'])).toBeDefined();
    }
  });

  it('is tagged, in its language, with the title shown', () => {
    const { file, o } = get();
    expect(pdfinfo(file).Tagged).toBe('yes');
    expect(o.get(o.catalog['/MarkInfo'])['/Marked']).toBe(true);
    expect(o.catalog['/StructTreeRoot']).toBeDefined();
    expect(pdfText(o.catalog['/Lang'])).toMatch(/^zh/);
    expect(o.get(o.catalog['/ViewerPreferences'])['/DisplayDocTitle']).toBe(true);
  });

  it('has printable annotations in the structure and no forbidden actions', () => {
    const { o } = get();
    const annots = [...o.objects.values()].filter((d) => d['/Type'] === '/Annot');
    expect(annots.length).toBeGreaterThan(0);
    for (const a of annots) {
      const f = a['/F'] as number;
      expect(f & 4).toBe(4); // Print
      expect(f & (1 | 2 | 32)).toBe(0); // Invisible, Hidden, NoView
      expect(a['/Subtype']).toBe('/Link');
      expect(a['/StructParent']).toBeTypeOf('number');
      const action = o.get(a['/A']);
      expect(['/URI', '/GoTo']).toContain(action['/S']);
    }
    for (const d of o.objects.values())
      expect(['/JavaScript', '/Launch', '/ResetForm', '/ImportData', '/Hide', '/SetOCGState', '/Rendition', '/Trans', '/GoTo3DView']).not.toContain(d['/S']);
  });

  it('has no encryption, transparency groups, blend modes, optional content or embedded files; an ID; qpdf passes', () => {
    const { file, o } = get();
    expect(o.trailer['/Encrypt']).toBeUndefined();
    expect((o.trailer['/ID'] as PdfValue[]).length).toBe(2);
    expect(o.catalog['/OCProperties']).toBeUndefined();
    expect(o.catalog['/AA']).toBeUndefined();
    expect(o.get(o.catalog['/Names'])['/EmbeddedFiles']).toBeUndefined();
    for (const d of o.objects.values()) {
      expect(d['/Group'], 'transparency group').toBeUndefined();
      if (d['/Type'] === '/ExtGState') {
        expect(['/Normal', '/Compatible', undefined]).toContain(d['/BM']);
        expect([undefined, '/None']).toContain(d['/SMask'] as string | undefined);
      }
      if (d['/Type'] === '/Page') expect(d['/AA']).toBeUndefined();
    }
    expect(execFileSync('qpdf', ['--check', file], { encoding: 'utf8' })).toMatch(/No syntax or stream encoding errors/);
  });
}

describe.skipIf(!hasTools)('--pdf-a: the seed article', () => {
  let seed: Checked;
  beforeAll(async () => {
    const book = transform(await readArticle('content/jingmen-crisis.md'));
    seed = checked(await writePdf(book, { fonts: defaultFonts('zh-CN'), date, pageSize: 'A4', pdfa: true }), 'seed.pdf');
  }, 60_000);
  pdfaChecks(() => seed);

  it('is the same file on every build', async () => {
    const book = transform(await readArticle('content/jingmen-crisis.md'));
    const again = await writePdf(book, { fonts: defaultFonts('zh-CN'), date, pageSize: 'A4', pdfa: true });
    expect(Buffer.compare(Buffer.from(again), Buffer.from(seed.bytes))).toBe(0);
  });

  it('differs from the ordinary PDF only in what PDF/A adds (the identification and the output intent)', async () => {
    const book = transform(await readArticle('content/jingmen-crisis.md'));
    const plain = checked(await writePdf(book, { fonts: defaultFonts('zh-CN'), date, pageSize: 'A4' }), 'plain.pdf');
    expect(plain.o.catalog['/OutputIntents']).toBeUndefined();
    expect(streamData(plain.file, plain.o.catalog['/Metadata'] as string).toString('utf8')).not.toMatch(/pdfaid/);
    expect(pdfinfo(plain.file).Tagged).toBe('yes');
    expect(pdfinfo(plain.file).Pages).toBe(pdfinfo(seed.file).Pages);
  });
});

describe.skipIf(!hasTools)('--pdf-a: a volume (the book fixture)', () => {
  let vol: Checked;
  beforeAll(async () => {
    // the book fixture without its long article (a PDF of half the pages: the suite's time)
    const outDir = mkdtempSync(join(tmpdir(), 'cjkpress-pdfa-'));
    const src = 'tests/fixtures/book';
    cpSync(join(src, '01-seed.md'), join(outDir, '01-seed.md'));
    cpSync(join(src, 'columns'), join(outDir, 'columns'), { recursive: true });
    writeFileSync(join(outDir, 'book.yaml'), readFileSync(join(src, 'book.yaml'), 'utf8').replace(/\n\s*- 04-long\.md/, ''));
    const [out] = await buildBook(join(outDir, 'book.yaml'), {
      formats: ['pdf'],
      outDir,
      pageSize: 'A5',
      date,
      pdfa: true,
      diagnostics: new Diagnostics(),
    });
    vol = checked(out?.bytes as Uint8Array, 'book.pdf');
  }, 240_000);
  pdfaChecks(() => vol, '文选编者');

  it('tags each article as a Part opening with its title, and keeps running heads out of the tree', { timeout: 60_000 }, async () => {
    const tree = structText(vol.file);
    const parts = byRole(tree, 'Part');
    expect(parts.map((p) => allText(p.children[0] as never))).toEqual(['荆门互联网危机处理案例分析', '慢读的理由', '笔记的形状']);
    for (const p of parts) expect(p.children[0]?.role).toBe('H1');
    // running heads (the book's title on left pages, the article's on right ones) are artifacts
    const marks = await readMarks(vol.bytes, { trees: false });
    const withHeads = marks.filter((m) => m.artifacts.includes('中文阅读文选'));
    expect(withHeads.length).toBeGreaterThan(3);
    for (const m of marks) expect(m.unmarked).toBe('');
  });
});
