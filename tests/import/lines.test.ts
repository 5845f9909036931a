import { describe, expect, it } from 'vitest';
import { displayWidth, toBlocks, toLines, wrapWidth } from '../../src/import/lines.ts';

const blocks = (s: string) => toBlocks(toLines(s)).map((b) => [b.line, b.text]);

describe('lines: line endings and edge white space', () => {
  it('LF, CRLF and CR give the same lines', () => {
    const lf = toLines('甲\n乙\n\n丙');
    expect(toLines('甲\r\n乙\r\n\r\n丙')).toEqual(lf);
    expect(toLines('甲\r乙\r\r丙')).toEqual(lf);
    expect(lf.map((l) => l.text)).toEqual(['甲', '乙', '', '丙']);
  });
  it('strips leading/trailing spaces, tabs, U+3000 and NBSP, keeps inner spaces', () => {
    expect(toLines('\u3000\u3000正文 text  \n  \t标题\u00a0\n \u3000 ').map((l) => l.text)).toEqual(['正文 text', '标题', '']);
  });
  it('counts display width with CJK as 2', () => {
    expect(displayWidth('ab中文，')).toBe(8);
  });
});

describe('lines: paragraphs', () => {
  it('one paragraph per line (single newlines)', () => {
    expect(blocks('第一段很长的文字。\n第二段。\n第三段。')).toEqual([
      [1, '第一段很长的文字。'],
      [2, '第二段。'],
      [3, '第三段。'],
    ]);
  });
  it('blank-line separated paragraphs, several blank lines and CRLF', () => {
    expect(blocks('\r\n第一段。\r\n\r\n\r\n第二段。\r\n')).toEqual([
      [2, '第一段。'],
      [5, '第二段。'],
    ]);
  });
  it('hard-wrapped paragraphs (blank-line separated) are joined without spaces between CJK', () => {
    const text = [
      '这是一个被硬换行的段落，每行二十个汉字左右，',
      '排版工具在固定宽度处断开了它，所以我们要把',
      '它们重新连起来。',
      '',
      '第二段也是一样的情况，行宽都是二十个汉字，',
      '最后一行较短。',
    ].join('\n');
    expect(wrapWidth(toLines(text))).toBe(42);
    expect(blocks(text)).toEqual([
      [1, '这是一个被硬换行的段落，每行二十个汉字左右，排版工具在固定宽度处断开了它，所以我们要把它们重新连起来。'],
      [5, '第二段也是一样的情况，行宽都是二十个汉字，最后一行较短。'],
    ]);
  });
  it('hard-wrapped paragraphs separated by single newlines: a short line ends the paragraph', () => {
    const text = [
      '这是一个被硬换行的段落，每行二十个汉字左右，',
      '排版工具在固定宽度处断开了它。',
      '第二段也是一样的情况，行宽都是二十个汉字，',
      '最后一行较短。',
      '小标题',
      '第三段也是一样的情况，行宽都是二十个汉字，',
      '结束。',
    ].join('\n');
    expect(blocks(text).map(([, t]) => t)).toEqual([
      '这是一个被硬换行的段落，每行二十个汉字左右，排版工具在固定宽度处断开了它。',
      '第二段也是一样的情况，行宽都是二十个汉字，最后一行较短。',
      '小标题',
      '第三段也是一样的情况，行宽都是二十个汉字，结束。',
    ]);
  });
  it('Latin words across a wrap are joined with one space', () => {
    const text = ['The quick brown fox jumps over the lazy', 'dog and keeps running far away from the', 'farm where it was born, past the river', 'bank.'].join(
      '\n',
    );
    expect(blocks(text)).toEqual([
      [1, 'The quick brown fox jumps over the lazy dog and keeps running far away from the farm where it was born, past the river bank.'],
    ]);
  });
  it('two lines of similar width are not enough evidence of wrapping', () => {
    expect(blocks('第一段很长的文字。\n第二段文字好。\n第三段。')).toHaveLength(3);
  });
  it('long unwrapped lines of different lengths are not mistaken for wrapping', () => {
    const long = (n: number) => '字'.repeat(n) + '。';
    expect(wrapWidth(toLines([long(200), long(90), long(150)].join('\n')))).toBeUndefined();
    expect(blocks([long(200), long(90), long(150)].join('\n'))).toHaveLength(3);
  });
});
