/**
 * Code renders exactly the characters written: JetBrains Mono's contextual alternates (`==` `=>` `...`
 * `://` …) used to crash fontkit, and any substitution would change what is measured, drawn and
 * extracted. Text faces set Latin without ligatures (Noto Serif's fi/ffi), so a measured word equals
 * the sum of its characters and a justified line ends flush.
 */
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { defaultFonts } from '../../../src/fonts/resolve.ts';
import { loadFace } from '../../../src/fonts/load.ts';
import { parseArticle } from '../../../src/reader/index.ts';
import { transform } from '../../../src/transforms/index.ts';
import { writePdf } from '../../../src/writers/pdf/index.ts';
import { createCanvas } from '../../../src/writers/pdf/package.ts';
import { readPdf } from '../../helpers/pdf.ts';

const date = new Date(Date.UTC(2026, 10, 1));
const require = createRequire(import.meta.url);

const OPERATORS = [
  '==',
  '===',
  '=>',
  '!=',
  '!==',
  '...',
  '://',
  '&&',
  '||',
  '***',
  '</',
  '<!--',
  '-->',
  '->',
  '>=',
  '<=',
  '::',
  '__',
  '#{',
  '|>',
  '<|',
  '/*',
  '*/',
  '//',
  '++',
  '<<=',
  '>>>',
  '~>',
  '.=',
];

const CODE_BLOCKS = [
  [
    'js',
    'const ok = a !== b && (c || d) ?? e; // https://example.com/a?b=c&d=e#f\nconst f = async (...args) => { return args.length >= 2 ? args[0] === args[1] : false; };',
  ],
  ['ts', 'type Pick2<T, K extends keyof T> = { [P in K]: T[P] };\nlet x: Array<Map<string, number[]>> = [];\nif (x?.length !== 0 && !!x) x ||= [];'],
  [
    'rust',
    'fn main() -> Result<(), Box<dyn Error>> {\n    let v: Vec<_> = (0..=10).filter(|n| n % 2 == 0).collect();\n    println!("{:?}", v);\n    Ok(())\n}',
  ],
  [
    'sh',
    'curl -fsSL https://sh.rustup.rs | sh -s -- -y && echo "done" || exit 1\nfind . -name "*.md" -exec grep -l "TODO" {} \\; 2>/dev/null >> /tmp/todo.txt',
  ],
  ['html', '<!-- a comment --> <a href="https://example.com/?q=1&amp;r=2">link</a></div>'],
] as const;

function article(): string {
  const spans = OPERATORS.map((op) => `\`a ${op} b\``).join('、');
  const blocks = CODE_BLOCKS.map(([lang, code]) => `\`\`\`${lang}\n${code}\n\`\`\``).join('\n\n');
  return `---\ntitle: 代码与运算符\nlang: zh-CN\n---\n\n比较 \`a == b\` 与 \`a === b\`，以及：${spans}。\n\n    ***\n\n${blocks}\n`;
}

const strip = (s: string): string => s.replace(/\s+/g, '');

describe('code in the PDF', () => {
  it('builds, and pdf.js gives back exactly the characters of every operator and code block', async () => {
    const book = transform(parseArticle(article(), 'code.md'));
    const bytes = await writePdf(book, { fonts: defaultFonts('zh-CN'), date, pageSize: 'A4' });
    const text = (await readPdf(bytes)).text.join('');
    for (const op of OPERATORS) expect(text, op).toContain(strip(`a ${op} b`));
    expect(text).toContain('***');
    for (const [, code] of CODE_BLOCKS) {
      // whole blocks, in order: whitespace is where pdf.js guesses it, every other character must match
      expect(text).toContain(strip(code));
    }
  }, 60_000);

  it('measures code as the sum of its characters: no contextual alternate or ligature, no crash', async () => {
    const mono = await readFile(require.resolve('@expo-google-fonts/jetbrains-mono/400Regular/JetBrainsMono_400Regular.ttf'));
    const canvas = createCanvas({ size: [300, 300], date, title: 't', lang: 'zh-CN', fonts: { mono } });
    canvas.addPage();
    const em = canvas.measure('mono', 'a', 10);
    for (const op of OPERATORS) {
      expect(canvas.measure('mono', op, 10), op).toBeCloseTo(em * op.length, 6);
      canvas.text('mono', 10, op, 10, 10);
    }
    // fontkit writes the features it applies into the object it is given: measuring twice must agree
    expect(canvas.measure('mono', '==>', 10)).toBeCloseTo(em * 3, 6);
    expect((await canvas.end()).length).toBeGreaterThan(0);
  });

  it('sets Latin in the serif without ligatures, so a word measures as its letters', async () => {
    const regular = (await loadFace(defaultFonts('zh-CN').regular)).data;
    const canvas = createCanvas({ size: [300, 300], date, title: 't', lang: 'zh-CN', fonts: { regular } });
    for (const word of ['office', 'fluffy', 'final']) {
      const letters = Array.from(word).reduce((s, ch) => s + canvas.measure('regular', ch, 10), 0);
      expect(canvas.measure('regular', word, 10), word).toBeCloseTo(letters, 6);
    }
  });
});
