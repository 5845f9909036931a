/** The whole build, through the CLI: raw HTML stays text, links are filtered, nothing goes to the network, message options. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, useColor } from '../../src/cli.ts';
import { networkCallsDuring } from '../helpers/network.ts';
import { elements, openEpub, parseXml } from '../writers/epub/helpers.ts';

const ARTICLE = `---
title: 安全 <script>alert('t')</script>
---

## 一节

正文<script>alert(1)</script>和<img src=x onerror="alert(2)">以及<a href="javascript:x()" onclick="y()">链接</a>。

[网页](https://example.com/页) [邮件](mailto:a@example.com) [脚本](javascript:alert(3)) [数据](data:text/html,<b>x</b>) [本节](#一节) [文件](file:///etc/passwd) [相对](../x.md)
`;

function setup() {
  const dir = mkdtempSync(join(tmpdir(), 'cjkpress-safety-'));
  writeFileSync(join(dir, 'a.md'), ARTICLE);
  return dir;
}

function capture(color = false) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l), color }, out, err };
}

describe('safety of the built book', () => {
  it('prints raw HTML as text: no <script>, no event attribute in any XHTML; only allowed links', async () => {
    const dir = setup();
    const c = capture();
    expect(await run(['build', join(dir, 'a.md'), '--out', join(dir, 'dist'), '--format', 'epub'], c.io)).toBe(0);
    const epub = await openEpub(readFileSync(join(dir, 'dist', 'a.epub')));
    const hrefs: string[] = [];
    let text = '';
    for (const f of epub.files.filter((n) => n.endsWith('.xhtml'))) {
      const src = await epub.text(f);
      const doc = parseXml(src, f);
      for (const e of elements(doc)) {
        expect(e.localName).not.toBe('script');
        for (let i = 0; i < e.attributes.length; i++) expect(e.attributes.item(i)?.name).not.toMatch(/^on/i);
        if (e.localName === 'a') hrefs.push(e.getAttribute('href') ?? '');
      }
      // the cover page's one image is ours (the generated cover); no other <img> may appear, and its alt is escaped text
      const cover = /<img src="images\/cover\.png" alt="[^"<>]*" class="cover"\/>/;
      expect(src.replace(cover, '')).not.toMatch(/<script|<img|<a [^>]*onclick|href="(javascript|data|file|vbscript):/i);
      text += doc.documentElement?.textContent ?? '';
    }
    expect(text).toContain(`正文<script>alert(1)</script>和<img src=x onerror="alert(2)">以及<a href="javascript:x()" onclick="y()">链接</a>。`);
    expect(text).toContain(`安全 <script>alert('t')</script>`);
    expect(hrefs).toContain('https://example.com/%E9%A1%B5');
    expect(hrefs).toContain('mailto:a@example.com');
    expect(hrefs).toContain('chapter-01.xhtml#一节');
    expect(hrefs.filter((h) => !/^(https:|mailto:|chapter-\d+\.xhtml|title\.xhtml|cover\.xhtml|toc\.xhtml|sources\.xhtml)/.test(h))).toEqual([]);
    expect(c.err.map((l) => /\[([a-z-]+)\]$/.exec(l)?.[1])).toEqual(['link-scheme', 'link-scheme', 'link-scheme', 'link-scheme']);
  });

  it('never opens a network connection (both formats, whole CLI)', async () => {
    const calls = await networkCallsDuring(async () => {
      const dir = setup();
      expect(await run(['build', join(dir, 'a.md'), '--out', join(dir, 'dist'), '-q'], capture().io)).toBe(0);
    });
    expect(calls).toEqual([]);
  }, 30_000);
});

describe('message options', () => {
  it('--quiet: nothing on stdout, no warnings', async () => {
    const dir = setup();
    const c = capture();
    expect(await run(['build', join(dir, 'a.md'), '--out', join(dir, 'dist'), '--format', 'epub', '--quiet'], c.io)).toBe(0);
    expect(c.out).toEqual([]);
    expect(c.err).toEqual([]);
  });

  it('--verbose: stage timings on stderr, results on stdout', async () => {
    const dir = setup();
    const c = capture();
    expect(await run(['build', join(dir, 'a.md'), '--out', join(dir, 'dist'), '--format', 'epub', '--verbose'], c.io)).toBe(0);
    const v = c.err.filter((l) => l.startsWith('cjkpress: '));
    for (const stage of [
      /^cjkpress: read .* in \d+ ms$/,
      /^cjkpress: parsed /,
      /^cjkpress: transformed /,
      /^cjkpress: rendered .* as epub/,
      /^cjkpress: writing .*\.a\.epub\.\d+\.tmp$/,
      /^cjkpress: renamed /,
      /^cjkpress: total \d+ ms, 4 warning/,
    ]) {
      expect(
        v.some((l) => stage.test(l)),
        String(stage),
      ).toBe(true);
    }
    expect(c.out).toHaveLength(1);
  });

  it('colours the severity only when asked (TTY without NO_COLOR)', async () => {
    const dir = setup();
    const c = capture(true);
    await run(['build', join(dir, 'a.md'), '--out', join(dir, 'dist'), '--format', 'epub'], c.io);
    expect(c.err[0]).toMatch(/: \x1b\[1;35mwarning\x1b\[0m: link to javascript: dropped/);
    expect(useColor({ isTTY: true }, {})).toBe(true);
    expect(useColor({ isTTY: true }, { NO_COLOR: '1' })).toBe(false);
    expect(useColor({ isTTY: true }, { NO_COLOR: '' })).toBe(true);
    expect(useColor({ isTTY: false }, {})).toBe(false);
    expect(useColor({}, {})).toBe(false);
  });
});
