/**
 * Bad images through the CLI, one row each (the README's "Bad input" rows for images): the message's
 * kind, shape and place, the exit status, and the output folder afterwards — for an error exactly what
 * it held before; for a warning, both books written.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli.ts';
import { makePng } from '../helpers/png.ts';

const OLD = Buffer.from('an older book that must stay intact');
const md = (body: string) => `---\ntitle: 图片\n---\n\n${body}\n`;
const bomb = (() => {
  const png = Buffer.from(makePng(1, 1, () => [0, 0, 0]));
  png.writeUInt32BE(60000, 16);
  png.writeUInt32BE(60000, 20);
  return png;
})();

interface Case {
  name: string;
  files: Record<string, string | Buffer>;
  args: string[];
  exit: 0 | 1;
  severity: 'error' | 'warning';
  rule: string;
  text: RegExp;
  at: string;
}

const cases: Case[] = [
  {
    name: 'remote image',
    files: { 'a.md': md('正文。\n\n![徽章](https://img.shields.io/badge/x-y-green)') },
    args: [],
    exit: 0,
    severity: 'warning',
    rule: 'remote-resource',
    text: /^remote image not fetched: https:\/\/img\.shields\.io\/badge\/x-y-green: shown as its alt text, URL in the sources$/,
    at: 'a.md:7:1',
  },
  {
    name: 'remote image with --strict',
    files: { 'a.md': md('正文。\n\n![徽章](https://img.shields.io/b)') },
    args: ['--strict'],
    exit: 1,
    severity: 'error',
    rule: 'remote-resource',
    text: /^remote image not fetched/,
    at: 'a.md:7:1',
  },
  {
    name: 'missing image',
    files: { 'a.md': md('正文。\n\n![图](img/x.png)') },
    args: [],
    exit: 1,
    severity: 'error',
    rule: 'missing-asset',
    text: /^image not found: img\/x\.png$/,
    at: 'a.md:7:1',
  },
  {
    name: 'missing image with --keep-going',
    files: { 'a.md': md('正文。\n\n![图](img/x.png)') },
    args: ['--keep-going'],
    exit: 0,
    severity: 'warning',
    rule: 'missing-asset',
    text: /^image not found: img\/x\.png: shown as its alt text \(--keep-going\)$/,
    at: 'a.md:7:1',
  },
  {
    name: 'image outside the folder with --keep-going',
    files: { 'a.md': md('正文。\n\n![图](../x.png)') },
    args: ['--keep-going'],
    exit: 0,
    severity: 'warning',
    rule: 'unsafe-path',
    text: /points outside the article's folder: shown as its alt text/,
    at: 'a.md:7:1',
  },
  {
    name: 'image bomb',
    files: { 'a.md': md('正文。\n\n![炸弹](bomb.png)'), 'bomb.png': bomb },
    args: [],
    exit: 1,
    severity: 'error',
    rule: 'bad-asset',
    text: /^image bomb\.png claims 60000 × 60000 pixels \(3600 megapixels\), over the 50 megapixel limit: not decoded$/,
    at: 'a.md:7:1',
  },
  {
    name: 'image bomb with --keep-going',
    files: { 'a.md': md('正文。\n\n![炸弹](bomb.png)'), 'bomb.png': bomb },
    args: ['--keep-going'],
    exit: 0,
    severity: 'warning',
    rule: 'bad-asset',
    text: /over the 50 megapixel limit: not decoded: shown as its alt text/,
    at: 'a.md:7:1',
  },
  {
    name: 'SVG with an external entity',
    files: {
      'a.md': md('正文。\n\n![图](x.svg)'),
      'x.svg': '<!DOCTYPE svg [<!ENTITY x SYSTEM "file:///etc/passwd">]><svg xmlns="http://www.w3.org/2000/svg"><text>&x;</text></svg>',
    },
    args: [],
    exit: 1,
    severity: 'error',
    rule: 'bad-asset',
    text: /^SVG image x\.svg has a DOCTYPE: entities and DTDs are not allowed in a book \(export it again as plain SVG, or delete the <!DOCTYPE …> if nothing uses its entities\)$/,
    at: 'a.md:7:1',
  },
  {
    name: 'SVG with <use> of a URL',
    files: {
      'a.md': md('正文。\n\n![图](x.svg)'),
      'x.svg': '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"><use xlink:href="http://evil.example/a.svg#x"/></svg>',
    },
    args: [],
    exit: 1,
    severity: 'error',
    rule: 'bad-asset',
    text: /^SVG image x\.svg refers to http:\/\/evil\.example\/a\.svg#x/,
    at: 'a.md:7:1',
  },
  {
    name: 'SVG with an unknown element',
    files: {
      'a.md': md('正文。\n\n![图](x.svg)'),
      'x.svg': '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><blink/><rect width="5" height="5"/></svg>',
    },
    args: [],
    exit: 0,
    severity: 'warning',
    rule: 'svg-cleaned',
    text: /^SVG image x\.svg: removed what a static picture does not use: <blink>$/,
    at: 'a.md:7:1',
  },
];

function snapshot(dir: string): Record<string, Buffer> {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) return {};
  const snap: Record<string, Buffer> = {};
  for (const f of readdirSync(dir).sort()) snap[f] = readFileSync(join(dir, f));
  return snap;
}

describe('bad images: message, exit status, output', () => {
  it.each(cases.map((c) => [c.name, c] as const))(
    '%s',
    async (_name, c) => {
      const dir = mkdtempSync(join(tmpdir(), 'cjkpress-assets-'));
      mkdirSync(join(dir, 'art'));
      for (const [name, content] of Object.entries(c.files)) writeFileSync(join(dir, 'art', name), content);
      const out = join(dir, 'dist');
      mkdirSync(out);
      writeFileSync(join(out, 'a.epub'), OLD);
      writeFileSync(join(out, 'a.pdf'), OLD);
      const before = snapshot(out);
      const err: string[] = [];
      const stdout: string[] = [];
      const code = await run(['build', join(dir, 'art', 'a.md'), '--out', out, ...c.args], { out: (l) => stdout.push(l), err: (l) => err.push(l) });
      expect(code, err.join('\n')).toBe(c.exit);
      const lines = err.filter((l) => l.includes(`[${c.rule}]`));
      expect(lines, err.join('\n')).toHaveLength(1);
      const m = /^(.+?): (error|warning): (.*) \[([a-z-]+)\]$/.exec(lines[0] as string);
      expect(m, lines[0]).not.toBeNull();
      const [, where, severity, text] = m as RegExpExecArray;
      expect([where, severity]).toEqual([join(dir, 'art', c.at), c.severity]);
      expect(text).toMatch(c.text);
      if (c.exit === 0) {
        expect(readdirSync(out).sort()).toEqual(['a.epub', 'a.pdf']);
        expect(readFileSync(join(out, 'a.pdf')).subarray(0, 5).toString()).toBe('%PDF-');
        expect(readFileSync(join(out, 'a.epub')).subarray(0, 2).toString()).toBe('PK');
      } else {
        expect(snapshot(out)).toEqual(before);
        expect(stdout).toEqual([]);
      }
    },
    30_000,
  );

  it('--help describes --keep-going', async () => {
    const out: string[] = [];
    await run(['build', '--help'], { out: (l) => out.push(l), err: (l) => out.push(l) });
    expect(out.join('\n').replace(/\s+/g, ' ')).toMatch(
      /--keep-going an article that fails is reported and skipped, the others are built \(exit 1 with a summary\); an image that is missing, unreadable, refused \(bad-asset\) or outside the allowed folders becomes its alt text/,
    );
  });
});
