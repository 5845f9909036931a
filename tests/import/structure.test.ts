import { describe, expect, it } from 'vitest';
import { classify, endsSentence, headingLimit, numberStyle, type Classified } from '../../src/import/structure.ts';

/** A paragraph of n characters ending with a full stop. */
const P = (n = 90, c = '文') => c.repeat(n - 1) + '。';
const run = (...texts: string[]) => classify(texts.map((text, i) => ({ text, line: i + 1 })));
const shape = (cs: Classified[]) => cs.map((c) => (c.kind === 'heading' ? `h${c.level}` : 'p'));

describe('structure: rule short-line-heading (h2)', () => {
  it('a short line without sentence-final punctuation between paragraphs is h2', () => {
    const out = run(P(), '交通门户正在改变', P());
    expect(shape(out)).toEqual(['p', 'h2', 'p']);
    expect(out[1]).toMatchObject({ kind: 'heading', level: 2, rule: 'short-line-heading', line: 2 });
  });
  it('a heading may end with ? or ! and contain a colon', () => {
    expect(shape(run(P(), '中小企业的选择题:你需要找到另一条出路还是在夹缝中生存?', P()))).toEqual(['p', 'h2', 'p']);
    expect(shape(run(P(), '拒绝内卷！', P()))).toEqual(['p', 'h2', 'p']);
  });
  it('a short line ending with 。 , ： ; … stays a paragraph', () => {
    for (const end of ['。', ',', '，', '：', ':', '；', '…', '.']) {
      expect(shape(run(P(), `这是一个短句${end}`, P()))).toEqual(['p', 'p', 'p']);
    }
    expect(endsSentence('他说：“好。”')).toBe(true);
  });
  it('two sentences on a short line are not a heading', () => {
    expect(shape(run(P(), '天晴了。我们出门吧', P()))).toEqual(['p', 'p', 'p']);
  });
  it('a line longer than the heading limit stays a paragraph', () => {
    expect(shape(run(P(), '长'.repeat(41), P()))).toEqual(['p', 'p', 'p']);
  });
  it('the limit is relative to the paragraphs: a third of their median length, at most 40', () => {
    expect(headingLimit([{ text: P(300), line: 1 }])).toBe(40);
    expect(
      headingLimit([
        { text: P(30), line: 1 },
        { text: P(36), line: 2 },
        { text: P(33), line: 3 },
      ]),
    ).toBe(11);
    // among short paragraphs a 15-character line is just a short paragraph
    expect(shape(run(P(33), '一句没有句号的短话十五个字啊', P(36), P(30)))).toEqual(['p', 'p', 'p', 'p']);
  });
  it('not between paragraphs: first block, last block, or next to another short line', () => {
    expect(shape(run('开头的短行', P(), P()))).toEqual(['p', 'p', 'p']);
    expect(shape(run(P(), P(), '结尾的短行'))).toEqual(['p', 'p', 'p']);
    expect(shape(run(P(), '短行一', '短行二', P()))).toEqual(['p', 'p', 'p', 'p']);
  });
});

describe('structure: rule numbered-heading (one level below the heading above)', () => {
  it('recognises the numbering styles', () => {
    expect(numberStyle('1.传统电子商务')).toBe('arabic');
    expect(numberStyle('2、找到蓝海')).toBe('arabic');
    expect(numberStyle('3．全角点')).toBe('arabic');
    expect(numberStyle('一、概述')).toBe('han');
    expect(numberStyle('十二.结论')).toBe('han');
    expect(numberStyle('（一）背景')).toBe('han-paren');
    expect(numberStyle('(1)细节')).toBe('arabic-paren');
    expect(numberStyle('2）细节')).toBe('arabic-paren');
    expect(numberStyle('第一章 总论')).toBe('chapter');
    expect(numberStyle('第2节')).toBeUndefined(); // no text after the marker
    expect(numberStyle('第2节 方法')).toBe('chapter');
    expect(numberStyle('第三部分：展望')).toBe('chapter');
    // numbers, not markers
    expect(numberStyle('1.0传统电子商务')).toBeUndefined();
    expect(numberStyle('10.10周年')).toBeUndefined();
    expect(numberStyle('2015年10月')).toBeUndefined();
    expect(numberStyle('一方面，传统电子商务')).toBeUndefined();
  });
  it('numbered lines under an h2 become h3, siblings stay h3', () => {
    const out = run(P(), '选择题', P(), '1.传统电子商务', P(), '2.找到另一片蓝海', P(), P(), '3.大势所趋', P());
    expect(shape(out)).toEqual(['p', 'h2', 'p', 'h3', 'p', 'h3', 'p', 'p', 'h3', 'p']);
    expect(out[3]).toMatchObject({ rule: 'numbered-heading' });
  });
  it('each numbering style works, and the first numbered heading without a heading above is h2', () => {
    for (const [a, b] of [
      ['一、概述', '二、方法'],
      ['（一）背景', '（二）过程'],
      ['第一章 总论', '第二章 分论'],
      ['1、甲', '2、乙'],
      ['(1)甲', '(2)乙'],
    ]) {
      expect(shape(run(P(), a!, P(), b!, P()))).toEqual(['p', 'h2', 'p', 'h2', 'p']);
    }
  });
  it('nested numbering: 第一章 > 一、 > （一） > 1.; going back closes deeper levels', () => {
    const out = run('第一章 总论', '一、背景', P(), '（一）起因', P(), '1.细节', P(), '（二）经过', P(), '二、方法', P(), '第二章 分论', P());
    expect(shape(out)).toEqual(['h2', 'h3', 'p', 'h4', 'p', 'h5', 'p', 'h4', 'p', 'h3', 'p', 'h2', 'p']);
  });
  it('a plain h2 above resets the numbering', () => {
    expect(shape(run(P(), '一、甲', P(), '小结一下', P(), '1.乙', P()))).toEqual(['p', 'h2', 'p', 'h2', 'p', 'h3', 'p']);
  });
  it('a short plain line followed directly by a numbered heading is still h2', () => {
    expect(shape(run(P(), '概述', '1.背景', P()))).toEqual(['p', 'h2', 'h3', 'p']);
  });
  it('adjacent lines numbered in the same style are a list, not headings', () => {
    expect(shape(run(P(), '1.苹果', '2.香蕉', '3.橙子', P()))).toEqual(['p', 'p', 'p', 'p', 'p']);
  });
  it('numbered sentences are paragraphs', () => {
    expect(shape(run(P(), '1.这是第一点。', P()))).toEqual(['p', 'p', 'p']);
    expect(shape(run(P(), `1.${P(100)}`, P()))).toEqual(['p', 'p', 'p']);
  });
  it('a numbered line as the last block is not a heading', () => {
    expect(shape(run(P(), P(), '3.结尾'))).toEqual(['p', 'p', 'p']);
  });
});

