/**
 * Issue 6: fonts for every CJK reader. The sfnt reader against fontkit, language defaults, the font
 * chain, and the fixtures in tests/fixtures/fonts (zh-Hant, ja, ko, a Chinese text with Hangul, 𠮷 and an
 * emoji) built through the CLI: EPUB subsets cover every character (and epubcheck), PDF fonts embedded
 * and subset, every paragraph's text extracted back, kinsoku (JLREQ for ja). User fonts: a TrueType
 * collection face, a CFF collection face, a missing file.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { run } from '../../src/cli.ts';
import { Diagnostics } from '../../src/diagnostics.ts';
import { FontChain } from '../../src/fonts/chain.ts';
import { chooseFonts, defaultFonts, fontLanguage } from '../../src/fonts/resolve.ts';
import { listFaces, openFace } from '../../src/fonts/sfnt.ts';
import { readPdf } from '../helpers/pdf.ts';
import { openEpub } from '../writers/epub/helpers.ts';
import { buildTtc, notoPath, tinyFont, uncoveredInEpub } from './helpers.ts';

const require = createRequire(import.meta.url);
const fontkit = require('fontkit') as { create(b: Buffer, ps?: string): { hasGlyphForCodePoint(cp: number): boolean } };
const fixtures = join(import.meta.dirname, '..', 'fixtures', 'fonts');
const CJK_TTC = '/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc';
const jar = '/usr/share/java/epubcheck.jar';
const haveEpubcheck = spawnSync('java', ['-version']).status === 0 && existsSync(jar);
const hasTool = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cjkpress-fonts-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Front matter stripped, Markdown marks removed, whitespace removed: the paragraphs' text as a reader sees it. */
function paragraphs(md: string): string[] {
  const body = md.replace(/^---\n[\s\S]*?\n---\n/, '');
  return body
    .split(/\n\s*\n/)
    .map((p) =>
      p
        .replace(/^#+\s*/, '')
        .replace(/\*\*/g, '')
        .replace(/\s+/g, ''),
    )
    .filter(Boolean);
}

describe('sfnt reader', () => {
  it('agrees with fontkit on every code point of a Noto face (cmap format 12 and 4)', () => {
    const data = readFileSync(notoPath('kr'));
    const ours = openFace(data);
    const theirs = fontkit.create(data);
    expect(ours.outlines).toBe('truetype');
    expect(ours.family).toBe('Noto Serif KR');
    for (let cp = 0; cp < 0x30000; cp += cp < 0x10000 ? 1 : 7) expect([cp, ours.has(cp)]).toEqual([cp, theirs.hasGlyphForCodePoint(cp)]);
  });

  it('lists the faces of a collection and copies one out as a standalone font', async () => {
    const ttc = buildTtc([await tinyFont('sc', 'ABC中文字'), await tinyFont('kr', 'ABC한국어')]);
    expect(listFaces(ttc)).toEqual(['NotoSerifSC-Regular', 'NotoSerifKR-Regular']);
    const kr = openFace(ttc, 'NotoSerifKR-Regular');
    expect([kr.has(0xd55c), kr.has(0x4e2d)]).toEqual([true, false]);
    const standalone = fontkit.create(kr.data);
    expect(standalone.hasGlyphForCodePoint(0xd55c)).toBe(true);
    expect(openFace(ttc).postscriptName).toBe('NotoSerifSC-Regular');
    expect(() => openFace(ttc, 'Nope')).toThrow(/no face named Nope .*NotoSerifSC-Regular, NotoSerifKR-Regular/);
    expect(() => openFace(Buffer.from('not a font at all'))).toThrow(/not a TrueType\/OpenType font/);
  });
});

describe('defaults by language', () => {
  it.each([
    ['zh-CN', 'zh-Hans'],
    ['zh', 'zh-Hans'],
    ['zh-SG', 'zh-Hans'],
    ['zh-Hans-HK', 'zh-Hans'],
    ['en', 'zh-Hans'],
    ['zh-TW', 'zh-Hant'],
    ['zh-HK', 'zh-Hant'],
    ['zh-MO', 'zh-Hant'],
    ['zh-Hant', 'zh-Hant'],
    ['ja', 'ja'],
    ['ja-JP', 'ja'],
    ['ko-KR', 'ko'],
  ])('%s → %s', (lang, fl) => expect(fontLanguage(lang)).toBe(fl));

  it.each([
    ['zh-CN', 'Noto Serif SC', ['Noto Serif TC', 'Noto Serif JP', 'Noto Serif KR', 'Noto Emoji']],
    ['zh-TW', 'Noto Serif TC', ['Noto Serif SC', 'Noto Serif JP', 'Noto Serif KR', 'Noto Emoji']],
    ['ja', 'Noto Serif JP', ['Noto Serif TC', 'Noto Serif SC', 'Noto Serif KR', 'Noto Emoji']],
    ['ko', 'Noto Serif KR', ['Noto Serif TC', 'Noto Serif SC', 'Noto Serif JP', 'Noto Emoji']],
  ])('%s: %s, bold for headings, then the fallbacks', (lang, family, fallbacks) => {
    const f = defaultFonts(lang);
    expect(f.regular.family).toBe(family);
    expect(f.regular.path).toMatch(/400Regular/);
    expect(f.bold.path).toMatch(/700Bold/);
    expect(f.fallbacks?.map((s) => s.regular.family)).toEqual(fallbacks);
  });
});

describe('font chain', () => {
  it('takes each character from the first font that has it and splits runs per font', async () => {
    const chain = new FontChain(defaultFonts('zh-CN'));
    const text = '中文한국어𠮷😀\u200d。';
    expect(await chain.cover(text, 'regular')).toEqual([]);
    const names = (s: number) => chain.face(s, 'regular').family;
    expect(chain.split(text, 'regular').map((p) => [p.text, names(p.set)])).toEqual([
      ['中文', 'Noto Serif SC'],
      ['한국어', 'Noto Serif KR'],
      ['𠮷', 'Noto Serif JP'],
      ['😀\u200d', 'Noto Emoji'], // an invisible joiner stays with its neighbour
      ['。', 'Noto Serif SC'],
    ]);
  });

  it('splits as the plain per-character rule does, on random text with marks, joiners, surrogates and uncovered characters', async () => {
    const chain = new FontChain(defaultFonts('zh-CN'));
    const pool = [
      ...'中文。한국어かなabc 1',
      '𠮷',
      '😀',
      '\u200d',
      '\ufe0f',
      '\u0301',
      'e\u0301',
      '\u3099',
      '\u{10FFFD}',
      '\ud800',
      '\udc00',
      '\u{e0100}',
      'ไ',
      '\u0e31',
    ];
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const texts = [
      '😀\u0301中',
      '𠮷\u3099a',
      '한\u0301\u200d',
      ...Array.from({ length: 400 }, () => Array.from({ length: 1 + rnd(12) }, () => pool[rnd(pool.length)]).join('')),
    ];
    // covered in two rounds: characters first met in the second round must not be taken from a stale lookup
    await chain.cover(texts.slice(0, 200).join(''), 'regular');
    const IGN = /^\p{Default_Ignorable_Code_Point}$/u;
    const MARK = /^\p{M}$/u;
    const reference = (text: string): [string, number][] => {
      const out: [string, number][] = [];
      for (const ch of text) {
        let set = chain.setOf(ch, 'regular');
        const cur = out.at(-1);
        if (cur && (IGN.test(ch) || MARK.test(ch))) set = cur[1];
        if (set < 0) set = 0;
        if (cur && cur[1] === set) cur[0] += ch;
        else out.push([ch, set]);
      }
      return out;
    };
    for (const round of [0, 1]) {
      if (round === 1) await chain.cover(texts.join(''), 'regular');
      for (const t of texts)
        expect(
          chain.split(t, 'regular').map((p) => [p.text, p.set]),
          JSON.stringify(t),
        ).toEqual(reference(t));
    }
    expect(new Set(texts.flatMap((t) => chain.split(t, 'regular').map((p) => p.set))).size).toBeGreaterThan(2);
  });

  it('reports a character no font has once, at each place in the source', async () => {
    const chain = new FontChain(defaultFonts('zh-CN'));
    const missing = await chain.cover('甲\u{10FFFD}乙', 'regular');
    expect(missing).toEqual(['\u{10FFFD}']);
    const d = new Diagnostics();
    chain.report(missing, d, 'a.md', ['---', 'title: x', '---', '', '甲\u{10FFFD}乙\u{10FFFD}']);
    chain.report(missing, d, 'a.md', []);
    expect(d.warnings.map((w) => `${w.file}:${w.line}:${w.col}: ${w.message} [${w.rule}]`)).toEqual([
      "a.md:5:2: no font has U+10FFFD '\u{10FFFD}' [missing-glyph]",
      "a.md:5:4: no font has U+10FFFD '\u{10FFFD}' [missing-glyph]",
    ]);
  });

  it('puts user fonts in front of the language defaults', async () => {
    const f = await chooseFonts('ja', { font: { spec: notoPath('kr'), origin: { kind: 'cli', option: '--font' } } });
    expect([f.regular.family, f.bold.family]).toEqual(['Noto Serif KR', 'Noto Serif KR']);
    expect(f.fallbacks?.[0]?.regular.family).toBe('Noto Serif JP');
  });
});

interface Built {
  epub: Uint8Array;
  pdf: Uint8Array;
  err: string[];
}

async function build(md: string, args: string[] = [], expectCode = 0): Promise<Built & { out: string }> {
  const out = mkdtempSync(join(dir, 'out-'));
  const c = capture();
  const code = await run(['build', md, '--out', out, ...args], c.io);
  expect({ code, err: c.err }).toMatchObject({ code: expectCode });
  const slug = /^slug:\s*(\S+)/m.exec(readFileSync(md, 'utf8'))?.[1] ?? md.replace(/^.*\/|\.md$/g, '');
  if (expectCode !== 0) return { epub: new Uint8Array(), pdf: new Uint8Array(), err: c.err, out };
  const read = (ext: string): Uint8Array => {
    const f = join(out, `${slug}.${ext}`);
    return existsSync(f) ? new Uint8Array(readFileSync(f)) : new Uint8Array();
  };
  return { epub: read('epub'), pdf: read('pdf'), err: c.err, out };
}

function epubcheck(bytes: Uint8Array, name: string): string[] {
  const file = join(dir, name);
  writeFileSync(file, bytes);
  const r = spawnSync('java', ['-jar', jar, file, '--json', '-'], { encoding: 'utf8', timeout: 120_000 });
  const json = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { messages: { ID: string; severity: string; message: string }[] };
  return json.messages.map((m) => `${m.severity} ${m.ID} ${m.message}`);
}

function pdfFontRows(bytes: Uint8Array): string[][] {
  const file = join(dir, `f${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  return execFileSync('pdffonts', [file], { encoding: 'utf8' })
    .split('\n')
    .slice(2)
    .filter(Boolean)
    .map((r) => r.trim().split(/\s+/));
}

// JLREQ (ja) and clreq: never at a line start / end
const NO_START = new Set([...'、，。．：；！？）》」』】〕〉’”・ーぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶゝゞヽヾ々']);
const NO_END = new Set([...'（《「『【〔〈‘“']);

/** Typeset lines of the PDF (pdftotext -bbox-layout), body pages only. */
function pdfLines(bytes: Uint8Array): string[] {
  const file = join(dir, `l${Math.random().toString(36).slice(2)}.pdf`);
  writeFileSync(file, bytes);
  const xml = execFileSync('pdftotext', ['-bbox-layout', file, '-'], { encoding: 'utf8' });
  const lines: string[] = [];
  for (const m of xml.matchAll(/<line[^>]*>([\s\S]*?)<\/line>/g)) {
    const words = [...(m[1] ?? '').matchAll(/<word[^>]*>([^<]*)<\/word>/g)].map((w) => w[1] ?? '');
    lines.push(words.join(''));
  }
  return lines.filter((l) => !/^\d+$/.test(l));
}

describe.each([
  ['zh-hant.md', 'zh-hant', ['NotoSerifTC-Regular', 'NotoSerifTC-Bold']],
  ['ja.md', 'ja', ['NotoSerifJP-Regular', 'NotoSerifJP-Bold']],
  ['ko.md', 'ko', ['NotoSerifKR-Regular', 'NotoSerifKR-Bold']],
  [
    'zh-fallback.md',
    'zh-fallback',
    ['NotoSerifSC-Regular', 'NotoSerifSC-Bold', 'NotoSerifKR-Regular', 'NotoSerifKR-Bold', 'NotoSerifJP-Regular', 'NotoEmoji-Regular'],
  ],
])('fixture %s', (file, name, faces) => {
  const md = join(fixtures, file);
  let b: Built;
  beforeAll(async () => {
    b = await build(md);
  }, 60_000);

  it('builds without warnings', () => expect(b.err).toEqual([]));

  it('EPUB: the subsets cover every character of the book', async () => {
    expect((await uncoveredInEpub(b.epub)).missing).toEqual([]);
    const epub = await openEpub(b.epub);
    const fonts = epub.files.filter((f) => /\/fonts\//.test(f)).map((f) => f.replace(/^.*\//, '').replace(/\.ttf$/, ''));
    for (const face of faces) expect(fonts).toContain(face);
  });

  it.skipIf(!haveEpubcheck)('EPUB: epubcheck finds nothing', () => expect(epubcheck(b.epub, `${name}.epub`)).toEqual([]), 120_000);

  it.skipIf(!hasTool('pdffonts'))('PDF: the fonts of the chain, all embedded and subset', () => {
    const rows = pdfFontRows(b.pdf);
    for (const r of rows) expect([r[0], r.slice(-5, -3)]).toEqual([r[0], ['yes', 'yes']]);
    const names = rows.map((r) => (r[0] ?? '').replace(/^[A-Z]{6}\+/, ''));
    for (const face of faces) expect(names).toContain(face);
  });

  it('PDF: every paragraph comes back as text, in order', async () => {
    const text = (await readPdf(b.pdf)).text.join('');
    let at = 0;
    for (const p of paragraphs(readFileSync(md, 'utf8'))) {
      const i = text.indexOf(p, at);
      expect(i, p).toBeGreaterThanOrEqual(0);
      at = i + p.length;
    }
  });

  it.skipIf(!hasTool('pdftotext'))('PDF: no line starts or ends against the kinsoku rules (JLREQ small kana, ー, 々 for ja)', () => {
    const bad = pdfLines(b.pdf).filter((l) => NO_START.has([...l][0] ?? '') || NO_END.has([...l].at(-1) ?? ''));
    expect(bad).toEqual([]);
  });
});

describe('vertical writing', () => {
  it('EPUB: vertical-rl and a right-to-left spine for ja; the PDF stays horizontal', async () => {
    const b = await build(join(fixtures, 'ja.md'), ['--vertical']);
    const epub = await openEpub(b.epub);
    expect(await epub.text('OEBPS/style.css')).toMatch(/writing-mode: vertical-rl/);
    expect(await epub.text('OEBPS/content.opf')).toMatch(/<spine toc="ncx" page-progression-direction="rtl">/);
    expect(b.err).toEqual([]);
  }, 60_000);

  it('is refused with a warning for a Simplified Chinese article', async () => {
    const b = await build(join(fixtures, 'zh-fallback.md'), ['--vertical', '--format', 'epub']);
    expect(b.err.join('\n')).toMatch(/warning: vertical writing is for zh-Hant and ja .* \[vertical\]/);
    const epub = await openEpub(b.epub);
    expect(await epub.text('OEBPS/content.opf')).not.toMatch(/page-progression-direction/);
  }, 60_000);
});

describe('missing glyphs', () => {
  it('warns at file:line:col, and --strict makes it an error with nothing written', async () => {
    const md = join(dir, 'missing.md');
    writeFileSync(md, '---\ntitle: 缺字\nlang: zh-CN\n---\n\n私用区字符\u{10FFFD}不在任何字体里。\n');
    const b = await build(md);
    expect(b.err).toEqual([`${md}:6:6: warning: no font has U+10FFFD '\u{10FFFD}' [missing-glyph]`]);
    const s = await build(md, ['--strict'], 1);
    expect(s.err.join('\n')).toMatch(/missing\.md:6:6: error: no font has U\+10FFFD/);
  }, 60_000);
});

describe('user fonts', () => {
  let ttc: string;
  beforeAll(async () => {
    ttc = join(dir, 'tiny.ttc');
    writeFileSync(ttc, buildTtc([await tinyFont('sc', '中文字体。'), await tinyFont('kr', '한국어 글꼴.')]));
  });

  it('--font FILE#PostScriptName sets the text in that face of a TrueType collection', async () => {
    const md = join(dir, 'ttc.md');
    writeFileSync(md, '---\ntitle: 한국어\nlang: ko\n---\n\n한국어 글꼴.\n');
    const b = await build(md, ['--font', `${ttc}#NotoSerifKR-Regular`]);
    expect(b.err).toEqual([]);
    if (hasTool('pdffonts')) {
      // body in the collection's face; the title page's bold also (heading font = body font)
      const names = pdfFontRows(b.pdf).map((r) => (r[0] ?? '').replace(/^[A-Z]{6}\+/, ''));
      expect(names).toContain('NotoSerifKR-Regular');
    }
    expect((await readPdf(b.pdf)).text.join('')).toContain('한국어글꼴.');
    expect((await uncoveredInEpub(b.epub)).missing).toEqual([]);
  }, 60_000);

  it('a missing file, or a face the collection lacks: a clear error, exit 1', async () => {
    const md = join(fixtures, 'ko.md');
    const a = await build(md, ['--font', join(dir, 'nope.ttf')], 1);
    expect(a.err).toEqual([`--font: error: font file not found: ${join(dir, 'nope.ttf')} [font]`]);
    const f = await build(md, ['--font', `${ttc}#Nope-Regular`], 1);
    expect(f.err.join('\n')).toMatch(
      /--font: .*tiny\.ttc: no face named Nope-Regular in this font \(it has: NotoSerifSC-Regular, NotoSerifKR-Regular\) \[font\]/,
    );
  }, 60_000);

  it('front matter `font` is relative to the article and must stay in its folder', async () => {
    const sub = join(dir, 'article');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'mine.ttc'), readFileSync(ttc));
    const ok = join(sub, 'ok.md');
    writeFileSync(ok, '---\ntitle: 中文\nfont: "mine.ttc#NotoSerifSC-Regular"\n---\n\n中文字体。\n');
    const b = await build(ok);
    expect(b.err).toEqual([]);
    if (hasTool('pdffonts')) expect(pdfFontRows(b.pdf).some((r) => /NotoSerifSC-Regular/.test(r[0] ?? ''))).toBe(true);
    const bad = join(sub, 'bad.md');
    writeFileSync(bad, '---\ntitle: 中文\nfont: ../tiny.ttc\n---\n\n中文\n');
    const e = await build(bad, [], 1);
    expect(e.err.join('\n')).toMatch(/bad\.md:3:1: error: \.\.\/tiny\.ttc: points outside the article's folder \[unsafe-path\]/);
  }, 60_000);

  it.skipIf(!existsSync(CJK_TTC))(
    'a CFF (OpenType) collection face renders in the PDF and is embedded as font/otf in the EPUB',
    async () => {
      const b = await build(join(fixtures, 'zh-hant.md'), ['--font', `${CJK_TTC}#NotoSerifCJKtc-Regular`]);
      expect(b.err).toEqual([]);
      const text = (await readPdf(b.pdf)).text.join('');
      for (const p of paragraphs(readFileSync(join(fixtures, 'zh-hant.md'), 'utf8'))) expect(text).toContain(p);
      if (hasTool('pdffonts'))
        expect(
          pdfFontRows(b.pdf)
            .find((r) => /NotoSerifCJKtc-Regular/.test(r[0] ?? ''))
            ?.slice(1, 3),
        ).toEqual(['CID', 'Type']);
      const epub = await openEpub(b.epub);
      expect(epub.files.filter((f) => f.endsWith('.otf'))).toEqual(['OEBPS/fonts/NotoSerifCJKTC-Regular.otf']);
      expect(await epub.text('OEBPS/content.opf')).toMatch(/href="fonts\/NotoSerifCJKTC-Regular.otf" media-type="font\/otf"/);
      expect((await uncoveredInEpub(b.epub)).missing).toEqual([]);
      if (haveEpubcheck) expect(epubcheck(b.epub, 'cff.epub')).toEqual([]);
    },
    180_000,
  );
});
