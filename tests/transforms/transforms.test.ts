import { describe, expect, it } from 'vitest';
import { parseArticle } from '../../src/reader/index.ts';
import { transform } from '../../src/transforms/index.ts';

const doc = (body: string, fm = 'title: t') => transform(parseArticle(`---\n${fm}\n---\n${body}`, 'x.md'));

describe('transforms', () => {
  it('gives CJK headings readable, unique ids', () => {
    const b = doc('## 中文 标题\n\n## 中文 标题\n\n### 1.第一\n');
    expect(b.blocks.map((x) => (x.kind === 'heading' ? x.id : ''))).toEqual(['中文-标题', '中文-标题-1', 'sec-1第一']);
  });

  it('nests h3 under the h2 before it and ignores deeper levels', () => {
    const b = doc('### 前\n\n## 甲\n\n### 乙\n\n#### 丙\n\n## 丁\n');
    expect(b.toc.map((e) => [e.title, e.children.map((c) => c.title)])).toEqual([
      ['前', []],
      ['甲', ['乙']],
      ['丁', []],
    ]);
  });

  it('lists front-matter sources, then cited http links, each URL once', () => {
    const b = doc(
      '见[甲](https://a.example/x)与[乙](https://b.example/)和[重复](https://a.example/x)。\n',
      'title: t\nsources:\n  - title: 源\n    url: https://b.example/',
    );
    expect(b.appendix).toEqual([
      { title: '源', url: 'https://b.example/' },
      { title: '甲', url: 'https://a.example/x' },
    ]);
  });
});
