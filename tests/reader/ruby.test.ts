/**
 * Ruby in the reader (issue 14): three spellings — `<ruby>` (the one HTML read as markup), `{base|rt}`
 * and, in Japanese only, Aozora Bunko's ｜base《rt》 / 漢字《rt》 — become the same `ruby` inline; bad ruby
 * is a one-line located warning, never a crash.
 */
import { describe, expect, it } from 'vitest';
import { Diagnostics, type Diagnostic } from '../../src/diagnostics.ts';
import { inlineText, type Inline } from '../../src/model.ts';
import { parseArticle } from '../../src/reader/index.ts';
import { transform } from '../../src/transforms/index.ts';

function read(body: string, lang = 'ja'): { content: Inline[]; warnings: Diagnostic[] } {
  const warnings: Diagnostic[] = [];
  const a = parseArticle(`---\ntitle: t\nlang: ${lang}\n---\n\n${body}\n`, 'a.md', { diagnostics: new Diagnostics((d) => warnings.push(d)) });
  const first = a.blocks[0];
  return { content: first?.kind === 'paragraph' || first?.kind === 'heading' ? first.content : [], warnings };
}
const rubies = (nodes: readonly Inline[]): { base: string; rt: string[] }[] =>
  nodes.flatMap((n) => (n.kind === 'ruby' ? [{ base: inlineText(n.children), rt: n.rt }] : 'children' in n ? rubies(n.children) : []));

describe('ruby spellings', () => {
  it('reads HTML group and mono ruby, with or without <rp>, <rb> or a closing </rt>', () => {
    const { content, warnings } = read(
      '<ruby>漢字<rt>かんじ</rt></ruby>・<ruby>漢<rp>（</rp><rt>かん</rt><rp>）</rp>字<rp>（</rp><rt>じ</rt><rp>）</rp></ruby>・' +
        '<ruby><rb>明</rb><rb>日</rb><rt>あ</rt><rt>した</rt></ruby>・<RUBY>東京<RT>とうきょう</RUBY>',
    );
    expect(rubies(content)).toEqual([
      { base: '漢字', rt: ['かんじ'] },
      { base: '漢字', rt: ['かん', 'じ'] },
      { base: '明日', rt: ['あ', 'した'] },
      { base: '東京', rt: ['とうきょう'] },
    ]);
    expect(inlineText(content)).toBe('漢字・漢字・明日・東京');
    expect(warnings).toEqual([]);
  });

  it('reads {base|rt} as group ruby and {base|r1|r2} as mono ruby', () => {
    const { content } = read('{東京|とうきょう}と{東京|とう|きょう}、{熊猫|xióng|māo}');
    expect(rubies(content)).toEqual([
      { base: '東京', rt: ['とうきょう'] },
      { base: '東京', rt: ['とう', 'きょう'] },
      { base: '熊猫', rt: ['xióng', 'māo'] },
    ]);
  });

  it('keeps Markdown inside a base, and ruby inside links and emphasis', () => {
    const { content } = read('[{漢字|かんじ}](https://example.com) **<ruby>強<rt>つよ</rt></ruby>い** {**太**字|ふとじ}');
    expect(rubies(content).map((r) => r.base)).toEqual(['漢字', '強', '太字']);
    const link = content.find((n) => n.kind === 'link');
    expect(link?.kind === 'link' && link.children[0]?.kind).toBe('ruby');
  });

  it('reads Aozora Bunko notation in Japanese: ｜ marks where a base starts, else the kanji run before 《', () => {
    const { content } = read('｜青空《あおぞら》の文庫《ぶんこ》と、々も入る人々《ひとびと》。');
    expect(rubies(content)).toEqual([
      { base: '青空', rt: ['あおぞら'] },
      { base: '文庫', rt: ['ぶんこ'] },
      { base: '人々', rt: ['ひとびと'] },
    ]);
    expect(inlineText(content)).toBe('青空の文庫と、々も入る人々。');
  });

  it('never reads 《》 as ruby in Chinese, where they are title marks', () => {
    for (const lang of ['zh-CN', 'zh-TW']) {
      const { content } = read('我读过鲁迅《呐喊》和｜书《名》。', lang);
      expect(rubies(content)).toEqual([]);
      expect(inlineText(content)).toBe('我读过鲁迅《呐喊》和｜书《名》。');
    }
  });

  it('takes {a|b} with an ASCII-only base for text (shell braces, set notation), not ruby', () => {
    const { content, warnings } = read('集合{a|b}与{x | x>0}，命令 echo {foo|bar}');
    expect(rubies(content)).toEqual([]);
    expect(inlineText(content)).toBe('集合{a|b}与{x | x>0}，命令 echo {foo|bar}');
    expect(warnings).toEqual([]);
  });

  it('keeps every other tag as text, exactly as before', () => {
    const { content } = read('<span>x</span> <b>太</b> <rt>孤</rt> <rubyx>a</rubyx>');
    expect(content).toEqual([{ kind: 'text', text: '<span>x</span> <b>太</b> <rt>孤</rt> <rubyx>a</rubyx>' }]);
  });

  it('gives ids and TOC entries the base text only', () => {
    const a = transform(parseArticle('---\ntitle: t\nlang: ja\n---\n\n## {見出|みだ}しの<ruby>中<rt>なか</rt></ruby>\n\n本文。\n', 'a.md'));
    expect(a.toc.map((e) => [e.id, e.title])).toEqual([['見出しの中', '見出しの中']]);
  });
});

describe('bad ruby: one located warning, the text kept', () => {
  const cases: [string, string, RegExp, string][] = [
    ['an unclosed <ruby>', '前<ruby>漢字<rt>かんじ', /^unclosed <ruby>: shown as text$/, '前<ruby>漢字<rt>かんじ'],
    ['an empty <rt>', '前<ruby>漢字<rt></rt></ruby>', /^empty <rt> in <ruby>漢字<rt><\/rt><\/ruby>$/, '前漢字'],
    ['<ruby> without <rt>', '前<ruby>漢字</ruby>', /has no <rt>: shown as its base text$/, '前漢字'],
    ['{|x}', '前{|x}後', /^ruby \{\|x\} has no base text: kept as text$/, '前{|x}後'],
    ['{漢字|}', '前{漢字|}後', /has an empty reading: shown as its base text$/, '前漢字後'],
    ['readings that fit no base', '前{漢字|a|b|c}', /has 3 readings for 2 characters: set as one reading/, '前漢字'],
  ];
  it.each(cases)('%s', (_name, body, message, text) => {
    const warnings: Diagnostic[] = [];
    const a = parseArticle(`---\ntitle: t\nlang: ja\n---\n\nx\n\n- ${body}\n`, 'a.md', { diagnostics: new Diagnostics((d) => warnings.push(d)) });
    const item = a.blocks[1];
    const para = item?.kind === 'list' ? item.items[0]?.[0] : undefined;
    expect(para?.kind === 'paragraph' && inlineText(para.content)).toBe(text);
    const w = warnings.find((d) => message.test(d.message));
    expect(w, warnings.map((d) => d.message).join('\n')).toBeDefined();
    // line 8 of the file, the column of the ruby after "- 前"
    expect([w?.file, w?.line, w?.col, w?.rule]).toEqual(['a.md', 8, 4, 'ruby']);
  });
});
