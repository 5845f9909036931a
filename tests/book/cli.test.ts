// A book file with its own cover image, built through the command line.
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli.ts';
import { makePng } from '../helpers/png.ts';
import { openEpub } from '../writers/epub/helpers.ts';
import { pdfGeometry } from '../helpers/pdf-geometry.ts';

describe('cjkpress build book.yaml', () => {
  it('uses the given cover image in both editions, warns when it is short, and names the outputs after the book', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-bookcli-'));
    const book = join(dir, 'my-book');
    mkdirSync(join(book, 'parts'), { recursive: true });
    const cover = makePng(200, 320, (x, y) => [(x * 7) % 256, (y * 3) % 256, 90]);
    writeFileSync(join(book, 'cover.png'), cover);
    writeFileSync(join(book, 'parts', 'a.md'), '---\ntitle: 第一篇\n---\n\n## 背景\n\n第一篇的正文。\n');
    writeFileSync(join(book, 'parts', 'b.md'), '---\ntitle: 第二篇\n---\n\n## 背景\n\n第二篇的正文，[见背景](#背景)。\n');
    writeFileSync(join(book, 'book.yaml'), 'title: 两篇\ncover: cover.png\narticles:\n  - parts/*.md\n');
    const out: string[] = [];
    const err: string[] = [];
    const code = await run(['build', join(book, 'book.yaml'), '--out', join(dir, 'dist')], { out: (l) => out.push(l), err: (l) => err.push(l) });
    expect(err.join('\n')).toMatch(/book\.yaml:2:8: warning: cover cover\.png is 320 px tall: e-book stores ask for at least 1400 \[cover\]/);
    expect(code).toBe(0);
    expect(out.join('\n')).toMatch(/wrote .*my-book\.epub/);
    const epub = await openEpub(new Uint8Array(readFileSync(join(dir, 'dist', 'my-book.epub'))));
    expect(Buffer.compare(Buffer.from(await epub.bytes('OEBPS/images/cover.png')), Buffer.from(cover))).toBe(0);
    // the second article's link goes to its own 背景, renamed a2-背景
    const second = await epub.text('OEBPS/a02-chapter-01.xhtml');
    expect(second).toContain('id="a2-背景"');
    expect(second).toContain('href="a02-chapter-01.xhtml#a2-背景"');
    const [first] = await pdfGeometry(new Uint8Array(readFileSync(join(dir, 'dist', 'my-book.pdf'))));
    expect(first?.paths.filter((p) => p.kind === 'image').length).toBe(1);
    expect(first?.text.length).toBe(0); // the given image, not the generated design
  }, 120_000);
});
