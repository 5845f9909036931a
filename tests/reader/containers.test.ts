/**
 * Reader features for real documentation pages: per-list tightness, headings inside containers,
 * `{#id}`, GitHub alerts and `:::` containers (callouts), `$` math, GFM task lists — the model they
 * give, the warnings, and how both model helpers and the EPUB render treat them.
 */
import { describe, expect, it } from 'vitest';
import { CjkpressError, Diagnostics } from '../../src/diagnostics.ts';
import { labelsFor } from '../../src/labels.ts';
import { blockText, childBlocks, mapBlockInlines, walkBlocks, type Block, type Inline } from '../../src/model.ts';
import { parseArticle } from '../../src/reader/index.ts';
import { transform } from '../../src/transforms/index.ts';
import { renderBlock } from '../../src/writers/epub/render.ts';
import { serialize } from '../../src/writers/epub/xhtml.ts';

const HEAD = '---\ntitle: t\n---\n'; // the body starts on file line 4

function read(body: string, diags?: Diagnostics) {
  const text = HEAD + body;
  return transform(parseArticle(text, 'x.md', { diagnostics: diags }), { diagnostics: diags, lines: text.split('\n') });
}

const first = <K extends Block['kind']>(blocks: readonly Block[], kind: K): Extract<Block, { kind: K }> => {
  const b = [...walkBlocks(blocks)].find((x) => x.kind === kind);
  if (!b) throw new Error(`no ${kind}`);
  return b as Extract<Block, { kind: K }>;
};

const xhtml = (b: Block): string =>
  renderBlock(b, { hrefOf: (h) => h, file: 'c.xhtml', labels: labelsFor('zh-CN') }, new Map())
    .map(serialize)
    .join('')
    .replace(/\n/g, '');

const warnings = (d: Diagnostics): string[] => d.warnings.map((w) => `${w.line}:${w.col} ${w.message} [${w.rule}]`);

describe('list tightness is decided per list', () => {
  it('a loose list nested in an item leaves the outer list tight', () => {
    const book = read('- a\n  - b\n\n    c\n- d\n');
    const outer = book.blocks[0];
    expect(outer?.kind === 'list' && outer.tight).toBe(true);
    const inner = outer && childBlocks(outer).find((b) => b.kind === 'list');
    expect(inner?.kind === 'list' && inner.tight).toBe(false);
  });

  it('a quote with two paragraphs inside an item leaves the list tight', () => {
    const outer = read('- a\n  > b\n  >\n  > c\n- d\n').blocks[0];
    expect(outer?.kind === 'list' && outer.tight).toBe(true);
  });

  it('a blank line between the items makes that list loose', () => {
    const outer = read('- a\n\n- b\n').blocks[0];
    expect(outer?.kind === 'list' && outer.tight).toBe(false);
  });
});