describe('structure: rule chapter-heading (novels)', () => {
  /** Short paragraphs and dialogue, as in a novel: the relative heading limit is small there. */
  const NOVEL = ['他点点头。', '“青龙四百！”', '庄家一声高喊，满屋子的人都转过头来看他。', '“咳，呸！”', '“你去赌了？”', '李二牛没说话。'];
  it('every real form of a chapter line is a heading, all at one level; dialogue never is', () => {
    const out = run('第一章　序', ...NOVEL, '第二章 赶集', ...NOVEL, '第九章大团圆', ...NOVEL);
    expect(out.filter((c) => c.kind === 'heading').map((c) => [c.level, c.text])).toEqual([
      [2, '第一章　序'],
      [2, '第二章 赶集'],
      [2, '第九章大团圆'],
    ]);
    expect(out[0]).toMatchObject({ rule: 'chapter-heading' });
  });
  it('a long 回目 line is a heading although it exceeds the relative limit', () => {
    const out = run(P(), '第一回　甄士隐梦幻识通灵　贾雨村风尘怀闺秀', ...NOVEL, '第二回　贾夫人仙逝扬州城　冷子兴演说荣国府', P());
    expect(shape(out).filter((s) => s !== 'p')).toEqual(['h2', 'h2']);
  });
  it('卷 lines are above 章; 楔子, 序, 后记 and 尾声 sit beside the outermost chapter line', () => {
    const out = run('楔子', P(), '卷一　风起', '第一章 断桥', P(), '第二章 药铺', P(), '卷二', '第三章 夜客', P(), '尾声', P());
    expect(out.filter((c) => c.kind === 'heading').map((c) => `h${c.level} ${c.text}`)).toEqual([
      'h2 楔子',
      'h2 卷一　风起',
      'h3 第一章 断桥',
      'h3 第二章 药铺',
      'h2 卷二',
      'h3 第三章 夜客',
      'h2 尾声',
    ]);
    expect(shape(run('序', P(), '第一回　甲', P(), '第二回　乙', P(), '后记', P()))).toEqual(['h2', 'p', 'h2', 'p', 'h2', 'p', 'h2', 'p']);
  });
  it('with chapters, short lines between paragraphs are not headings', () => {
    expect(shape(run('第一章 甲', P(), '舍不得', P(), '第二章 乙', P()))).toEqual(['h2', 'p', 'p', 'p', 'h2', 'p']);
    // without chapters the same line is a heading
    expect(shape(run(P(), '舍不得', P()))).toEqual(['p', 'h2', 'p']);
  });
  it('a table of contents (adjacent chapter lines), a chapter sentence and a last line are not headings', () => {
    expect(shape(run('第一章 序', '第二章 赶集', '第三章 赌坊', P()))).toEqual(['p', 'p', 'p', 'p']);
    expect(shape(run(P(), '第一章讲的是他小时候的事。', P()))).toEqual(['p', 'p', 'p']);
    expect(shape(run(P(), '后记'))).toEqual(['p', 'p']);
    expect(shape(run(P(), '序言很长，写了三页。', P()))).toEqual(['p', 'p', 'p']);
  });
});

describe('structure: official documents', () => {
  it('一、 is h2, a standalone （一） h3, a run-in （一）指导思想。…… stays a paragraph', () => {
    const out = run(
      P(),
      '一、总体要求',
      '（一）指导思想。坚持以人民为中心的发展思想，推动形成养老服务体系。',
      P(),
      '二、重点任务',
      '（一）完善社区养老服务设施',
      P(),
      '（二）丰富社区养老服务内容',
      P(),
    );
    expect(shape(out)).toEqual(['p', 'h2', 'p', 'p', 'h2', 'h3', 'p', 'h3', 'p']);
  });
});

describe('structure: a bare chapter marker and its title line', () => {
  it('第一章 alone + a short title line → one heading "第一章　风雪山神庙"; a sentence after it is not joined', () => {
    const out = run('第一章', '风雪山神庙', P(), '第二章', '那一年的冬天来得特别早。', P());
    expect(out.map((c) => (c.kind === 'heading' ? `h${c.level} ${c.text}` : 'p'))).toEqual(['h2 第一章\u3000风雪山神庙', 'p', 'h2 第二章', 'p', 'p']);
    expect(out[0]).toMatchObject({ line: 1, rule: 'chapter-heading' });
  });
});
