/**
 * The Bad input rows for Markdown the book shows otherwise than written: math kept as TeX source, a
 * `{#id}` that cannot be an id or is taken, a link whose address is not a web address. Each is one
 * located warning and the book is still written.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { run } from '../../src/cli.ts';

describe('Markdown shown otherwise than written: a located warning, the book written', () => {
  it('math, a bad or taken {#id}, an autolink that is not a web address', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-mdwarn-'));
    const file = join(dir, 'a.md');
    writeFileSync(file, '---\ntitle: t\n---\n\n## 一 {#1bad}\n\n## 二 {#same}\n\n## 三 {#same}\n\n见 <https://../> 与 $x^2$。\n');
    const err: string[] = [];
    const code = await run(['build', file, '--out', join(dir, 'out'), '--format', 'epub'], { out: () => {}, err: (l) => err.push(l) });
    expect(code).toBe(0);
    expect(readdirSync(join(dir, 'out'))).toEqual(['a.epub']);
    expect(err.map((l) => l.replace(`${file}:`, 'a.md:'))).toEqual([
      'a.md:11:19: warning: math is shown as TeX source, not typeset [math]',
      'a.md:5:6: warning: heading id {#1bad} is not a valid id (letters, digits, _ . -, not starting with a digit): the heading gets an id from its text [heading-id]',
      'a.md:9:6: warning: heading id {#same} is used twice: this heading gets an id from its text [heading-id]',
      'a.md:11:1: warning: link to https://../ dropped: not a valid web address (the text stays) [link-url]',
    ]);
  });
});
