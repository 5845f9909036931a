import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { CjkpressError } from '../../src/diagnostics.ts';
import { importClipping } from '../../src/import/index.ts';

const root = fileURLToPath(new URL('../../', import.meta.url));
/** Byte copy of shared/seeds/000_9e82caae25369654.txt, so the test does not depend on shared/. */
const SEED = readFileSync(`${root}tests/fixtures/import/000_9e82caae25369654.txt`);
/** The seed in GB18030 (made once with `iconv -f utf-8 -t gb18030`). */
const GB18030 = readFileSync(`${root}tests/fixtures/import/000_9e82caae25369654.gb18030.txt`);
const COMMITTED = readFileSync(`${root}content/jingmen-crisis.md`, 'utf8');
const FILE = '../shared/seeds/000_9e82caae25369654.txt';

const utf8 = (s: string) => new TextEncoder().encode(s);
const headings = (md: string) => md.split('\n').filter((l) => l.startsWith('#'));
const body = (md: string) => md.slice(md.indexOf('\n---\n') + 5);

describe('import: the seed clipping', () => {
  const keep = importClipping(SEED, { file: FILE, keepPunctuation: true });
  const clean = importClipping(SEED, { file: FILE });

  it('by default, is byte-identical to the committed content/jingmen-crisis.md', () => {
    expect(clean.markdown).toBe(COMMITTED);
  });
  it('with keepPunctuation, keeps the ASCII marks and is NFKC-equal to the committed article', () => {
    expect(keep.markdown).not.toBe(COMMITTED);
    expect(keep.markdown).toContain('以去年天猫双十一为例,在912.7亿元');
    expect(keep.markdown.normalize('NFKC')).toBe(COMMITTED.normalize('NFKC'));
  });
  it('has 3 h2 and 3 h3 at the seed lines 5, 11, 18 and 20, 22, 25', () => {
    const seedLines = SEED.toString('utf8').split('\n');
    const hs = headings(keep.markdown);
    expect(hs.map((h) => h.replace(/ .*/, ''))).toEqual(['##', '##', '##', '###', '###', '###']);
    expect(hs.map((h) => h.replace(/^#+ /, ''))).toEqual([5, 11, 18, 20, 22, 25].map((n) => seedLines[n - 1]));
  });
  it('front matter: title, lang, reading stats, column, origin, two sources', () => {
    expect(keep.markdown.slice(0, keep.markdown.indexOf('\n---\n') + 5)).toBe(
      [
        '---',
        'title: 荆门互联网危机处理案例分析',
        'lang: zh-CN',
        'reading:',
        '  chars: 3797',
        '  minutes: 10',
        'column: 舆论监督',
        'origin: 快速推动舆论',
        'sources:',
        '  - title: 荆门网络危机处理案例分析',
        '    url: http://www.stocksun.net/yuqingjiankong/2604.html',
        '  - title: 荆门互联网危机处理案例分析',
        '    url: http://www.leixj.com/new/6302.html',
        '---',
        '',
      ].join('\n'),
    );
  });
  it('the body text is the seed lines 3–27 unchanged', () => {
    const seedBody = SEED.toString('utf8').split('\n').slice(2, 27);
    expect(body(keep.markdown).replace(/^#+ /gm, '').split('\n').filter(Boolean)).toEqual(seedBody);
  });
  it("warns that the clipping's own count (3914) differs from the recomputed one", () => {
    expect(keep.warnings).toEqual([
      `${FILE}:2: warning: the clipping says 3914 characters; the body has 3797 non-white-space characters (reading.chars uses the latter) [reading-stats]`,
    ]);
  });
  it('default punctuation clean-up: NFKC-equal, same length, 167 marks converted, none left in the body', () => {
    expect(clean.markdown.normalize('NFKC')).toBe(keep.markdown.normalize('NFKC'));
    const a = [...keep.markdown];
    const b = [...clean.markdown];
    expect(b.length).toBe(a.length);
    const changes: Record<string, number> = {};
    a.forEach((c, i) => {
      if (c !== b[i]) changes[`${c}→${b[i]}`] = (changes[`${c}→${b[i]}`] ?? 0) + 1;
    });
    expect(changes).toEqual({ ',→，': 152, ':→：': 4, '?→？': 4, ';→；': 3, '(→（': 2, ')→）': 2 });
    expect(body(clean.markdown)).not.toMatch(/[,:;?!()]/);
    // front matter (URLs included) is untouched by the clean-up on this seed
    expect(clean.markdown.slice(0, 400).split('\n---\n')[0]).toBe(keep.markdown.slice(0, 400).split('\n---\n')[0]);
  });
  it('is deterministic', () => {
    expect(importClipping(SEED, { file: FILE }).markdown).toBe(clean.markdown);
  });
  it('the same article in GB18030, UTF-16 (LE, BE) and with CRLF imports to content/ byte for byte', () => {
    const text = SEED.toString('utf8');
    const crlf = utf8(text.replace(/\n/g, '\r\n'));
    const u16 = Uint8Array.from([0xff, 0xfe, ...Buffer.from(text.replace(/\n/g, '\r'), 'utf16le')]);
    const u16be = Uint8Array.from([0xfe, 0xff, ...Buffer.from(text, 'utf16le').swap16()]);
    const bom = Uint8Array.from([0xef, 0xbb, 0xbf, ...SEED]);
    for (const bytes of [crlf, u16, u16be, bom, GB18030]) {
      expect(importClipping(bytes, { file: FILE }).markdown).toBe(COMMITTED);
      expect(importClipping(bytes, { file: FILE, keepPunctuation: true }).markdown).toBe(keep.markdown);
    }
  });
});

describe('import: other clippings', () => {
  it('no trailer and no headings: one section of paragraphs, sources []', () => {
    const text =
      '\u3000\u3000春天的早晨\r\n\r\n\u3000\u3000清晨的公园里,人们在散步、打太极拳,孩子们在草地上奔跑。空气清新,阳光明媚,到处都是鸟儿的歌声。\r\n\r\n\u3000\u3000老人们坐在长椅上聊天,讨论着昨天的新闻和今天的天气。年轻人戴着耳机跑步,一圈又一圈。\r\n\r\n\u3000\u3000这样的早晨,让人觉得生活很美好。\r\n';
    const r = importClipping(utf8(text), { file: 'spring.txt' });
    expect(r.markdown).toBe(
      '---\ntitle: 春天的早晨\nlang: zh-CN\nreading:\n  chars: 106\n  minutes: 1\nsources: []\n---\n\n' +
        '清晨的公园里，人们在散步、打太极拳，孩子们在草地上奔跑。空气清新，阳光明媚，到处都是鸟儿的歌声。\n\n' +
        '老人们坐在长椅上聊天，讨论着昨天的新闻和今天的天气。年轻人戴着耳机跑步，一圈又一圈。\n\n' +
        '这样的早晨，让人觉得生活很美好。\n',
    );
    expect(headings(r.markdown)).toEqual([]);
    expect(r.warnings).toEqual([]);
  });
  it('a GBK clipping with --lang', () => {
    // "标题行\n正文第一段。\n" in GBK
    const gbk = Uint8Array.from([0xb1, 0xea, 0xcc, 0xe2, 0xd0, 0xd0, 0x0a, 0xd5, 0xfd, 0xce, 0xc4, 0xb5, 0xda, 0xd2, 0xbb, 0xb6, 0xce, 0xa1, 0xa3, 0x0a]);
    const r = importClipping(gbk, { file: 'g.txt', lang: 'zh-Hans' });
    expect(r.markdown).toBe('---\ntitle: 标题行\nlang: zh-Hans\nreading:\n  chars: 6\n  minutes: 1\nsources: []\n---\n\n正文第一段。\n');
    expect(r.warnings).toEqual(['g.txt: warning: input is not UTF-8; decoded as GB18030 (GBK) [encoding]']);
  });
  it('no title line: falls back to the first source title, then the file name', () => {
    const r = importClipping(utf8('这是正文的第一段，很长很长。\n标题:来自尾注\n地址:http://a.cn/1'), { file: 'x.txt' });
    expect(r.markdown.startsWith('---\ntitle: 来自尾注\n')).toBe(true);
    const r2 = importClipping(utf8('这是正文的第一段，很长很长。'), { file: 'dir/my-clip.txt' });
    expect(r2.markdown.startsWith('---\ntitle: my-clip\n')).toBe(true);
    expect(r2.warnings).toEqual(['dir/my-clip.txt:1: warning: no title line; using "my-clip" [title]']);
  });
  it('binary input throws CjkpressError', () => {
    const bytes = Uint8Array.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00, 0x08, 0x00]);
    expect(() => importClipping(bytes, { file: 'book.epub' })).toThrow(CjkpressError);
    expect(() => importClipping(bytes, { file: 'book.epub' })).toThrow(/not a text file \(NUL byte at offset 5\)/);
  });
  it('empty article and bad --lang throw CjkpressError', () => {
    expect(() => importClipping(utf8('只有标题\n'), { file: 'e.txt' })).toThrow(/no article text/);
    expect(() => importClipping(utf8('标题\n正文。'), { file: 'e.txt', lang: 'zh CN' })).toThrow(/invalid language tag/);
  });
});
