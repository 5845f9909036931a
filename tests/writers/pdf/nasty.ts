/**
 * Documents that try to push text and graphics off the text block: 3,000-character URLs in every place
 * text goes, unbroken tokens, wide tables, deep lists, long code lines. Shared by the bounds test and
 * the write-up's inspect-pdf run (tests/writers/pdf/bounds.test.ts).
 */

/** A URL of about `n` characters with the usual break points (/ ? & = . - _ ~ #). */
export function longUrl(n: number, seed = 'a'): string {
  let u = `https://example.com/${seed}/`;
  let k = 0;
  while (u.length < n - 40) u += ['segment-', 'path_', 'dir.', 'v~', 'item'][k % 5] + String(k++) + '/';
  return `${u}index.html?q=${'x'.repeat(8)}&lang=zh-CN&page=2#section-${seed}`;
}

/** `n` letters with no break opportunity at all. */
export const token = (n: number, ch = 'abcdefghij'): string => ch.repeat(Math.ceil(n / ch.length)).slice(0, n);

const hash = '9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08'.repeat(5);

export function nastyArticle(): string {
  const u = (s: string): string => longUrl(3000, s);
  const deep = Array.from({ length: 12 }, (_, d) => `${'  '.repeat(d * 2)}- 第${d + 1}层：${token(60, 'nested')} 以及链接 ${u(`l${d}`).slice(0, 200)}`).join(
    '\n',
  );
  const cols = 12;
  const words = ['internationalization', 'characteristically', 'counterrevolutionary', 'incomprehensibilities'];
  const row = (r: number): string => `| ${Array.from({ length: cols }, (_, c) => `${words[(r + c) % words.length]}${c}`).join(' | ')} |`;
  return `---
title: 越界测试：${token(120, 'title')}
lang: zh-CN
sources:
  - title: 前置来源 ${token(200, 'source')}
    url: ${u('fm')}
---

正文里的长链接：[${u('text')}](${u('text')})，以及裸露的 ${u('bare')} 和一个哈希值 ${hash}。

一个 500 字符的拉丁词：${token(500)}，后面跟着中文。

## 标题中的链接 ${u('head').slice(0, 400)}

| 名称 | 链接 |
|---|---|
| 表格中的链接 | [${u('cell')}](${u('cell')}) |
| 长词 | ${token(300, 'cellword')} |

${row(-1)}
|${' --- |'.repeat(cols)}
${row(0)}
${row(1)}

- 列表项中的链接：${u('item')}
- 第二项 ${token(400, 'listtoken')}

${deep}

正文引用脚注[^1]。

[^1]: 脚注中的链接：${u('note')}，和 ${token(300, 'footnote')}。

> 引文中的链接 ${u('quote')}

\`\`\`sh
curl -fsSL "${u('code')}" | sh -s -- --prefix=/usr/local/${token(300, 'dir')}
\`\`\`

行内代码：\`${u('icode').slice(0, 600)}\`、\`${token(300, 'x')}\`。
`;
}
