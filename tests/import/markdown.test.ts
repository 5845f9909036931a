import { describe, expect, it } from 'vitest';
import { emitFrontMatter } from '../../src/import/frontmatter.ts';
import { blockMarkdown, emitBody } from '../../src/import/markdown.ts';
import { readingStats } from '../../src/import/stats.ts';

const para = (text: string) => blockMarkdown({ kind: 'paragraph', text, line: 1 });

describe('markdown output', () => {
  it('headings and paragraphs, one blank line between blocks', () => {
    expect(
      emitBody([
        { kind: 'heading', level: 2, text: '标题', line: 1, rule: 'short-line-heading' },
        { kind: 'paragraph', text: '正文。', line: 2 },
        { kind: 'heading', level: 3, text: '1.小节', line: 3, rule: 'numbered-heading' },
      ]),
    ).toBe('## 标题\n\n正文。\n\n### 1.小节');
  });
  it('ordinary Chinese text is not escaped ("1.传统" is not a list item)', () => {
    for (const t of ['1.传统电子商务支持大品牌', '在美国babyandmegifts.com销售(jacquelyn myers)', '30-50%,10.10']) expect(para(t)).toBe(t);
  });
  it('escapes what CommonMark would read as syntax', () => {
    expect(para('# 不是标题')).toBe('\\# 不是标题');
    expect(para('> 不是引用')).toBe('\\> 不是引用');
    expect(para('- 不是列表')).toBe('\\- 不是列表');
    expect(para('* 不是列表')).toBe('\\* 不是列表');
    expect(para('1. 不是列表')).toBe('1\\. 不是列表');
    expect(para('2) 不是列表')).toBe('2\\) 不是列表');
    expect(para('---')).toBe('\\---');
    expect(para('a*b*c_d_[e](f)`g`')).toBe('a\\*b\\*c\\_d\\_\\[e\\](f)\\`g\\`');
    expect(para('<b>与&amp;和 1<2 & 3')).toBe('\\<b>与\\&amp;和 1<2 & 3');
    expect(blockMarkdown({ kind: 'heading', level: 2, text: '学C#', line: 1, rule: 'short-line-heading' })).toBe('## 学C\\#');
  });
});

describe('front matter and stats', () => {
  it('stable key order, optional column/origin, sources always present', () => {
    expect(emitFrontMatter({ title: '题', lang: 'zh-CN', reading: { chars: 801, minutes: 3 }, sources: [] })).toBe(
      '---\ntitle: 题\nlang: zh-CN\nreading:\n  chars: 801\n  minutes: 3\nsources: []\n---\n',
    );
    expect(
      emitFrontMatter({
        sources: [{ url: 'http://a.cn/x', title: 'T: x' }],
        origin: '源',
        column: '栏',
        reading: { minutes: 1, chars: 1 },
        lang: 'zh-TW',
        title: '题',
      }),
    ).toBe(
      '---\ntitle: 题\nlang: zh-TW\nreading:\n  chars: 1\n  minutes: 1\ncolumn: 栏\norigin: 源\nsources:\n  - title: "T: x"\n    url: http://a.cn/x\n---\n',
    );
  });
  it('reading stats: non-white-space code points, 400 per minute rounded up', () => {
    expect(readingStats(['中文 text', '𠀀。'])).toEqual({ chars: 8, minutes: 1 });
    expect(readingStats(['字'.repeat(400)])).toEqual({ chars: 400, minutes: 1 });
    expect(readingStats(['字'.repeat(401)])).toEqual({ chars: 401, minutes: 2 });
  });
});
