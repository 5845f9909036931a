/**
 * `cjkpress import page.html` on saved pages written for these tests (tests/fixtures/import/html/): a GBK news page
 * declared gb2312 with nav, share bar, comments, related list and footer; a UTF-8 blog with its `_files` folder;
 * a Shift_JIS Japanese page with ruby; a page whose title is only in `<title>`; a page with no article.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hasCommand } from '../helpers/commands.ts';
import { type Inline, inlineText, ownInlines, walkBlocks } from '../../src/model.ts';
import { parseArticle } from '../../src/reader/index.ts';
import { run } from '../../src/cli.ts';
import { CjkpressError } from '../../src/diagnostics.ts';
import { importHtml } from '../../src/import/html/index.ts';
import { stripSiteSuffix } from '../../src/import/html/meta.ts';
import { importArticle, isHtml } from '../../src/import/index.ts';
import { networkCallsDuring } from '../helpers/network.ts';

const DIR = 'tests/fixtures/import/html';
const load = (name: string) => {
  const file = `${DIR}/${name}`;
  return importHtml(readFileSync(file), { file });
};
const frontMatter = (md: string) => md.slice(0, md.indexOf('\n---\n') + 5);
const body = (md: string) => md.slice(md.indexOf('\n---\n') + 5);
const headings = (md: string) =>
  body(md)
    .split('\n')
    .filter((l) => /^#{1,6} /.test(l));

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

describe('import html: a GBK news page declared gb2312', () => {
  const r = load('news-gbk.html');
  it('is really GBK bytes, not UTF-8', () => {
    expect(() => new TextDecoder('utf-8', { fatal: true }).decode(readFileSync(`${DIR}/news-gbk.html`))).toThrow();
  });
  it('front matter: title without the _新闻中心_网易 suffix, author, site as origin, canonical URL as the source', () => {
    expect(frontMatter(r.markdown)).toBe(
      [
        '---',
        'title: 老城区改造：让百年老街焕发新生',
        'lang: zh-CN',
        'reading:',
        '  chars: 571',
        '  minutes: 2',
        'author: 记者 王小明',
        'origin: 网易',
        'sources:',
        '  - title: 老城区改造：让百年老街焕发新生',
        '    url: https://news.example.com.cn/23/0912/08/HG1234.html',
        '---\n',
      ].join('\n'),
    );
    expect(r.warnings).toEqual([]);
  });
  it('the section headings, in order, as ## (the page used h3)', () => {
    expect(headings(r.markdown)).toEqual(['## 修旧如旧，保留城市记忆', '## 老字号回归，烟火气更浓', '## 下一步：打造文化旅游街区']);
  });
  it('no boilerplate: navigation, breadcrumb, ad, share bar, editor line, related list, comments, hot list, footer, script', () => {
    for (const s of [
      '首页',
      '当前位置',
      '广告',
      '分享到',
      '新浪微博',
      '责任编辑',
      '相关新闻',
      '全市老旧小区改造',
      '网友评论',
      '终于修好了',
      '热门排行',
      '某明星',
      '版权所有',
      'Copyright',
      '_hmt',
      'document.write',
      '来源',
    ])
      expect(body(r.markdown)).not.toContain(s);
  });
  it('the page wrote ASCII commas inside Chinese text: they become full width; the text is otherwise kept', () => {
    expect(body(r.markdown)).toContain('经过一年多的修缮，位于老城区中心的百年老街近日正式重新开放。');
    expect(body(r.markdown)).not.toMatch(/[\p{Script=Han}][,:]/u);
    const keep = importHtml(readFileSync(`${DIR}/news-gbk.html`), { file: 'n.html', keepPunctuation: true });
    expect(keep.markdown.normalize('NFKC')).toBe(r.markdown.normalize('NFKC'));
    expect(body(keep.markdown)).toContain('经过一年多的修缮,位于');
  });
});

describe('import html: a UTF-8 blog page saved with its _files folder', () => {
  const r = load('blog.html');
  const md = body(r.markdown);
  it('title from og:title without " | site", author, origin, canonical source', () => {
    expect(frontMatter(r.markdown)).toContain('title: 用 Node.js 写一个命令行工具：从零到发布\n');
    expect(frontMatter(r.markdown)).toContain('author: 阿青\norigin: 阿青的技术笔记\n');
    expect(frontMatter(r.markdown)).toContain('  - title: 用 Node.js 写一个命令行工具：从零到发布\n    url: https://blog.aqing.dev/posts/node-cli/\n');
  });
  it('h2/h3 become ##/###, in order; the h1 (the title) is dropped', () => {
    expect(headings(r.markdown)).toEqual(['## 准备工作', '### 初始化项目', '### 解析参数', '## 几个常用库的比较', '## 发布到 npm']);
  });
  it('lists, table, code with its language, quote, emphasis', () => {
    expect(md).toContain('- Node.js 20 或更高版本；\n- 一个顺手的编辑器，比如 VS Code；\n');
    expect(md).toContain('1. 登录：`npm login`；\n2. 检查要发布的文件：`npm pack --dry-run`；\n3. 发布：`npm publish`。');
    expect(md).toContain('| 库 | 周下载量 | 特点 |\n| --- | --- | --- |\n| commander | 约 1 亿 | 老牌，文档全 |');
    expect(md).toContain(
      "```js\nimport { Command } from 'commander';\nconst program = new Command();\nprogram.option('-n, --name <name>', '你的名字', '世界');",
    );
    expect(md).toContain('```json\n{\n  "name": "hello-cli",');
    expect(md).toContain('> 小提示：包名一旦发布就不能再用了');
    expect(md).toContain('**commander**');
  });
  it('links kept; the relative one resolved against the canonical URL', () => {
    expect(md).toContain('[上一篇关于安装环境的文章](https://blog.aqing.dev/posts/install-node/)');
    expect(md).toContain('[官网](https://nodejs.org/zh-cn/)');
  });
  it('images in blog_files are copied as blog.assets/ (lazy data-src too, names made safe); the remote one stays remote', () => {
    expect(md).toContain('![项目结构示意图](blog.assets/chart.png)\n\n图1：一个典型的命令行项目结构');
    expect(md).toContain('![窗外的树](blog.assets/tree-photo.jpg)');
    expect(md).toContain('![npm 发布成功的截图](https://img.aqing.dev/2024/npm-publish.png)');
    expect(r.assets?.map((a) => a.path)).toEqual(['blog.assets/chart.png', 'blog.assets/tree-photo.jpg']);
    expect(Buffer.from(r.assets![1]!.bytes).equals(readFileSync(`${DIR}/blog_files/tree photo.jpg`))).toBe(true);
  });
  it('no boilerplate or script: nav, share bar, sidebar, comments, footer', () => {
    for (const s of ['归档', '关于我', '分享到', '微博', '热门文章', '年终总结', '评论', '收藏了', '版权所有', 'ICP', 'dataLayer', 'font-family', '阅读约'])
      expect(md).not.toContain(s);
  });
});

describe('import html: a Shift_JIS Japanese page with ruby', () => {
  const r = load('japanese-sjis.html');
  it('decoded from the declared Shift_JIS; lang ja from <html lang>; title without the site', () => {
    expect(frontMatter(r.markdown)).toMatch(/^---\ntitle: 京都の路地を歩く ― 町家と暮らしの記憶\nlang: ja\n/);
    expect(frontMatter(r.markdown)).toContain(
      'origin: 旅と文化\nsources:\n  - title: 京都の路地を歩く ― 町家と暮らしの記憶\n    url: https://tabi-bunka.example.jp/kyoto/roji.html\n',
    );
  });
  it('ruby as <ruby>…<rt>…</rt></ruby> without <rp>, which build reads as ruby (issue 14)', () => {
    expect(body(r.markdown)).toContain('静かな<ruby>路地<rt>ろじ</rt></ruby>に出会う');
    expect(body(r.markdown)).toContain('<ruby>坪庭<rt>つぼにわ</rt></ruby>');
    expect(body(r.markdown)).not.toContain('<rp>');
    const article = parseArticle(r.markdown, 'page.md');
    const found: string[] = [];
    const walk = (nodes: readonly Inline[]): void => {
      for (const n of nodes) {
        if (n.kind === 'ruby') found.push(`${inlineText(n.children)}:${n.rt.join('|')}`);
        else if ('children' in n) walk(n.children);
      }
    };
    for (const b of walkBlocks(article.blocks)) for (const c of ownInlines(b)) walk(c);
    expect(found).toContain('路地:ろじ');
    expect(found).toContain('坪庭:つぼにわ');
    for (const b of walkBlocks(article.blocks)) for (const c of ownInlines(b)) expect(inlineText(c)).not.toMatch(/<\/?r(?:uby|t)/);
  });
  it('headings in order, boilerplate gone', () => {
    expect(headings(r.markdown)).toEqual(['## 町家の暮らし', '## 路地の名前']);
    for (const s of ['シェア', '関連記事', '祇園の夜', 'Copyright', 'お問い合わせ']) expect(body(r.markdown)).not.toContain(s);
  });
});

describe('import html: title only in <title>, no canonical URL', () => {
  const r = load('title-only.html');
  it('title without " - 新浪新闻", which becomes the origin; sources empty', () => {
    expect(frontMatter(r.markdown)).toBe(
      '---\ntitle: 社区食堂开进老小区，老人吃饭不再难\nlang: zh-CN\nreading:\n  chars: 302\n  minutes: 1\norigin: 新浪新闻\nsources: []\n---\n',
    );
    expect(body(r.markdown)).not.toMatch(/新浪首页|登录|版权所有/);
    expect(body(r.markdown).split('\n\n')).toHaveLength(4);
  });
  it('site suffixes', () => {
    expect(stripSiteSuffix('荆门网络危机处理 - 新浪新闻')).toEqual({ title: '荆门网络危机处理', site: '新浪新闻' });
    expect(stripSiteSuffix('老城区改造：让百年老街焕发新生_新闻中心_网易')).toEqual({ title: '老城区改造：让百年老街焕发新生', site: '网易' });
    expect(stripSiteSuffix('一篇文章的标题｜某某周刊')).toEqual({ title: '一篇文章的标题', site: '某某周刊' });
    // a title with a spaced dash inside and a long second part is not cut
    expect(stripSiteSuffix('哈利·波特与魔法石')).toEqual({ title: '哈利·波特与魔法石' });
    expect(stripSiteSuffix('短 - 这是一个很长很长的文章标题的后半部分')).toEqual({ title: '短 - 这是一个很长很长的文章标题的后半部分' });
  });
});

describe('import html: a single-file MHTML save (quoted-printable page, base64 image)', () => {
  const r = load('canteen.mhtml');
  it('the page part: title, source from its Content-Location', () => {
    expect(frontMatter(r.markdown)).toContain('title: 社区食堂开进老小区，老人吃饭不再难\n');
    expect(frontMatter(r.markdown)).toContain('  - title: 社区食堂开进老小区，老人吃饭不再难\n    url: https://news.sina.example/life/2023/canteen.html\n');
  });
  it('an image saved in the file is extracted as an asset; one that is not stays remote', () => {
    expect(body(r.markdown)).toContain('![社区食堂里就餐的老人](canteen.assets/canteen.png)\n\n![未保存的图片](https://n.sinaimg.example/not-saved.jpg)');
    expect(r.assets?.map((a) => a.path)).toEqual(['canteen.assets/canteen.png']);
    expect(Buffer.from(r.assets![0]!.bytes).equals(readFileSync(`${DIR}/blog_files/chart.png`))).toBe(true);
  });
});

describe('import html: errors and detection', () => {
  it('a page in which Readability finds no article: CjkpressError [no-article]', () => {
    expect(() => load('no-article.html')).toThrow(CjkpressError);
    try {
      load('no-article.html');
    } catch (e) {
      expect((e as CjkpressError).format()).toBe(`${DIR}/no-article.html: error: no article found in this page (Readability found no main text) [no-article]`);
    }
  });
  it('HTML is recognised by name or by its markup; text is not', () => {
    expect(isHtml(new TextEncoder().encode('正文'), 'a.html')).toBe(true);
    expect(isHtml(new TextEncoder().encode('\ufeff  <!DOCTYPE html><html><body>x'), 'saved')).toBe(true);
    expect(isHtml(new TextEncoder().encode('<html lang="zh">\n<head>'), 'x.txt')).toBe(true);
    expect(isHtml(new TextEncoder().encode('标题\n正文里提到 <html> 标签。'), 'x.txt')).toBe(false);
    expect(isHtml(readFileSync(`${DIR}/canteen.mhtml`), 'saved')).toBe(true);
  });
  it('importArticle sends text to the clipping importer and HTML to the page importer', async () => {
    const text = await importArticle(new TextEncoder().encode('标题\n\n正文第一段。'), { file: 't.txt' });
    expect(text.markdown).toContain('title: 标题\n');
    const html = await importArticle(readFileSync(`${DIR}/title-only.html`), { file: 'page' });
    expect(html.markdown).toContain('title: 社区食堂开进老小区，老人吃饭不再难\n');
  });
  it('the CLI: no-article page, binary file, binary file named .html → one line `file: error: … [rule]`, exit 1', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-html-'));
    const png = readFileSync('tests/fixtures/constructs/chart.png');
    writeFileSync(join(dir, 'photo.png'), png);
    writeFileSync(join(dir, 'page.html'), png);
    for (const [file, rule] of [
      [`${DIR}/no-article.html`, 'no-article'],
      [join(dir, 'photo.png'), 'binary-input'],
      [join(dir, 'page.html'), 'binary-input'],
    ] as const) {
      const c = capture();
      expect(await run(['import', file, '-o', join(dir, 'out.md')], c.io)).toBe(1);
      expect(c.err).toHaveLength(1);
      expect(c.err[0]).toMatch(new RegExp(`^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: error: .* \\[${rule}\\]$`));
    }
    expect(existsSync(join(dir, 'out.md'))).toBe(false);
  });
  it('the HTML importer is loaded lazily: no static import of it, linkedom or Readability outside src/import/html/', () => {
    for (const f of ['src/import/index.ts', 'src/cli.ts']) {
      const src = readFileSync(f, 'utf8');
      expect(src).not.toMatch(/^import .*(?:\/html\/|linkedom|readability)/m);
    }
    const owners = execFileSync('grep', ['-rlE', "from '(linkedom|@mozilla/readability)'", 'src'], { encoding: 'utf8' }).trim().split('\n').sort();
    expect(owners).toEqual(['src/import/html/dom.ts', 'src/import/html/readability.ts']);
  });
  it('lang: the page\'s lang="en" over Chinese text gives way to the text, with a warning; --lang wins', () => {
    const html = new TextEncoder().encode(readFileSync(`${DIR}/title-only.html`, 'utf8').replace('<html>', '<html lang="en">'));
    const r = importHtml(html, { file: 'p.html' });
    expect(r.markdown).toContain('\nlang: zh-CN\n');
    expect(r.warnings).toEqual(['p.html: warning: the page says lang="en" but its text is zh-CN; using zh-CN (--lang to choose) [lang]']);
    expect(importHtml(html, { file: 'p.html', lang: 'zh-TW' }).markdown).toContain('\nlang: zh-TW\n');
    expect(() => importHtml(html, { file: 'p.html', lang: 'zh CN' })).toThrow(/invalid language tag/);
  });
  it('is deterministic', () => {
    expect(load('blog.html').markdown).toBe(load('blog.html').markdown);
  });
});

describe('import html → build: the imported pages build into an EPUB and a PDF, offline', () => {
  it.each(['blog.html', 'news-gbk.html', 'japanese-sjis.html', 'canteen.mhtml'])(
    '%s',
    async (name) => {
      const dir = mkdtempSync(join(tmpdir(), 'cjkpress-html-build-'));
      const md = join(dir, 'content', 'page.md');
      const c = capture();
      const calls = await networkCallsDuring(async () => {
        expect(await run(['import', `${DIR}/${name}`, '-o', md], c.io), c.err.join('\n')).toBe(0);
        expect(await run(['build', md, '--out', join(dir, 'dist')], c.io), c.err.join('\n')).toBe(0);
      });
      expect(calls).toEqual([]);
      expect(readdirSync(join(dir, 'dist')).sort()).toEqual(['page.epub', 'page.pdf']);
      if (name === 'blog.html') {
        expect(readdirSync(join(dir, 'content', 'page.assets')).sort()).toEqual(['chart.png', 'tree-photo.jpg']);
        expect(c.out[0]).toBe(`wrote ${md} and 2 image(s) in ${join(dir, 'content', 'page.assets')}`);
        // the one remote image is a placeholder with a warning, nothing else is wrong
        expect(c.err.filter((l) => l.includes('warning')).every((l) => /img\.aqing\.dev|remote/.test(l))).toBe(true);
      }
      if (hasJava()) {
        const report = execFileSync('java', ['-jar', '/usr/share/java/epubcheck.jar', join(dir, 'dist', 'page.epub')], {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        expect(report).toMatch(/0 fatals \/ 0 errors/);
      }
      const pdf = readFileSync(join(dir, 'dist', 'page.pdf'));
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    },
    120_000,
  );
});

const hasJava = (): boolean => hasCommand('java');
