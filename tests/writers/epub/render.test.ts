/** The XHTML renderer and the writer on small synthetic books: escaping, splitting, inline markup. */
import { describe, expect, it } from 'vitest';
import { defaultFonts } from '../../../src/fonts/resolve.ts';
import type { Block, Book, Inline } from '../../../src/model.ts';
import { writeEpub } from '../../../src/writers/epub/index.ts';
import { labelsFor } from '../../../src/labels.ts';
import { decodeCharRefs } from '../../../src/writers/epub/package.ts';
import { renderBook, splitChapters } from '../../../src/writers/epub/render.ts';
import { collectGlyphs, emptyGlyphs, h, serialize } from '../../../src/writers/epub/xhtml.ts';
import { elements, openEpub, openFont, parseXml, root } from './helpers.ts';

const pos = { file: 'test.md', line: 1 };
const p = (...content: Inline[]): Block => ({ kind: 'paragraph', content, pos });
const t = (text: string): Inline => ({ kind: 'text', text });
const hd = (level: number, id: string, text: string): Block => ({ kind: 'heading', level, id, content: [t(text)], pos });

function book(blocks: Block[], extra: Partial<Book['meta']> = {}): Book {
  const toc: Book['toc'] = [];
  for (const b of blocks) {
    if (b.kind !== 'heading') continue;
    const e = { id: b.id, title: b.content.map((c) => (c.kind === 'text' ? c.text : '')).join(''), level: b.level, children: [] };
    if (b.level === 2) toc.push(e);
    else toc.at(-1)?.children.push(e);
  }
  return {
    file: 'test.md',
    meta: { title: '测试 & <标题>', lang: 'zh-CN', slug: 'test', sources: [], ...extra },
    blocks,
    toc,
    appendix: [],
  };
}

describe('XHTML serialiser', () => {
  it('escapes & < > " and keeps CJK as characters', () => {
    expect(serialize(h('p', { title: 'a "b" & <c>' }, '中文 & <b> "q" \'s'))).toBe(
      '<p title="a &quot;b&quot; &amp; &lt;c&gt;">中文 &amp; &lt;b&gt; &quot;q&quot; \'s</p>',
    );
  });

  it('drops characters XML forbids (controls, lone surrogates) and keeps astral characters', () => {
    expect(serialize(h('p', {}, 'a\u0001b\u000Bc\uD800d\uFFFEe𠀀'))).toBe('<p>abcde𠀀</p>');
  });

  it('writes void elements self-closed and puts block children on their own lines', () => {
    expect(serialize(h('section', {}, h('p', {}, 'x', h('br'), 'y'), h('p', {}, 'z')))).toBe('<section>\n<p>x<br/>y</p>\n<p>z</p>\n</section>');
  });

  it('records glyphs per face: headings and strong bold, emphasis in both, list markers', () => {
    const g = emptyGlyphs();
    collectGlyphs(
      h(
        'section',
        {},
        h('h2', {}, '标题'),
        h('p', {}, '正文', h('strong', {}, '强'), h('em', {}, '着')),
        h('ol', {}, h('li', {}, '甲'), h('li', { hidden: '' }, '乙')),
      ),
      g,
    );
    expect([...g.bold].sort()).toEqual([...'强标题着'].sort());
    expect([...g.regular].sort()).toEqual([...'正文着甲12.'].sort());
  });
});

describe("decodeCharRefs (undoing epub-gen-memory's serialiser)", () => {
  it('turns numeric references back into characters but keeps markup-significant ones', () => {
    expect(decodeCharRefs('&#x4E2D;&#25991; &amp; &#x26; &#x3C; &#60; &#x1F600; &#x1;')).toBe('中文 &amp; &#x26; &#x3C; &#60; 😀 &#x1;');
  });
  it('leaves an escaped literal "&#x4E2D;" in the text alone', () => {
    expect(decodeCharRefs('&amp;#x4E2D;')).toBe('&amp;#x4E2D;');
  });
});

describe('chapters', () => {
  it('splits at every h2; text before the first h2 goes into the first chapter', () => {
    const blocks = [p(t('前言')), hd(2, 'a', '甲'), p(t('一')), hd(3, 'a1', '甲一'), hd(2, 'b', '乙'), p(t('二'))];
    expect(splitChapters(blocks).map((c) => c.length)).toEqual([4, 2]);
  });
  it('makes one chapter of a text without h2, and links the nav to it', () => {
    const r = renderBook(book([p(t('只有一段'))]), labelsFor('zh-CN'));
    expect(r.chapters.map((c) => c.filename)).toEqual(['chapter-01.xhtml']);
    expect(r.nav.map((e) => e.href)).toEqual(['title.xhtml']);
  });
  it('rewrites in-book #id links to the file holding the heading', () => {
    const b = book([p({ kind: 'link', href: '#b', children: [t('见乙')] }), hd(2, 'a', '甲'), hd(2, 'b', '乙')]);
    const r = renderBook(b, labelsFor('zh-CN'));
    const first = r.chapters[0]?.body.map(serialize).join('') ?? '';
    expect(first).toContain('<a href="chapter-02.xhtml#b">见乙</a>');
  });
});

