/**
 * QR codes in the sources appendix: a URL too long for a QR code that prints readably (level M, version
 * ≤ 15: 412 bytes) gets none and a located warning instead of crashing the build (`qrcode` throws
 * beyond 2,331 bytes at level M).
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../../src/cli.ts';
import { QR_MAX_VERSION, qrGraphics } from '../../../src/writers/pdf/index.ts';
import { pdfGeometry } from '../../helpers/pdf-geometry.ts';
import { longUrl } from './nasty.ts';

const url = (bytes: number): string => {
  const u = 'https://example.com/q?x=';
  return u + 'a'.repeat(bytes - u.length);
};

describe('qrGraphics', () => {
  it('draws a code up to 412 bytes and none beyond, never throwing', () => {
    expect(QR_MAX_VERSION).toBe(15);
    expect(qrGraphics(url(412), 0, 0, 60, '#000')?.length).toBeGreaterThan(100);
    expect(qrGraphics(url(413), 0, 0, 60, '#000')).toBeUndefined();
    expect(qrGraphics(url(3012), 0, 0, 60, '#000')).toBeUndefined();
  });
});

describe('a URL too long for a QR code', () => {
  it('builds, warns at the citing line (or the file for a front-matter source) and prints the URL without a QR code', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-qr-'));
    const file = join(dir, 'a.md');
    const inText = longUrl(3000, 'text');
    const inFront = longUrl(3000, 'front');
    writeFileSync(
      file,
      `---\ntitle: 二维码\nsources:\n  - title: 前置来源\n    url: ${inFront}\n---\n\n第一段。\n\n这是[一个很长的链接](${inText})。\n\n短链接 [示例](https://example.com/a)。\n`,
    );
    const err: string[] = [];
    const code = await run(['build', file, '--out', dir, '--format', 'pdf'], { out: () => {}, err: (l: string) => err.push(l), color: false });
    expect(code, err.join('\n')).toBe(0);
    const bytesOf = (u: string): number => Buffer.byteLength(u, 'utf8');
    expect(err).toEqual([
      `${file}: warning: URL too long for a QR code (${bytesOf(inFront)} bytes): printed without one [qr]`,
      `${file}:10: warning: URL too long for a QR code (${bytesOf(inText)} bytes): printed without one [qr]`,
    ]);
    // the short link still gets its code: many small filled rectangles on the appendix's last page
    const pages = await pdfGeometry(new Uint8Array(readFileSync(join(dir, 'a.pdf'))));
    const last = pages[pages.length - 1];
    expect(last?.text.map((t) => t.str).join('')).toContain('https://example.com/a');
    expect(last?.paths.filter((g) => g.kind === 'fill').length).toBeGreaterThan(50);
  }, 60_000);
});
