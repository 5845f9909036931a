/**
 * A project README as GitHub shows it (tests/fixtures/readme/README.md): a row of badges that are remote
 * images inside links, a quote, emoji in a list, code with `&&` and `--help`, a GitHub alert, a numbered
 * list holding a fenced block, an aligned table, a task list, raw HTML, a relative link. Through the
 * command line: it builds (never fetches), with exactly the located warnings the page calls for; the
 * EPUB passes epubcheck; badges, tasks and alerts are what the README says; no text is lost in the PDF.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hasCommand } from '../helpers/commands.ts';
import { run } from '../../src/cli.ts';
import { loadBook } from '../../src/build.ts';
import { Diagnostics } from '../../src/diagnostics.ts';
import type { Book } from '../../src/model.ts';
import { networkCallsDuring } from '../helpers/network.ts';
import { readPdf, type PdfDigest } from '../helpers/pdf.ts';
import { openEpub } from './epub/helpers.ts';

const FIXTURE = 'tests/fixtures/readme/README.md';
const BADGES = [
  'https://github.com/example/cjkpress/actions/workflows/ci.yml/badge.svg?branch=main',
  'https://img.shields.io/npm/v/cjkpress.svg?style=flat-square',
  'https://img.shields.io/badge/License-MIT-yellow.svg',
];

let out: string;
let err: string[];
let code: number;
let book: Book;
let xhtml: string;
let pdf: PdfDigest;
let requests: string[];

beforeAll(async () => {
  out = mkdtempSync(join(tmpdir(), 'cjkpress-readme-'));
  err = [];
  requests = await networkCallsDuring(async () => {
    code = await run(['build', FIXTURE, '--out', out], { out: () => {}, err: (l) => err.push(l) });
  });
  book = await loadBook(FIXTURE, { diagnostics: new Diagnostics() });
  const epub = await openEpub(readFileSync(join(out, 'README.epub')));
  xhtml = (
    await Promise.all(
      epub.files
        .filter((n) => n.endsWith('.xhtml'))
        .sort()
        .map((n) => epub.text(n)),
    )
  ).join('\n');
  pdf = await readPdf(new Uint8Array(readFileSync(join(out, 'README.pdf'))));
}, 120_000);

describe('a README with badges, a task list and alerts', () => {
  it('builds both editions without fetching anything, with one located warning per remote badge and for the relative link', () => {
    expect(code, err.join('\n')).toBe(0);
    expect(requests).toEqual([]);
    expect(readdirSync(out).sort()).toEqual(['README.epub', 'README.pdf']);
    expect(err).toEqual([
      `${FIXTURE}:69:7: warning: relative link LICENSE dropped: only http, https and mailto links are kept (the text stays) [link-scheme]`,
      ...BADGES.map(
        (url, i) => `${FIXTURE}:${6 + i}:2: warning: remote image not fetched: ${url}: shown as its alt text, URL in the sources [remote-resource]`,
      ),
    ]);
  });

  it('lists each badge link and badge image in the sources, the link first, in document order', () => {
    const urls = book.appendix.map((s) => s.url);
    for (const badge of BADGES) expect(urls).toContain(badge);
    expect(urls.indexOf('https://github.com/example/cjkpress/actions/workflows/ci.yml')).toBe(urls.indexOf(BADGES[0] as string) - 1);
    expect(urls.indexOf(BADGES[0] as string)).toBeLessThan(urls.indexOf(BADGES[1] as string));
  });

  it('shows badges as framed alt text, alerts as labelled boxes, tasks with their boxes, raw HTML as text (EPUB)', () => {
    for (const alt of ['构建状态', 'npm 版本', '许可证: MIT']) expect(xhtml).toMatch(new RegExp(`class="image-placeholder"[^>]*>[\\s\\S]{0,400}${alt}`));
    expect(xhtml).toMatch(/class="callout callout-note"[\s\S]{0,300}注意/);
    expect(xhtml).toMatch(/class="callout callout-warning"[\s\S]{0,300}警告/);
    expect(xhtml).not.toContain('[!NOTE]');
    expect(xhtml).not.toContain('[ ]');
    expect(xhtml).not.toContain('{#config}');
    expect(xhtml).toContain('&lt;img src=&quot;https://avatars.githubusercontent.com/u/1?v=4&quot;');
    expect(xhtml).not.toMatch(/<img[^>]+githubusercontent/);
    expect(xhtml).not.toMatch(/<script|\son[a-z]+=/i);
  });

  it('keeps every word of the page in the PDF, tasks marked, code as written', () => {
    const text = pdf.text.join('').replace(/\s+/g, '');
    for (const s of [
      '把中文长文排成适合电子阅读器的EPUB',
      'pnpmadd-Dcjkpress&&pnpmexeccjkpress--help',
      '▣EPUB与PDF',
      '□注音（ruby）与竖排PDF',
      '需要Node.js>=20。',
      '感谢所有贡献者',
      '--strict会把所有警告当成错误',
    ])
      expect(text).toContain(s);
    const titles = (nodes: PdfDigest['outline']): string[] => nodes.flatMap((o) => [o.title, ...titles(o.children)]);
    expect(titles(pdf.outline)).toEqual(expect.arrayContaining(['特性', '安装', '配置', '路线图']));
  });

  it.skipIf(!hasJava())(
    'passes epubcheck with 0 errors and 0 warnings',
    () => {
      const report = execFileSync('java', ['-jar', '/usr/share/java/epubcheck.jar', join(out, 'README.epub')], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      expect(report).toMatch(/0 fatals \/ 0 errors \/ 0 warnings/);
    },
    60_000,
  );
});

const hasJava = (): boolean => hasCommand('java');
