import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TextDecoder } from 'node:util';
import { describe, expect, it } from 'vitest';
import { CjkpressError } from '../../src/diagnostics.ts';
import { decode } from '../../src/import/decode.ts';

const TEXT = '荆门互联网危机\n以去年天猫双十一为例,在912.7亿元。\n';
const utf8 = (s: string) => new TextEncoder().encode(s);
const cat = (...parts: (number[] | Uint8Array)[]) => Uint8Array.from(parts.flatMap((p) => [...p]));

function expectBinaryError(bytes: Uint8Array): CjkpressError {
  try {
    decode(bytes, 'x.txt');
  } catch (e) {
    expect(e).toBeInstanceOf(CjkpressError);
    const err = e as CjkpressError;
    expect(err.rule).toBe('binary-input');
    expect(err.file).toBe('x.txt');
    expect(err.format()).toMatch(/^x\.txt: error: not a text file/);
    return err;
  }
  throw new Error('expected an error');
}

describe('decode: encodings', () => {
  it('UTF-8 without BOM', () => {
    expect(decode(utf8(TEXT), 'x')).toEqual({ text: TEXT, encoding: 'utf-8', bom: false });
  });
  it('UTF-8 with BOM (BOM dropped)', () => {
    expect(decode(cat([0xef, 0xbb, 0xbf], utf8(TEXT)), 'x')).toEqual({ text: TEXT, encoding: 'utf-8', bom: true });
  });
  it('UTF-16 LE with BOM', () => {
    const bytes = cat([0xff, 0xfe], Buffer.from(TEXT, 'utf16le'));
    expect(decode(bytes, 'x')).toEqual({ text: TEXT, encoding: 'utf-16le', bom: true });
  });
  it('UTF-16 BE with BOM', () => {
    const bytes = cat([0xfe, 0xff], Buffer.from(TEXT, 'utf16le').swap16());
    expect(decode(bytes, 'x')).toEqual({ text: TEXT, encoding: 'utf-16be', bom: true });
  });
  it('GBK / GB18030 without BOM', () => {
    // "你好，世界" + "\n" + "GB2312:中文" hand-encoded in GBK.
    const bytes = cat([0xc4, 0xe3, 0xba, 0xc3, 0xa3, 0xac, 0xca, 0xc0, 0xbd, 0xe7, 0x0a], utf8('GB2312:'), [0xd6, 0xd0, 0xce, 0xc4]);
    expect(decode(bytes, 'x')).toEqual({ text: '你好，世界\nGB2312:中文', encoding: 'gb18030', bom: false });
  });
  it('GB18030 four-byte sequences (outside GBK)', () => {
    // 0x81 0x30 0x81 0x30 is U+0080 in GB18030; 0x95 0x32 0x82 0x36 is U+20000 (𠀀).
    const bytes = cat([0xc4, 0xe3], [0x95, 0x32, 0x82, 0x36]);
    expect(decode(bytes, 'x').text).toBe('你\u{20000}');
  });
  it('prefers UTF-8 when the bytes are valid UTF-8', () => {
    expect(decode(utf8('中文'), 'x').encoding).toBe('utf-8');
  });
});

describe('decode: binary input is an error', () => {
  it('NUL bytes (e.g. a PNG)', () => {
    const png = cat([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(expectBinaryError(png).message).toMatch(/NUL byte at offset 8/);
  });
  it('bytes that are neither UTF-8 nor a legacy CJK encoding', () => {
    expectBinaryError(cat([0xff, 0xff, 0x80, 0x80, 0xfe, 0x41]));
  });
  it('control characters in otherwise decodable bytes', () => {
    expectBinaryError(cat(utf8('abc'), [0x01, 0x02, 0x03, 0x1b, 0x7f], utf8('def')));
  });
  it('UTF-32 is refused', () => {
    expectBinaryError(cat([0xff, 0xfe, 0x00, 0x00], [0x41, 0, 0, 0]));
  });
  it('a broken UTF-8 BOM file', () => {
    expectBinaryError(cat([0xef, 0xbb, 0xbf, 0xc3, 0x28]));
  });
});

describe('decode: legacy encodings other than GB18030 (fixtures made once with iconv)', () => {
  const dir = fileURLToPath(new URL('../fixtures/import/encodings/', import.meta.url));
  for (const [name, encoding] of [
    ['big5', 'big5'],
    ['shift_jis', 'shift_jis'],
    ['euc-kr', 'euc-kr'],
  ] as const) {
    it(`${name}: detected and decoded (though the bytes are valid GB18030 too)`, () => {
      const bytes = readFileSync(`${dir}${name}.txt`);
      expect(decode(bytes, 'x')).toEqual({ text: readFileSync(`${dir}${name}.utf8`, 'utf8'), encoding, bom: false });
    });
  }
  it('the Big5 and EUC-KR bytes would decode as GB18030 mojibake: the guess is what tells them apart', () => {
    const gb = new TextDecoder('gb18030', { fatal: true });
    expect(() => gb.decode(readFileSync(`${dir}big5.txt`))).not.toThrow();
    expect(() => gb.decode(readFileSync(`${dir}euc-kr.txt`))).not.toThrow();
  });
  it('GBK text stays GB18030 even where it is also valid Big5 or EUC-KR', () => {
    // GB2312 bytes (all ≥ 0xA1) are valid EUC-KR and mostly valid Big5
    const text = '春天的早晨，人们在公园里散步。老人们坐在长椅上聊天，讨论着昨天的新闻和今天的天气。';
    const gbk = new Uint8Array(execFileSync('iconv', ['-f', 'utf-8', '-t', 'gbk'], { input: text }));
    expect(decode(gbk, 'x')).toEqual({ text, encoding: 'gb18030', bom: false });
  });
});
