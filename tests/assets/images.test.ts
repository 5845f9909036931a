/**
 * src/assets/images.ts and exif.ts: EXIF orientation (read in both byte orders, displayed size, the EPUB's
 * bytes re-encoded upright, the PDF's drawn box), image bombs refused from the header, remote images and
 * --keep-going as placeholders with located warnings.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import jpeg from 'jpeg-js';
import { describe, expect, it } from 'vitest';
import { exifOrientation } from '../../src/assets/exif.ts';
import { isPlaceholder, loadImages, MAX_IMAGE_PIXELS, uprightData, type ImageAsset } from '../../src/assets/images.ts';
import { CjkpressError, Diagnostics } from '../../src/diagnostics.ts';
import { defaultFonts } from '../../src/fonts/resolve.ts';
import { readArticle } from '../../src/reader/index.ts';
import { transform } from '../../src/transforms/index.ts';
import { writeEpub } from '../../src/writers/epub/index.ts';
import { writePdf } from '../../src/writers/pdf/index.ts';
import { imageBoxes } from '../helpers/pdf-images.ts';
import { makeJpeg, sidewaysPhoto } from '../helpers/jpeg.ts';
import { makePng } from '../helpers/png.ts';
import { openEpub } from '../writers/epub/helpers.ts';

const date = new Date(Date.UTC(2026, 10, 1));
const fonts = defaultFonts('zh-CN');

function article(body: string, files: Record<string, Uint8Array | string> = {}): string {
  const dir = mkdtempSync(join(tmpdir(), 'cjkpress-assets-'));
  for (const [name, data] of Object.entries(files)) writeFileSync(join(dir, name), data);
  const file = join(dir, 'a.md');
  writeFileSync(file, `---\ntitle: 图片\nlang: zh-CN\n---\n\n${body}\n`);
  return file;
}

/** Red (r > b) or blue at a pixel of decoded RGBA data. */
const colourAt = (img: { width: number; data: Uint8Array }, x: number, y: number): 'red' | 'blue' => {
  const i = (y * img.width + x) * 4;
  return (img.data[i] ?? 0) > (img.data[i + 2] ?? 0) ? 'red' : 'blue';
};

