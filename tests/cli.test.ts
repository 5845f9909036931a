import { mkdtempSync, readdirSync, writeFileSync, mkdirSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../src/cli.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

function scratch(): string {
  return mkdtempSync(join(tmpdir(), 'cjkpress-cli-'));
}

describe('cli', () => {
  it('prints help with the build options and exits 0', async () => {
    const c = capture();
    expect(await run(['build', '--help'], c.io)).toBe(0);
    const help = c.out.join('\n');
    for (const opt of ['--format', '--out', '--page-size', 'A4|A5|B5|Letter'.split('|')[1] as string, 'SOURCE_DATE_EPOCH', 'Exit status']) {
      expect(help).toContain(opt);
    }
  });

  it.each([
    [['build', '--format', 'docx'], /--format/],
    [['build', '--page-size', 'A3'], /--page-size/],
    [['frobnicate'], /unknown command/],
  ])('exits 2 on a usage error: %j', async (argv, msg) => {
    const c = capture();
    expect(await run(argv, c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(msg);
  });

  describe('bad input: one line file:line error, exit 1, nothing written', () => {
    const cases: [string, string | Buffer | null, RegExp][] = [
      ['missing.md', null, /^.*missing\.md: error: cannot read: no such file/],
      ['notyaml.md', '---\ntitle: [oops\n---\n正文\n', /^.*notyaml\.md:2:\d+: error: front matter is not valid YAML/],
      ['notitle.md', '---\nlang: zh-CN\n---\n正文\n', /^.*notitle\.md:1:1: error: front matter has no `title`/],
      ['image.md', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0xff]), /^.*image\.md:1:1: error: not UTF-8 text/],
    ];
    it.each(cases)('%s', async (name, text, msg) => {
      const dir = scratch();
      const out = join(dir, 'dist');
      mkdirSync(out);
      const file = join(dir, name);
      if (text !== null) writeFileSync(file, text);
      const c = capture();
      expect(await run(['build', file, '--out', out], c.io)).toBe(1);
      expect(c.err).toHaveLength(1);
      expect(c.err[0]).toMatch(msg);
      expect(readdirSync(out)).toEqual([]);
    });

    it('writes nothing when one of several inputs is bad', async () => {
      const dir = scratch();
      const out = join(dir, 'dist');
      writeFileSync(join(dir, 'good.md'), '---\ntitle: 好\n---\n正文。\n');
      writeFileSync(join(dir, 'bad.md'), '---\nlang: zh-CN\n---\n正文\n');
      const c = capture();
      expect(await run(['build', join(dir, 'good.md'), join(dir, 'bad.md'), '--out', out], c.io)).toBe(1);
      expect(existsSync(out) ? readdirSync(out) : []).toEqual([]);
    });
  });

  describe('import', () => {
    const seed = 'tests/fixtures/import/000_9e82caae25369654.txt';

    it('reproduces the committed content/ article from the seed clipping (default punctuation clean-up)', async () => {
      const { readFileSync } = await import('node:fs');
      const c = capture();
      expect(await run(['import', seed, '-o', '-'], c.io)).toBe(0);
      expect(`${c.out.join('\n')}\n`).toBe(readFileSync('content/jingmen-crisis.md', 'utf8'));
      expect(c.err.join('\n')).toMatch(/warning: the clipping says 3914 characters/);
    });

    it('writes the Markdown to -o atomically and builds from it', async () => {
      const dir = scratch();
      const md = join(dir, 'a.md');
      const c = capture();
      expect(await run(['import', seed, '-o', md], c.io)).toBe(0);
      expect(c.out).toEqual([`wrote ${md}`]);
      expect(readdirSync(dir)).toEqual(['a.md']);
    });

    it('fails with one line and exit 1 for a missing or binary clipping', async () => {
      const dir = scratch();
      const bin = join(dir, 'x.txt');
      writeFileSync(bin, Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0xff]));
      for (const file of [join(dir, 'missing.txt'), bin]) {
        const c = capture();
        expect(await run(['import', file, '-o', join(dir, 'out.md')], c.io)).toBe(1);
        expect(c.err).toHaveLength(1);
        expect(c.err[0]).toMatch(/^.*\.txt(:\d+)*: error: /);
      }
      expect(readdirSync(dir)).toEqual(['x.txt']);
    });
  });

  it('builds both formats into --out and reports each file', async () => {
    const dir = scratch();
    const out = join(dir, 'dist');
    writeFileSync(join(dir, 'short.md'), '---\ntitle: 短文\n---\n\n## 一节\n\n这是一段中文正文，用来检查命令行。\n');
    const c = capture();
    expect(await run(['build', join(dir, 'short.md'), '--out', out], c.io)).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['short.epub', 'short.pdf']);
    expect(c.out.join('\n')).toMatch(/wrote .*short\.epub \(\d+\.\d KiB\)/);
  }, 30_000);
});
