/**
 * The same book for Typst (typst.ts, the npm build of the Typst compiler): markup written from our
 * document model — title, contents, headings, paragraphs, lists, quotes, code — set like our PDF (A4,
 * Noto Serif SC 10.5 pt, justified, 2 em first-line indent), so both tools typeset the same text in the
 * same font. The compiler runs in its own process (run-typst.mjs), timed like ours.
 */
import { type Block, type Book, type Inline, inlineText } from '../src/model.ts';

const esc = (s: string): string => s.replace(/[\\#$*_`<>@[\]~"/=+-]/g, (c) => `\\${c}`);

function inline(xs: readonly Inline[]): string {
  return xs
    .map((x) => {
      switch (x.kind) {
        case 'text':
          return esc(x.text);
        case 'strong':
          return `#strong[${inline(x.children)}]`;
        case 'emph':
          return `#emph[${inline(x.children)}]`;
        case 'link':
          return `#link(${JSON.stringify(x.href)})[${inline(x.children)}]`;
        case 'break':
          return ' \\\n';
        default:
          return esc(inlineText([x]));
      }
    })
    .join('');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading':
      return `${'='.repeat(Math.max(1, b.level - 1))} ${inline(b.content)}`;
    case 'paragraph':
      return inline(b.content);
    case 'list':
      return b.items.map((item) => `${b.ordered ? '+' : '-'} ${item.map(block).join(' ')}`).join('\n');
    case 'quote':
      return `#quote(block: true)[${b.blocks.map(block).join('\n\n')}]`;
    case 'code':
      return `#raw(${JSON.stringify(b.text)}, block: true)`;
    default:
      return '';
  }
}

export function toTypst(book: Book): string {
  return [
    '#set page(paper: "a4", margin: (x: 2.2cm, y: 2.5cm), numbering: "1")',
    '#set text(font: "Noto Serif SC", lang: "zh", region: "cn", size: 10.5pt)',
    '#set par(justify: true, first-line-indent: (amount: 2em, all: true), leading: 0.9em)',
    `#align(center, text(size: 20pt, weight: "bold")[${esc(book.meta.title)}])`,
    '#outline()',
    '#pagebreak()',
    ...book.blocks.map(block).filter((s) => s !== ''),
  ].join('\n\n');
}

/** The runner, written beside the installed package: `node run-typst.mjs main.typ out.pdf fontdir`. */
export const RUNNER = `import { readFileSync, writeFileSync } from 'node:fs';
import { NodeCompiler } from '@myriaddreamin/typst-ts-node-compiler';
const [main, out, fonts] = process.argv.slice(2);
const compiler = NodeCompiler.create({ fontArgs: [{ fontPaths: [fonts] }] });
const result = compiler.compile({ mainFileContent: readFileSync(main, 'utf8') });
const doc = result.result;
if (!doc) { result.printErrors(); process.exit(1); }
writeFileSync(out, compiler.pdf(doc));
`;