describe('EXIF orientation', () => {
  it.each([1, 2, 3, 4, 5, 6, 7, 8])('reads orientation %i in both byte orders', (o) => {
    expect(exifOrientation(sidewaysPhoto(o, 'MM'))).toBe(o);
    expect(exifOrientation(sidewaysPhoto(o, 'II'))).toBe(o);
  });

  it('is 1 without Exif, for an out-of-range value, and for a truncated segment', () => {
    expect(exifOrientation(makeJpeg(4, 4, () => [0, 0, 0]))).toBe(1);
    expect(exifOrientation(sidewaysPhoto(9))).toBe(1);
    const cut = sidewaysPhoto(6).subarray(0, 30);
    expect(exifOrientation(cut)).toBe(1);
  });

  it('reports the displayed size: sides swapped for 5–8', async () => {
    const files = { 'o1.jpg': sidewaysPhoto(1), 'o3.jpg': sidewaysPhoto(3), 'o6.jpg': sidewaysPhoto(6, 'II'), 'o8.jpg': sidewaysPhoto(8) };
    const file = article('![1](o1.jpg)\n\n![3](o3.jpg)\n\n![6](o6.jpg)\n\n![8](o8.jpg)', files);
    const book = transform(await readArticle(file));
    const images = await loadImages(file, book.blocks);
    const size = (src: string): [number, number] => {
      const a = images.get(src) as ImageAsset;
      return [a.width, a.height];
    };
    expect([size('o1.jpg'), size('o3.jpg'), size('o6.jpg'), size('o8.jpg')]).toEqual([
      [40, 20],
      [40, 20],
      [20, 40],
      [20, 40],
    ]);
  });

  it('re-encodes the pixels upright for the EPUB (6: left of the sensor on top; 8: at the bottom), Exif gone', async () => {
    const file = article('![竖拍](o6.jpg)\n\n![反向](o8.jpg)\n\n![正常](o1.jpg)', {
      'o6.jpg': sidewaysPhoto(6),
      'o8.jpg': sidewaysPhoto(8, 'II'),
      'o1.jpg': sidewaysPhoto(1),
    });
    const book = transform(await readArticle(file));
    const epub = await openEpub(await writeEpub(book, { fonts, date }));
    const decode = async (name: string): Promise<{ width: number; height: number; data: Uint8Array; bytes: Uint8Array }> => {
      const bytes = await epub.bytes(`OEBPS/images/${name}`);
      return { ...jpeg.decode(bytes, { useTArray: true, formatAsRGBA: true }), bytes };
    };
    const six = await decode('img-01.jpg');
    expect([six.width, six.height]).toEqual([20, 40]);
    expect([colourAt(six, 10, 5), colourAt(six, 10, 35)]).toEqual(['red', 'blue']);
    expect(exifOrientation(six.bytes)).toBe(1);
    const eight = await decode('img-02.jpg');
    expect([eight.width, eight.height]).toEqual([20, 40]);
    expect([colourAt(eight, 10, 5), colourAt(eight, 10, 35)]).toEqual(['blue', 'red']);
    // orientation 1: the author's bytes, not re-encoded
    expect((await decode('img-03.jpg')).bytes).toEqual(sidewaysPhoto(1));
  }, 30_000);

  it('draws it in the PDF in a box of the displayed aspect, turned by 90° (pdfkit applies the tag)', async () => {
    const file = article('![竖拍](o6.jpg)', { 'o6.jpg': sidewaysPhoto(6) });
    const book = transform(await readArticle(file));
    const [img, ...more] = await imageBoxes(await writePdf(book, { fonts, date, pageSize: 'A4' }));
    expect(more).toHaveLength(0);
    if (!img) throw new Error('no image drawn');
    // the displayed box: portrait, 20 × 40
    expect(img.w / img.h).toBeCloseTo(20 / 40, 3);
    // rotated, not squashed: the image's x axis runs vertically on the page
    expect(Math.abs(img.ctm[0] ?? 1)).toBeLessThan(1e-6);
    expect(Math.abs(img.ctm[3] ?? 1)).toBeLessThan(1e-6);
  }, 30_000);

  it('a rotated JPEG whose pixels cannot be decoded is [bad-asset] naming the file, not a crash', async () => {
    const photo = sidewaysPhoto(6);
    const file = article('![断](cut.jpg)', { 'cut.jpg': photo.subarray(0, photo.length - 10) });
    const book = transform(await readArticle(file));
    const e = await writeEpub(book, { fonts, date }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect(e).toBeInstanceOf(CjkpressError);
    expect((e as CjkpressError).rule).toBe('bad-asset');
    expect((e as CjkpressError).message).toMatch(/^JPEG image cut\.jpg cannot be decoded to turn it upright: /);
  });

  it('uprightData leaves PNGs and unrotated JPEGs alone', async () => {
    const file = article('![p](p.png)', { 'p.png': makePng(3, 2, () => [1, 2, 3]) });
    const book = transform(await readArticle(file));
    const a = (await loadImages(file, book.blocks)).get('p.png') as ImageAsset;
    expect(uprightData(a)).toBe(a.data);
  });
});

describe('image bombs', () => {
  /** A PNG that is only a header claiming w × h: nothing to decode, which is the point. */
  const pngHeader = (w: number, h: number): Uint8Array => {
    const png = Buffer.from(makePng(1, 1, () => [0, 0, 0]));
    png.writeUInt32BE(w, 16);
    png.writeUInt32BE(h, 20);
    return new Uint8Array(png);
  };
  /** A real JPEG whose SOF0 is patched to claim w × h. */
  const jpegClaiming = (w: number, h: number): Uint8Array => {
    const d = Buffer.from(makeJpeg(8, 8, () => [0, 0, 0]));
    for (let i = 2; i < d.length; ) {
      const marker = d[i + 1] ?? 0;
      if (marker === 0xc0) {
        d.writeUInt16BE(h, i + 5);
        d.writeUInt16BE(w, i + 7);
        break;
      }
      i += 2 + d.readUInt16BE(i + 2);
    }
    return new Uint8Array(d);
  };

  it.each([
    [
      'a PNG claiming 60000 × 60000',
      'bomb.png',
      pngHeader(60000, 60000),
      /bomb\.png claims 60000 × 60000 pixels \(3600 megapixels\), over the 50 megapixel limit: not decoded/,
    ],
    ['a JPEG claiming 65535 × 65535', 'bomb.jpg', jpegClaiming(65535, 65535), /bomb\.jpg claims 65535 × 65535 pixels/],
    ['a PNG claiming 0 × 0', 'zero.png', pngHeader(0, 0), /zero\.png has no readable size/],
  ])(
    'refuses %s [bad-asset], in both writers, before decoding',
    async (_name, src, data, msg) => {
      const file = article(`前文。\n\n![炸弹](${src})`, { [src]: data });
      const book = transform(await readArticle(file));
      for (const write of [() => writePdf(book, { fonts, date, pageSize: 'A4' }), () => writeEpub(book, { fonts, date })]) {
        const e = await write().then(
          () => undefined,
          (err: unknown) => err,
        );
        expect(e).toBeInstanceOf(CjkpressError);
        expect((e as CjkpressError).rule).toBe('bad-asset');
        expect((e as CjkpressError).message).toMatch(msg);
        expect([(e as CjkpressError).line, (e as CjkpressError).col]).toEqual([8, 1]);
      }
    },
    30_000,
  );

  it('lets a picture at the limit through (7000 × 7000 = 49 MP claimed)', async () => {
    const file = article('![大](big.png)', { 'big.png': pngHeader(7000, 7000) });
    const book = transform(await readArticle(file));
    const a = (await loadImages(file, book.blocks)).get('big.png') as ImageAsset;
    expect(7000 * 7000).toBeLessThan(MAX_IMAGE_PIXELS);
    expect([a.width, a.height]).toEqual([7000, 7000]);
  });

  it('refuses a file over the byte limit before reading it', async () => {
    const file = article('![大](big.png)', { 'big.png': makePng(64, 64, (x, y) => [x * 4, y * 4, 0]) });
    const book = transform(await readArticle(file));
    const e = await loadImages(file, book.blocks, { maxBytes: 100 }).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect((e as CjkpressError).rule).toBe('bad-asset');
    expect((e as CjkpressError).message).toMatch(/^image big\.png is [\d.]+ KB, over the 100 bytes limit for one image$/);
  });
});

describe('remote images and --keep-going', () => {
  it('a remote image is a placeholder with a located warning, and its URL is numbered in the sources', async () => {
    const file = article('正文。\n\n![徽章](https://img.shields.io/badge/a-b-green "状态")');
    const book = transform(await readArticle(file));
    const diagnostics = new Diagnostics();
    const images = await loadImages(file, book.blocks, { diagnostics });
    expect(isPlaceholder(images.get('https://img.shields.io/badge/a-b-green'))).toBe(true);
    expect(diagnostics.warnings.map((d) => [d.line, d.col, d.rule, d.message])).toEqual([
      [8, 1, 'remote-resource', 'remote image not fetched: https://img.shields.io/badge/a-b-green: shown as its alt text, URL in the sources'],
    ]);
    expect(book.appendix).toEqual([{ title: '徽章', url: 'https://img.shields.io/badge/a-b-green' }]);
    const fig = book.blocks.find((b) => b.kind === 'figure');
    expect(fig?.kind === 'figure' && fig.ref).toBe(1);
  });

  it('an image in a link keeps both URLs: the link first, then the image', async () => {
    const file = article(
      '[![构建](https://img.shields.io/b.svg)](https://ci.example.org/x) [![版本](https://img.shields.io/v.svg)](https://npm.example.org/x)',
    );
    const book = transform(await readArticle(file));
    // no empty paragraph is left where the badges stood
    expect(book.blocks.map((b) => b.kind)).toEqual(['figure', 'figure']);
    expect(book.appendix.map((s) => s.url)).toEqual([
      'https://ci.example.org/x',
      'https://img.shields.io/b.svg',
      'https://npm.example.org/x',
      'https://img.shields.io/v.svg',
    ]);
    const [a] = book.blocks;
    expect(a?.kind === 'figure' && [a.link, a.linkRef, a.ref]).toEqual(['https://ci.example.org/x', 1, 2]);
  });

  it('numbers remote images inside lists, quotes and footnotes in document order with the links', async () => {
    const file = article(
      '[甲](https://a.example/)\n\n- ![列表图](https://b.example/1.png)\n\n> [乙](https://c.example/)\n>\n> ![引文图](https://d.example/2.png)\n\n注[^1]\n\n[^1]: ![注图](https://e.example/3.png)',
    );
    const book = transform(await readArticle(file));
    expect(book.appendix.map((s) => s.url)).toEqual([
      'https://a.example/',
      'https://b.example/1.png',
      'https://c.example/',
      'https://d.example/2.png',
      'https://e.example/3.png',
    ]);
  });

  it('a local image in a link: the EPUB wraps the picture in the link, the PDF caption carries [n]', async () => {
    const file = article('[![图表](chart.png "图一：图表")](https://data.example.org/chart)', { 'chart.png': makePng(40, 20, () => [30, 30, 200]) });
    const book = transform(await readArticle(file));
    expect(book.appendix.map((s) => s.url)).toEqual(['https://data.example.org/chart']);
    const epub = await openEpub(await writeEpub(book, { fonts, date }));
    expect(await epub.text('OEBPS/chapter-01.xhtml')).toContain(
      '<figure><a href="https://data.example.org/chart" id="cite-1-1"><img src="images/img-01.png" alt="图表"/></a><figcaption>图一：图表</figcaption></figure>',
    );
    const { readPdf } = await import('../helpers/pdf.ts');
    const pdf = await readPdf(await writePdf(book, { fonts, date, pageSize: 'A4' }));
    expect(pdf.text.join('')).toContain('图一：图表[1]');
    expect(pdf.links.map((l) => l.uri)).toContain('https://data.example.org/chart');
  }, 30_000);

  it('the link around an image follows the link policy: javascript: and unknown #ids dropped with a located warning', async () => {
    const file = article('[![坏](https://img.example/a.png)](javascript:alert(1))\n\n[![无](https://img.example/b.png)](#没有)');
    const diagnostics = new Diagnostics();
    const book = transform(await readArticle(file), { diagnostics, lines: (await import('node:fs')).readFileSync(file, 'utf8').split('\n') });
    expect(book.blocks.map((b) => b.kind === 'figure' && b.link)).toEqual([undefined, undefined]);
    expect(diagnostics.warnings.map((d) => `${d.line}:${d.col} ${d.message} [${d.rule}]`)).toEqual([
      '6:35 link to javascript: around an image dropped: only http, https and mailto links are kept (the image stays) [link-scheme]',
      '8:35 link to #没有 around an image dropped: no heading has this id (the image stays) [link-target]',
    ]);
    expect(book.appendix.map((s) => s.url)).toEqual(['https://img.example/a.png', 'https://img.example/b.png']);
  });

  it('a missing image fails without keepGoing and is a placeholder with the same message as a warning with it', async () => {
    const file = article('![缺](nope.png)\n\n![外](../x.png)\n\n![坏](bad.png)', { 'bad.png': 'not a png' });
    const book = transform(await readArticle(file));
    const e = await loadImages(file, book.blocks).then(
      () => undefined,
      (err: unknown) => err,
    );
    expect((e as CjkpressError).rule).toBe('missing-asset');
    const diagnostics = new Diagnostics();
    const images = await loadImages(file, book.blocks, { keepGoing: true, diagnostics });
    expect([...images.values()].every(isPlaceholder)).toBe(true);
    expect(diagnostics.warnings.map((d) => `${d.line}:${d.col} ${d.message} [${d.rule}]`)).toEqual([
      '6:1 image not found: nope.png: shown as its alt text (--keep-going) [missing-asset]',
      "8:1 ../x.png: points outside the article's folder: shown as its alt text (--keep-going) [unsafe-path]",
      '10:1 not a PNG, JPEG or SVG image: bad.png: shown as its alt text (--keep-going) [bad-asset]',
    ]);
  });

  it('placeholders: EPUB frame with the alt text and [n] linking the URL; PDF text alt[n] and the URL in the sources', async () => {
    const file = article('[![构建状态](https://img.shields.io/b.svg)](https://ci.example.org/x)\n\n![缺图](nope.png)');
    const book = transform(await readArticle(file));
    const images = await loadImages(file, book.blocks, { keepGoing: true });
    const epub = await openEpub(await writeEpub(book, { fonts, date, images }));
    const xhtml = await epub.text('OEBPS/chapter-01.xhtml');
    expect(xhtml).toContain(
      '<div class="image-placeholder"><a href="https://ci.example.org/x" id="cite-1-1"><span class="image-alt">构建状态</span></a> <a href="https://img.shields.io/b.svg" id="cite-2-1">[2]</a></div>',
    );
    expect(xhtml).toContain('<div class="image-placeholder"><span class="image-alt">缺图</span></div>');
    expect(epub.files.filter((f) => f.includes('/images/'))).toEqual(['OEBPS/images/cover.png']); // only the generated cover
    const { readPdf } = await import('../helpers/pdf.ts');
    const pdf = await readPdf(await writePdf(book, { fonts, date, pageSize: 'A4', images }));
    expect(pdf.text.join('')).toContain('构建状态[1][2]缺图');
    expect(pdf.text.join('')).toContain('https://img.shields.io/b.svg');
  }, 30_000);
});
