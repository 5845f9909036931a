/**
 * The photos fixture (tests/fixtures/photos/): a clipped article with phone photos (EXIF orientation 1, 6
 * and 8), README badges (images in links, remote), a remote picture, an Inkscape drawing and a missing
 * photo, built through the CLI with --keep-going: both editions, epubcheck clean, every warning located,
 * the remote URLs in the sources, the photos upright in both editions, nothing fetched, deterministic.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasCommand } from '../helpers/commands.ts';
import { exifOrientation } from '../../src/assets/exif.ts';
import { run } from '../../src/cli.ts';
import { networkCallsDuring } from '../helpers/network.ts';
import { readPdf, type PdfDigest } from '../helpers/pdf.ts';
import { imageBoxes } from '../helpers/pdf-images.ts';
import { openEpub, type Epub } from '../writers/epub/helpers.ts';

const FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'photos');

let dir: string;
let file: string;
let code: number;
let err: string[];
let calls: string[];
let epubBytes: Uint8Array;
let epub: Epub;
let pdfBytes: Uint8Array;
let pdf: PdfDigest;

async function buildFixture(out: string): Promise<{ code: number; err: string[] }> {
  const e: string[] = [];
  const c = await run(['build', file, '--keep-going', '--out', out], { out: () => {}, err: (l) => e.push(l) });
  return { code: c, err: e };
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'cjkpress-photos-'));
  cpSync(FIXTURE, join(dir, 'photos'), { recursive: true });
  file = join(dir, 'photos', 'photos.md');
  savedEpoch = process.env.SOURCE_DATE_EPOCH;
  process.env.SOURCE_DATE_EPOCH = '1700000000';
  calls = await networkCallsDuring(async () => {
    ({ code, err } = await buildFixture(join(dir, 'dist')));
  });
  epubBytes = new Uint8Array(readFileSync(join(dir, 'dist', 'photos.epub')));
  pdfBytes = new Uint8Array(readFileSync(join(dir, 'dist', 'photos.pdf')));
  epub = await openEpub(epubBytes);
  pdf = await readPdf(pdfBytes);
}, 90_000);

let savedEpoch: string | undefined;
afterAll(() => {
  if (savedEpoch === undefined) delete process.env.SOURCE_DATE_EPOCH;
  else process.env.SOURCE_DATE_EPOCH = savedEpoch;
});

const hasJava = hasCommand('java');

describe('photos fixture', () => {
  it('the fixture photos carry orientations 1, 6 and 8', () => {
    expect(['lake.jpg', 'tower.jpg', 'tree.jpg'].map((f) => exifOrientation(new Uint8Array(readFileSync(join(FIXTURE, f)))))).toEqual([1, 6, 8]);
  });

  it('builds both editions with --keep-going, fetching nothing', () => {
    expect(code, err.join('\n')).toBe(0);
    expect(calls).toEqual([]);
  });

  it('warns once per remote image and for the missing photo, each at its file:line:col', () => {
    expect(err).toEqual([
      `${file}:9:2: warning: remote image not fetched: https://img.shields.io/badge/build-passing-green: shown as its alt text, URL in the sources [remote-resource]`,
      `${file}:9:105: warning: remote image not fetched: https://img.shields.io/badge/license-CC--BY-blue: shown as its alt text, URL in the sources [remote-resource]`,
      `${file}:23:1: warning: remote image not fetched: https://example.org/park-map.png: shown as its alt text, URL in the sources [remote-resource]`,
      `${file}:29:1: warning: image not found: missing.jpg: shown as its alt text (--keep-going) [missing-asset]`,
    ]);
  });

  it('lists the badge links and the remote image URLs in the sources, numbered after the front matter', async () => {
    const urls = [
      'https://example.org/weekend-photos',
      'https://github.com/example/photos/actions',
      'https://img.shields.io/badge/build-passing-green',
      'https://creativecommons.org/licenses/by/4.0/',
      'https://img.shields.io/badge/license-CC--BY-blue',
      'https://example.org/park-map.png',
    ];
    const sources = await epub.text('OEBPS/sources.xhtml');
    expect([...sources.matchAll(/<p class="source-url"><a href="([^"]+)"/g)].map((m) => m[1])).toEqual(urls);
    const text = pdf.text.join('');
    for (const u of urls) expect(text).toContain(u);
    expect(text).toContain('构建状态[2][3]许可证[4][5]');
    expect(text).toContain('公园地图[6]图四：公园地图（网上）'); // the caption stays, inside the frame
    expect(text).toContain('https://example.org/park-map.png');
  });

  it('EPUB: the photos upright (6 and 8 re-encoded, 1 untouched), the SVG cleaned of editor data, placeholders for the rest', async () => {
    const images = epub.files.filter((f) => f.startsWith('OEBPS/images/') && f !== 'OEBPS/images/cover.png').sort(); // the cover is not the article's
    expect(images).toEqual(['OEBPS/images/img-01.jpg', 'OEBPS/images/img-02.jpg', 'OEBPS/images/img-03.jpg', 'OEBPS/images/img-04.svg']);
    const sizes = await Promise.all(
      images.slice(0, 3).map(async (f) => {
        const bytes = await epub.bytes(f);
        const img = jpeg.decode(bytes, { useTArray: true });
        return [img.width, img.height, exifOrientation(bytes)];
      }),
    );
    expect(sizes).toEqual([
      [48, 32, 1],
      [32, 48, 1],
      [32, 48, 1],
    ]);
    expect(await epub.bytes('OEBPS/images/img-01.jpg')).toEqual(new Uint8Array(readFileSync(join(FIXTURE, 'lake.jpg'))));
    const svg = await epub.text('OEBPS/images/img-04.svg');
    expect(svg).not.toMatch(/sodipodi|inkscape:|rdf:RDF/);
    expect(svg).toContain('<tspan id="tspan1" x="20" y="52">湖</tspan>');
    let xhtml = '';
    for (const f of epub.files.filter((n) => /chapter-\d+\.xhtml$/.test(n)).sort()) xhtml += await epub.text(f);
    expect(xhtml.match(/class="image-placeholder"/g)).toHaveLength(4);
    expect(xhtml).toContain('<span class="image-alt">忘了放进文件夹的照片</span><br/><span class="image-title">图六：缺失的照片</span>');
  });

  it.skipIf(!hasJava)(
    'passes epubcheck with 0 errors and 0 warnings',
    () => {
      const out = execFileSync('java', ['-jar', '/usr/share/java/epubcheck.jar', join(dir, 'dist', 'photos.epub')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(out).toMatch(/0 fatals \/ 0 errors \/ 0 warnings/);
    },
    60_000,
  );

  it('PDF: each photo drawn in a box of its displayed aspect (6 and 8 portrait, turned), the SVG as vectors', async () => {
    const boxes = await imageBoxes(pdfBytes);
    expect(boxes).toHaveLength(3); // the SVG is paths, not an image
    const [lake, tower, tree] = boxes;
    expect((lake?.w ?? 0) / (lake?.h ?? 1)).toBeCloseTo(48 / 32, 3);
    expect((tower?.w ?? 0) / (tower?.h ?? 1)).toBeCloseTo(32 / 48, 3);
    expect((tree?.w ?? 0) / (tree?.h ?? 1)).toBeCloseTo(32 / 48, 3);
    // turned by ±90°: the image's axes swap on the page
    for (const b of [tower, tree]) expect(Math.abs(b?.ctm[0] ?? 1)).toBeLessThan(1e-6);
    // the drawing's text is set as text (in the book's font): it can be found and copied
    const page = pdf.text.find((t) => t.includes('图五：路线（Inkscape绘制）')) ?? '';
    expect(page).toContain('湖');
    expect(page).toContain('塔');
  });

  it('is byte-identical when built again (SOURCE_DATE_EPOCH)', async () => {
    const again = await buildFixture(join(dir, 'dist2'));
    expect(again.code).toBe(0);
    expect(readFileSync(join(dir, 'dist2', 'photos.epub')).equals(Buffer.from(epubBytes))).toBe(true);
    expect(readFileSync(join(dir, 'dist2', 'photos.pdf')).equals(Buffer.from(pdfBytes))).toBe(true);
  }, 60_000);
});
