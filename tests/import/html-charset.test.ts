import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { declaredCharset, decodePage } from '../../src/import/html/charset.ts';

const PAGE = (meta: string) => `<html><head>${meta}<title>标题</title></head><body><p>正文：繁體與简体、かな。</p></body></html>`;
const encode = (text: string, charset: string) => new Uint8Array(execFileSync('iconv', ['-f', 'utf-8', '-t', charset], { input: text }));

describe('html charset', () => {
  it('reads <meta charset> and the http-equiv form, case and quotes as written', () => {
    expect(declaredCharset(new TextEncoder().encode('<meta charset="UTF-8">'))).toBe('utf-8');
    expect(declaredCharset(new TextEncoder().encode("<meta http-equiv='Content-Type' content='text/html; charset=GB2312'/>"))).toBe('gb2312');
    expect(declaredCharset(new TextEncoder().encode('<meta charset=big5>'))).toBe('big5');
    expect(declaredCharset(new TextEncoder().encode('<p>no meta</p>'))).toBeUndefined();
  });
  it.each([
    ['gbk', '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', '正文：简体中文的新闻。', 'gb18030'],
    ['big5', '<meta charset="big5">', '正文：繁體中文的新聞。', 'big5'],
    ['shift_jis', '<meta charset="Shift_JIS">', '本文：日本語のかな。', 'shift_jis'],
    ['euc-jp', '<meta charset="EUC-JP">', '本文：日本語のかな。', 'euc-jp'],
    ['euc-kr', '<meta charset="euc-kr">', '본문: 한국어 뉴스.', 'euc-kr'],
  ])('%s bytes decoded by their declaration', (charset, meta, text, encoding) => {
    const html = `<html><head>${meta}</head><body><p>${text}</p></body></html>`;
    const page = decodePage(encode(html, charset), 'p.html');
    expect(page.text).toBe(html);
    expect(page.encoding).toBe(encoding);
    expect(page.warnings).toEqual([]);
  });
  it('a BOM wins over the declaration', () => {
    const html = PAGE('<meta charset="gbk">');
    const page = decodePage(Uint8Array.from([0xef, 0xbb, 0xbf, ...new TextEncoder().encode(html)]), 'p.html');
    expect(page.text).toBe(html);
    expect(page.warnings).toEqual([]);
  });
  it('a UTF-8 page that still declares gb2312 is read as UTF-8, with a warning (though its bytes are valid GB18030)', () => {
    const html = '<html><head><meta charset="gb2312"></head><body><p>中文</p></body></html>';
    const bytes = new TextEncoder().encode(html);
    expect(() => new TextDecoder('gb18030', { fatal: true }).decode(bytes)).not.toThrow();
    const page = decodePage(bytes, 'p.html');
    expect(page.text).toBe(html);
    expect(page.warnings).toEqual(['p.html: warning: the page declares charset "gb2312" but is UTF-8; read as UTF-8 [encoding]']);
  });
  it('bytes that are not what the page declares: guessed, with a warning', () => {
    const html = '<html><head><meta charset="big5"></head><body><p>这是一篇简体中文的新闻，记者今天来到了现场。</p></body></html>';
    const page = decodePage(encode(html, 'gbk'), 'p.html');
    expect(page.text).toBe(html);
    expect(page.warnings).toEqual(['p.html: warning: the page declares charset "big5" but reads as GB18030 (GBK) [encoding]']);
  });
  it('no declaration: UTF-8, else the legacy guess with a warning', () => {
    expect(decodePage(new TextEncoder().encode(PAGE('')), 'p.html')).toEqual({ text: PAGE(''), encoding: 'utf-8', warnings: [] });
    const html = '<html><body><p>这是一篇没有声明编码的新闻，记者今天来到了现场。</p></body></html>';
    const page = decodePage(encode(html, 'gbk'), 'p.html');
    expect(page.text).toBe(html);
    expect(page.warnings).toEqual(['p.html: warning: no usable charset declaration; decoded as GB18030 (GBK) [encoding]']);
  });
});
