import { mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CjkpressError } from '../../src/diagnostics.ts';
import { checkReference, isInside, resolveAsset } from '../../src/safety/paths.ts';

function tree() {
  const root = mkdtempSync(join(tmpdir(), 'cjkpress-paths-'));
  const article = join(root, 'content', 'a.md');
  mkdirSync(join(root, 'content', 'img'), { recursive: true });
  mkdirSync(join(root, 'assets'));
  writeFileSync(article, '---\ntitle: t\n---\n正文\n');
  writeFileSync(join(root, 'content', 'img', 'x.png'), 'png');
  writeFileSync(join(root, 'assets', 'shared.png'), 'png');
  writeFileSync(join(root, 'secret.txt'), 'secret');
  symlinkSync(join(root, 'secret.txt'), join(root, 'content', 'img', 'link.png'));
  return { root, article };
}

async function ruleOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CjkpressError) return e.rule;
    throw e;
  }
  return undefined;
}

describe('path guard', () => {
  it('isInside', () => {
    expect(isInside('/a/b', '/a/b')).toBe(true);
    expect(isInside('/a/b', '/a/b/c/d')).toBe(true);
    expect(isInside('/a/b', '/a/bc')).toBe(false);
    expect(isInside('/a/b', '/a')).toBe(false);
    expect(isInside('/a/b', '/a/b/../c')).toBe(false);
  });

  it('resolves relative references inside the article folder (percent-escapes decoded)', async () => {
    const { root, article } = tree();
    expect(await resolveAsset(article, 'img/x.png')).toBe(join(root, 'content', 'img', 'x.png'));
    expect(await resolveAsset(article, './img/../img/x.png')).toBe(join(root, 'content', 'img', 'x.png'));
    expect(await resolveAsset(article, 'img/%78.png')).toBe(join(root, 'content', 'img', 'x.png'));
    // a missing file still resolves (the caller says "not found"), as long as it is inside
    expect(await resolveAsset(article, 'img/missing.png')).toBe(join(root, 'content', 'img', 'missing.png'));
  });

  it('allows an --asset-dir', async () => {
    const { root, article } = tree();
    expect(await resolveAsset(article, 'shared.png', { assetDirs: [join(root, 'assets')] })).toBe(join(root, 'assets', 'shared.png'));
  });

  it.each([
    ['../secret.txt', 'unsafe-path'],
    ['../../../../../../etc/passwd', 'unsafe-path'],
    ['img/../../secret.txt', 'unsafe-path'],
    ['%2e%2e/secret.txt', 'unsafe-path'],
    ['/etc/passwd', 'unsafe-path'],
    ['file:///etc/passwd', 'unsafe-path'],
    ['C:\\Windows\\win.ini', 'unsafe-path'],
    ['\\\\server\\share\\x.png', 'unsafe-path'],
    ['img/x.png%00.txt', 'unsafe-path'],
    ['%E4%B8', 'unsafe-path'],
    ['', 'unsafe-path'],
    ['img/link.png', 'unsafe-path'], // a symbolic link pointing out of the folder
    ['https://example.com/x.png', 'remote-resource'],
    ['//example.com/x.png', 'remote-resource'],
    ['data:image/png;base64,AAAA', 'unsafe-path'],
  ])('refuses %j [%s]', async (ref, rule) => {
    const { article } = tree();
    expect(await ruleOf(resolveAsset(article, ref, { line: 3, col: 5 }))).toBe(rule);
  });

  it('names the place of the reference', () => {
    try {
      checkReference('/x.png', 'content/a.md', { line: 7, col: 3 });
      expect.unreachable();
    } catch (e) {
      expect((e as CjkpressError).format()).toMatch(/^content\/a\.md:7:3: error: \/x\.png: absolute paths are not allowed.* \[unsafe-path\]$/);
    }
  });
});
