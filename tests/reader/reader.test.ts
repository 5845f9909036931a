import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CjkpressError } from '../../src/diagnostics.ts';
import { blockText } from '../../src/model.ts';
import { parseArticle, readArticle } from '../../src/reader/index.ts';
import { transform } from '../../src/transforms/index.ts';
import { expectGolden } from '../helpers/golden.ts';

const seed = 'content/jingmen-crisis.md';

function errorOf(fn: () => unknown): CjkpressError {
  try {
    fn();
  } catch (e) {
    if (e instanceof CjkpressError) return e;
    throw e;
  }
  throw new Error('expected a CjkpressError');
}

describe('reader', () => {
  it('reads the seed article into the model (golden)', async () => {
    const book = transform(await readArticle(seed));
    const digest = {
      meta: book.meta,
      blocks: book.blocks.map((b) =>
        b.kind === 'heading'
          ? { heading: b.level, id: b.id, line: b.pos.line, text: blockText(b) }
          : { paragraph: b.pos.line, chars: [...blockText(b)].length, start: [...blockText(b)].slice(0, 12).join('') },
      ),
      paragraphs: book.blocks.filter((b) => b.kind === 'paragraph').length,
      toc: book.toc,
      appendix: book.appendix,
    };
    expectGolden(join(import.meta.dirname, 'golden', 'jingmen-crisis.model.json'), digest);
  });

  it("keeps the body text as the seed has it (NFKC: content/ has the import's full-width punctuation)", async () => {
    const { readFileSync } = await import('node:fs');
    const nfkc = (s: string) => s.normalize('NFKC');
    const seedLines = readFileSync('../shared/seeds/000_9e82caae25369654.txt', 'utf8').split('\n').slice(2, 27);
    const book = await readArticle(seed);
    expect(book.blocks.map((b) => nfkc(blockText(b)))).toEqual(seedLines.map(nfkc));
  });

  it('joins soft-wrapped CJK lines without a space, Latin lines with one', () => {
    const a = parseArticle('---\ntitle: t\n---\n中文第一行\n第二行\n\nword one\nword two\n', 'x.md');
    expect(a.blocks.map((b) => blockText(b))).toEqual(['中文第一行第二行', 'word one word two']);
  });

  it('records 1-based file lines after the front matter', () => {
    const a = parseArticle('---\ntitle: t\nlang: zh-CN\n---\n\n## 标题\n\n段落\n', 'x.md');
    expect(a.blocks.map((b) => b.pos.line)).toEqual([6, 8]);
  });

  it('escapes nothing itself but keeps raw HTML as text (html: false)', () => {
    const a = parseArticle('---\ntitle: t\n---\n<b>粗</b> <script>x</script>\n', 'x.md');
    expect(a.blocks[0] ? blockText(a.blocks[0]) : '').toBe('<b>粗</b> <script>x</script>');
  });

  it.each([
    ['no front matter', '正文\n', 1, 'no YAML front matter'],
    ['front matter that is not YAML', '---\ntitle: [unclosed\n---\n正文\n', 2, 'not valid YAML'],
    ['a missing title', '---\nlang: zh-CN\n---\n正文\n', 1, 'no `title`'],
    ['a bad language tag', '---\ntitle: t\nlang: 中文\n---\n正文\n', 3, 'BCP 47'],
    ['a source without a URL', '---\ntitle: t\nsources:\n  - title: x\n---\n正文\n', 3, 'needs a `url`'],
    ['an unclosed front matter', '---\ntitle: t\n正文\n', 1, 'not closed'],
    ['a level-1 heading', '---\ntitle: t\n---\n\n# 标题\n', 5, 'level-1 heading'],
    ['an empty body', '---\ntitle: t\n---\n\n', 4, 'no body text'],
  ])('rejects %s with file:line', (_name, text, line, msg) => {
    const e = errorOf(() => parseArticle(text, 'bad.md'));
    expect(e.line).toBe(line);
    expect(e.format()).toMatch(new RegExp(`^bad\\.md:${line}:\\d+: error: .*${msg.replace(/[`.*()[\]]/g, '\\$&')}`));
  });

  it('names the file when it cannot be read', async () => {
    await expect(readArticle('nope/missing.md')).rejects.toThrow(/no such file/);
  });
});