describe('headings inside containers', () => {
  it('are headings with `nested`, level 1 allowed, with unique ids, not in the TOC', () => {
    const book = read('## 节\n\n> # 引文标题\n\n- ## 列表标题\n\n::: tip\n### 提示标题\n:::\n\n## 节\n');
    const nested = [...walkBlocks(book.blocks)].filter((b) => b.kind === 'heading' && b.nested);
    expect(nested.map((b) => b.kind === 'heading' && [b.level, blockText(b)])).toEqual([
      [1, '引文标题'],
      [2, '列表标题'],
      [3, '提示标题'],
    ]);
    const ids = [...walkBlocks(book.blocks)].flatMap((b) => (b.kind === 'heading' ? [b.id] : []));
    expect(new Set(ids).size).toBe(ids.length);
    expect(book.toc.map((e) => e.title)).toEqual(['节', '节']);
    const h1 = nested[0];
    expect(h1 && xhtml(h1)).toBe('<h1 id="引文标题" class="nested">引文标题</h1>');
  });

  it('a level-1 heading at the top level is still refused, with its place', () => {
    let err: unknown;
    try {
      read('段落\n\n# 标题\n');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(CjkpressError);
    expect((err as CjkpressError).rule).toBe('heading-level');
    expect((err as CjkpressError).line).toBe(6);
  });

  it('a nested heading is a link target', () => {
    const d = new Diagnostics();
    const book = read('> ## 里面\n\n见[里面](#里面)。\n', d);
    expect(warnings(d)).toEqual([]);
    const p = book.blocks[1];
    expect(p?.kind === 'paragraph' && p.content.some((n) => n.kind === 'link' && n.href === '#里面')).toBe(true);
  });
});

describe('{#custom-id} after a heading', () => {
  it('sets the id, leaves the text without it, and in-page links to it work', () => {
    const d = new Diagnostics();
    const book = read('## 自定义容器 {#custom-containers}\n\n[见](#custom-containers)\n', d);
    const h = first(book.blocks, 'heading');
    expect([h.id, blockText(h)]).toEqual(['custom-containers', '自定义容器']);
    expect(book.toc[0]).toMatchObject({ id: 'custom-containers', title: '自定义容器' });
    expect(warnings(d)).toEqual([]);
  });

  it('an invalid or duplicate id: a located warning, and an id from the text', () => {
    const d = new Diagnostics();
    const book = read('## 甲 {#1st}\n\n## 乙 {#same}\n\n## 丙 {#same}\n', d);
    expect(warnings(d)).toEqual([
      '4:6 heading id {#1st} is not a valid id (letters, digits, _ . -, not starting with a digit): the heading gets an id from its text [heading-id]',
      '8:6 heading id {#same} is used twice: this heading gets an id from its text [heading-id]',
    ]);
    expect(book.blocks.map((b) => b.kind === 'heading' && b.id)).toEqual(['甲', 'same', '丙']);
  });

  it('a generated id never takes an id a later {#id} asks for', () => {
    const book = read('## intro\n\n## 其他 {#intro}\n');
    expect(book.blocks.map((b) => b.kind === 'heading' && b.id)).toEqual(['intro-1', 'intro']);
  });
});

describe('GitHub alerts', () => {
  it.each(['NOTE', 'tip', 'Important', 'WARNING', 'caution'])('> [!%s] becomes a callout without the marker line', (t) => {
    const book = read(`> [!${t}]\n> 正文一\n> 正文二\n`);
    const c = first(book.blocks, 'callout');
    expect(c.type).toBe(t.toLowerCase());
    expect(c.blocks.map(blockText)).toEqual(['正文一正文二']);
  });

  it('the marker must stand alone on the first line; unknown types stay quotes', () => {
    expect(read('> [!NOTE] 同一行\n').blocks[0]?.kind).toBe('quote');
    expect(read('> [!FOO]\n> 文字\n').blocks[0]?.kind).toBe('quote');
    expect(read('> 文字\n> [!NOTE]\n').blocks[0]?.kind).toBe('quote');
  });

  it('renders as a labelled div in the article language', () => {
    const c = first(read('> [!WARNING]\n> 小心。\n').blocks, 'callout');
    expect(xhtml(c)).toBe('<div class="callout callout-warning" role="note"><p class="callout-title">警告</p><p>小心。</p></div>');
    expect(labelsFor('zh-TW').callout.info).toBe('資訊');
    expect(labelsFor('ja').callout.tip).toBe('ヒント');
  });
});

describe('::: containers', () => {
  it('tip / warning / danger / info / note / details, with an optional title', () => {
    const book = read('::: tip\n提示\n:::\n\n::: warning 小心 *这里*\n警告\n:::\n\n::: details\n详情\n:::\n');
    const cs = book.blocks.filter((b): b is Extract<Block, { kind: 'callout' }> => b.kind === 'callout');
    expect(
      cs.map((c) => [c.type, c.title ? blockText({ kind: 'paragraph', content: c.title, pos: c.pos }) : undefined, c.blocks.map(blockText).join()]),
    ).toEqual([
      ['tip', undefined, '提示'],
      ['warning', '小心 这里', '警告'],
      ['details', undefined, '详情'],
    ]);
    expect(cs[1]?.title?.some((n) => n.kind === 'emph')).toBe(true);
  });

  it('an unknown name keeps its content and its words (a plain box titled with them); nesting (outer fence longer) and an unclosed box work', () => {
    const book = read(':::: 注意事项 别忘了\n内容\n\n::: tip\n里层\n:::\n::::\n\n::: info\n没有结束\n');
    const [plain, info] = book.blocks;
    expect(plain?.kind === 'callout' && plain.type).toBe('plain');
    expect(plain && blockText(plain)).toBe('注意事项 别忘了\n内容\n\n里层');
    expect(info?.kind === 'callout' && info.type).toBe('info');
    expect(info && blockText(info)).toContain('没有结束');
    expect(plain && xhtml(plain)).toMatch(/^<div class="callout callout-plain" role="note"><p class="callout-title">注意事项 别忘了<\/p>/);
  });

  it('a bare ::: line is text', () => {
    expect(blockText(read(':::\n文字\n').blocks[0] as Block)).toBe(':::文字');
  });

  it('model helpers see the title and the body', () => {
    const c = first(read('::: tip [链接](https://example.com)\n正文\n:::\n').blocks, 'callout');
    expect(childBlocks(c).map(blockText)).toEqual(['正文']);
    expect(blockText(c)).toBe('链接\n正文');
    const up = (ns: Inline[]): Inline[] => ns.map((n) => (n.kind === 'text' ? { ...n, text: n.text.toUpperCase() } : n));
    const mapped = mapBlockInlines(c, up);
    expect(mapped.kind === 'callout' && mapped.title?.[0]?.kind).toBe('link');
    expect(blockText(mapBlockInlines({ ...c, title: [{ kind: 'text', text: 'ab' }] }, up))).toBe('AB\n正文');
  });
});

describe('math', () => {
  it('$…$ is inline math kept as TeX; prices, spaced dollars and escapes stay text', () => {
    const p = read('公式 $E = mc^2$，价格 $5 and $10。\n').blocks[0];
    expect(p?.kind === 'paragraph' && p.content).toEqual([
      { kind: 'text', text: '公式 ' },
      { kind: 'math', tex: 'E = mc^2' },
      { kind: 'text', text: '，价格 $5 and $10。' },
    ]);
    // escaped opening, space after the opening / before the closing, digit after the closing: no math
    for (const text of ['\\$x$ 元', '$ y $', '$y $', '$3$4', '$20,000 and $30,000']) {
      const b = read(`${text}\n`).blocks[0];
      expect(b?.kind === 'paragraph' && b.content.every((n) => n.kind === 'text'), text).toBe(true);
    }
  });

  it('$$…$$ and ```math are code blocks with lang math; one warning per file, at the first math', () => {
    const d = new Diagnostics();
    const book = read('文字\n\n$$\n\\int_0^1 x\\,dx\n$$\n\n$$ a^2 $$\n\n```math\nb\n```\n\n又 $c$。\n', d);
    expect(book.blocks.filter((b) => b.kind === 'code').map((b) => b.kind === 'code' && [b.lang, b.text])).toEqual([
      ['math', '\\int_0^1 x\\,dx'],
      ['math', 'a^2'],
      ['math', 'b'],
    ]);
    expect(warnings(d)).toEqual(['6:1 math is shown as TeX source, not typeset [math]']);
  });

  it('a $$ line without a closing one is a paragraph', () => {
    expect(read('$$\n文字\n').blocks.map((b) => b.kind)).toEqual(['paragraph']);
  });

  it('inline math renders as code in the EPUB', () => {
    expect(xhtml(read('$x<y$\n').blocks[0] as Block)).toBe('<p><code class="math">x&lt;y</code></p>');
  });
});

describe('GFM task lists', () => {
  it("[ ] and [x] become the items' states, the text stays; the EPUB shows □ / ▣", () => {
    const list = first(read('- [ ] 待办\n- [x] 完成\n- [X] 也完成\n- 普通\n').blocks, 'list');
    expect(list.tasks).toEqual([false, true, true, null]);
    expect(list.items.map((i) => i.map(blockText).join())).toEqual(['待办', '完成', '也完成', '普通']);
    expect(xhtml(list)).toBe(
      '<ul class="tasks"><li class="task"><span class="task-box">□ </span>待办</li><li class="task"><span class="task-box done">▣ </span>完成</li><li class="task"><span class="task-box done">▣ </span>也完成</li><li>普通</li></ul>',
    );
  });

  it('a list without boxes has no tasks; [y] is text', () => {
    const list = first(read('- [y] 不是\n- [ ]没有空格\n').blocks, 'list');
    expect(list.tasks).toBeUndefined();
  });
});
