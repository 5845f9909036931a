import { describe, expect, it } from 'vitest';
import { parseHeader, parseStatsLine } from '../../src/import/header.ts';
import { toLines } from '../../src/import/lines.ts';
import { parseTrailer, parseTrailerLine } from '../../src/import/trailer.ts';

describe('trailer', () => {
  const seedTrailer = [
    '最后一段正文。',
    '标题:荆门网络危机处理案例分析',
    '地址:http://www.stocksun.net/yuqingjiankong/2604.html',
    '本文专栏:舆论监督',
    '本文来源:快速推动舆论',
    '标题:荆门互联网危机处理案例分析 地址:http://www.leixj.com/new/6302.html',
  ].join('\n');

  it('reads the seed trailer: two sources (one on a single line), column, origin', () => {
    const tr = parseTrailer(toLines(seedTrailer));
    expect(tr).toEqual({
      start: 1,
      column: '舆论监督',
      origin: '快速推动舆论',
      sources: [
        { title: '荆门网络危机处理案例分析', url: 'http://www.stocksun.net/yuqingjiankong/2604.html' },
        { title: '荆门互联网危机处理案例分析', url: 'http://www.leixj.com/new/6302.html' },
      ],
      warnings: [],
    });
  });
  it('accepts full-width colons, spaces around them, CRLF and blank lines inside the trailer', () => {
    const text = '正文。\r\n\r\n标题：甲文\r\n地址： https://a.cn/1\r\n\r\n本文专栏：评论\r\n本文来源 ： 某报\r\n标题：乙文\u3000地址：https://b.cn/2\r\n';
    const tr = parseTrailer(toLines(text));
    expect(tr.start).toBe(2);
    expect(tr.column).toBe('评论');
    expect(tr.origin).toBe('某报');
    expect(tr.sources).toEqual([
      { title: '甲文', url: 'https://a.cn/1' },
      { title: '乙文', url: 'https://b.cn/2' },
    ]);
  });
  it('a URL without title takes the URL as title; a title without URL is left out with a warning', () => {
    const tr = parseTrailer(toLines('正文。\n地址:https://a.cn/1\n标题:孤儿'));
    expect(tr.sources).toEqual([{ title: 'https://a.cn/1', url: 'https://a.cn/1' }]);
    expect(tr.warnings).toEqual([{ line: 3, message: 'trailer source "孤儿" has no 地址 (URL); left out of sources' }]);
  });
  it('no trailer: start is the end of the text', () => {
    const lines = toLines('第一段。\n第二段。');
    expect(parseTrailer(lines)).toEqual({ sources: [], start: 2, warnings: [] });
  });
  it('a labelled line inside the body does not start the trailer', () => {
    const tr = parseTrailer(toLines('标题:不是尾注\n正文。'));
    expect(tr.start).toBe(2);
  });
  it('only lines starting with a label are trailer lines', () => {
    expect(parseTrailerLine('中小企业的选择题:你需要找到另一条出路')).toBeUndefined();
    expect(parseTrailerLine('标题:甲 地址:http://a.cn')).toEqual([
      { field: 'title', value: '甲' },
      { field: 'url', value: 'http://a.cn' },
    ]);
  });
});

describe('header', () => {
  it('title and stats line', () => {
    const h = parseHeader(toLines('\n荆门互联网危机处理案例分析\n本篇文章3914字,读完约10分钟\n正文。'));
    expect(h).toEqual({ title: { text: '荆门互联网危机处理案例分析', line: 2 }, stats: { chars: 3914, minutes: 10, line: 3 }, next: 3 });
  });
  it.each([
    ['本篇文章3914字,读完约10分钟', { chars: 3914, minutes: 10 }],
    ['本文共 1200 字，阅读需要 3 分钟', { chars: 1200, minutes: 3 }],
    ['全文约800字', { chars: 800 }],
  ])('stats line %s', (line, want) => {
    expect(parseStatsLine(line)).toEqual(want);
  });
  it('no title when the first line is a sentence', () => {
    expect(parseHeader(toLines('这是第一段，不是标题。\n第二段。'))).toEqual({ next: 0 });
  });
});