describe('writeEpub on a synthetic book with markup and special characters', () => {
  const b = book(
    [
      p(
        t('前言 a & b <c> "d"'),
        { kind: 'break' },
        { kind: 'strong', children: [t('粗体')] },
        { kind: 'emph', children: [t('着重')] },
        { kind: 'code', text: 'x<y' },
      ),
      hd(2, '甲-章', '甲 & 章'),
      p({ kind: 'link', href: 'https://example.org/?a=1&b=2', children: [t('链接')] }, t('\u0007控制字符')),
      hd(3, '甲一', '甲一'),
      hd(2, '乙', '乙'),
    ],
    { author: '作者 "某"', column: '专栏', reading: { chars: 12, minutes: 1 } },
  );
  b.appendix = [{ title: '来源 & 出处', url: 'http://example.com/a?b=1&c=2' }];

  it('produces well-formed documents that keep the text and the links', async () => {
    const epub = await openEpub(await writeEpub(b, { fonts: defaultFonts('zh-CN'), date: new Date(0) }));
    const names = epub.files.filter((f) => /\.(xhtml|opf|ncx)$/.test(f));
    const docs = new Map<string, string>();
    for (const n of names) {
      const text = await epub.text(n);
      parseXml(text, n);
      docs.set(n, text);
    }
    const ch1 = parseXml(docs.get('OEBPS/chapter-01.xhtml') ?? '', 'ch1');
    expect(root(ch1).textContent).toContain('前言 a & b <c> "d"');
    expect(elements(ch1, 'br')).toHaveLength(1);
    expect(elements(ch1, 'strong').map((e) => e.textContent)).toEqual(['粗体']);
    expect(elements(ch1, 'em').map((e) => e.textContent)).toEqual(['着重']);
    expect(elements(ch1, 'code').map((e) => e.textContent)).toEqual(['x<y']);
    expect(elements(ch1, 'h2').map((e) => e.getAttribute('id'))).toEqual(['甲-章']);
    // the first chapter runs up to the second h2
    expect(elements(ch1, 'a').map((a) => a.getAttribute('href'))).toEqual(['https://example.org/?a=1&b=2']);
    expect(root(ch1).textContent).toContain('链接控制字符');
    expect(elements(ch1, 'h3').map((e) => e.textContent)).toEqual(['甲一']);
    const ch2 = parseXml(docs.get('OEBPS/chapter-02.xhtml') ?? '', 'ch2');
    expect(elements(ch2, 'h2').map((e) => e.textContent)).toEqual(['乙']);
    const opf = docs.get('OEBPS/content.opf') ?? '';
    expect(opf).toContain('<dc:creator id="creator">作者 &#34;某&#34;</dc:creator>');
    expect(opf).toContain('<dc:title>测试 &amp; &lt;标题&gt;</dc:title>');
    const nav = docs.get('OEBPS/toc.xhtml') ?? '';
    expect(nav).toContain('<a href="chapter-01.xhtml#甲-章">甲 &amp; 章</a>');
    expect(nav).toContain('<a href="sources.xhtml#sources">参考来源</a>');
    // emphasis may render bold (fallback): the bold subset has it too
    const bold = openFont(await epub.bytes('OEBPS/fonts/NotoSerifSC-Bold.ttf'));
    for (const ch of '着重粗体甲章乙') expect(bold.hasGlyphForCodePoint(ch.codePointAt(0) ?? 0), ch).toBe(true);
  });

  it('uses the language of the front matter, never a hard-coded en', async () => {
    const en = { ...b, meta: { ...b.meta, lang: 'en-GB' } };
    const epub = await openEpub(await writeEpub(en, { fonts: defaultFonts('zh-CN'), date: new Date(0) }));
    for (const f of epub.files.filter((n) => /\.(xhtml|opf|ncx)$/.test(n))) {
      const text = await epub.text(f);
      expect(text, f).toContain('en-GB');
      expect(text, f).not.toMatch(/lang="en"/);
    }
  });
});
