import { describe, expect, it } from 'vitest';
import { parseHtml } from '../../src/import/html/dom.ts';
import { type ConvertOptions, toMarkdown } from '../../src/import/html/markdown.ts';
import { cleanPunctuation } from '../../src/import/punctuation.ts';

function md(html: string, opts: Partial<ConvertOptions> = {}): string {
  const doc = parseHtml(`<html><body><div id="c">${html}</div></body></html>`);
  const content = doc.querySelector('#c')!;
  return toMarkdown(content, { punctuation: (s) => s, image: (img) => img.getAttribute('src') ?? undefined, ...opts }).markdown;
}

describe('html → Markdown', () => {
  it('heading levels are ranked: h3/h4 become ##/###; the title heading is dropped', () => {
    expect(md('<h2>标题</h2><p>甲。</p><h3>一节</h3><p>乙。</p><h4>小节</h4><p>丙。</p>', { titles: ['标题'] })).toBe(
      '## 一节\n\n乙。\n\n### 小节\n\n丙。'.replace(/^/, '甲。\n\n'),
    );
    expect(md('<h3>一</h3><p>甲。</p><h5>二</h5><p>乙。</p>')).toBe('## 一\n\n甲。\n\n### 二\n\n乙。');
  });
  it('a line break in the source between CJK characters joins them; between Latin words it is a space', () => {
    expect(md('<p>第一行\n  第二行 and\nmore</p>')).toBe('第一行第二行 and more');
  });
  it('scripts, styles, forms and iframes never survive', () => {
    expect(
      md(
        '<p>正文<script>alert("x")</script><style>p{}</style></p><iframe src="x"></iframe><form><input value="搜索"><button>提交</button></form><noscript>请启用</noscript>',
      ),
    ).toBe('正文');
  });
  it('Markdown syntax in text is escaped; a paragraph starting with # or 1. is not a heading or list', () => {
    expect(md('<p># 不是标题</p><p>1. 不是列表</p><p>a*b*c [x] `y` &lt;div&gt;</p>')).toBe(
      '\\# 不是标题\n\n1\\. 不是列表\n\na\\*b\\*c \\[x\\] \\`y\\` \\<div>',
    );
  });
  it('nested lists, ordered start, blockquote with two paragraphs, br', () => {
    expect(md('<ol start="3"><li>三<ul><li>甲</li><li>乙</li></ul></li><li>四</li></ol>')).toBe('3. 三\n\n   - 甲\n   - 乙\n4. 四');
    expect(md('<blockquote><p>一段。</p><p>二段。</p></blockquote>')).toBe('> 一段。\n>\n> 二段。');
    expect(md('<p>床前明月光<br>疑是地上霜</p>')).toBe('床前明月光\\\n疑是地上霜');
  });
  it('links: http(s) and mailto kept, relative resolved against the base, javascript: and anchors become text', () => {
    const base = 'https://example.com/a/b.html';
    expect(
      md('<p><a href="../c.html">相对</a> <a href="javascript:void(0)">脚本</a> <a href="#top">顶部</a> <a href="mailto:x@y.cn">信</a></p>', { base }),
    ).toBe('[相对](https://example.com/c.html) 脚本 顶部 [信](mailto:x@y.cn)');
    expect(md('<p><a href="c.html">无基址</a></p>')).toBe('无基址');
  });
  it('footnote references to notes inside the article become [^n] with definitions at the end', () => {
    const html =
      '<p>正文一<sup><a href="#fn1" id="r1">[1]</a></sup>，正文二<sup><a href="#fn2">[2]</a></sup>。</p><h3>注释</h3><ol class="notes"><li id="fn1">见《史记》。<a href="#r1">↩</a></li><li id="fn2">同上。</li></ol>';
    expect(md(html)).toBe('正文一[^1]，正文二[^2]。\n\n## 注释\n\n[^1]: 见《史记》。\n\n[^2]: 同上。');
  });
  it('code: inline with backticks inside, block fenced longer than its content, language from the class', () => {
    expect(md('<p><code>a`b</code></p>')).toBe('``a`b``');
    expect(md('<pre class="lang-python"><code>print("```")\n</code></pre>')).toBe('````python\nprint("```")\n````');
  });
  it('tables: header row, ragged rows padded, pipes escaped', () => {
    expect(md('<table><tr><th>甲</th><th>乙</th></tr><tr><td>a|b</td></tr></table>')).toBe('| 甲 | 乙 |\n| --- | --- |\n| a\\|b |  |');
  });
  it('ruby as raw HTML; punctuation clean-up applies to text, not to code or URLs', () => {
    expect(md('<p><ruby>漢<rp>(</rp><rt>かん</rt><rp>)</rp>字<rt>じ</rt></ruby></p>')).toBe('<ruby>漢<rt>かん</rt>字<rt>じ</rt></ruby>');
    expect(md('<p>中文,逗号 <code>f(a,b)</code> <a href="https://x.cn/?a=1,2">链接,文字</a></p>', { punctuation: cleanPunctuation })).toBe(
      '中文，逗号 `f(a,b)` [链接，文字](https://x.cn/?a=1,2)',
    );
  });
  it('images through the hook; dropped when it returns undefined; figure caption after the image', () => {
    expect(
      md('<figure><img src="a.png" alt="图"><figcaption>说明</figcaption></figure><p><img src="drop.png"></p>', {
        image: (i) => (i.getAttribute('src') === 'a.png' ? 'x/a.png' : undefined),
      }),
    ).toBe('![图](x/a.png)\n\n说明');
  });
});
