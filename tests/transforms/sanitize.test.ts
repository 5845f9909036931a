import { describe, expect, it } from 'vitest';
import { Diagnostics, formatDiagnostic } from '../../src/diagnostics.ts';
import { inlineText, type Inline } from '../../src/model.ts';
import { parseArticle } from '../../src/reader/index.ts';
import { transform } from '../../src/transforms/index.ts';
import { hasInvalidChars, sanitizeSource, stripInvalidChars } from '../../src/transforms/sanitize.ts';

const textOf = (b: { kind: string } | undefined): string => (b && 'content' in b ? inlineText(b.content as Inline[]) : '');

describe('sanitize', () => {
  it('knows what XML forbids (and what it allows)', () => {
    for (const c of [
      '\u0000',
      '\u0001',
      '\u0008',
      '\u000b',
      '\u000c',
      '\u000e',
      '\u001f',
      '\u007f',
      '\u0080',
      '\u009f',
      '\ufffe',
      '\uffff',
      '\ud800',
      '\udfff',
    ]) {
      expect(hasInvalidChars(`a${c}b`), `U+${c.charCodeAt(0).toString(16)}`).toBe(true);
    }
    for (const c of ['\t', '\n', '\r', ' ', '\u00a0', '\u3000', '\ufffd', '\ufeff', '😀', '\ud83d\ude00', '𠀀']) expect(hasInvalidChars(`a${c}b`)).toBe(false);
    expect(stripInvalidChars('a\u0000b\ud800c😀')).toBe('abc😀');
  });

  it('reports each line once, at the column (code points) of the first character', () => {
    const d = new Diagnostics();
    const out = sanitizeSource('第一行\n𠀀中\u0007文\u0000。\n好\n\u001b', 'a.md', d);
    expect(out).toBe('第一行\n𠀀中文。\n好\n');
    expect(d.warnings.map((w) => formatDiagnostic(w))).toEqual([
      'a.md:2:3: warning: removed 2 characters not allowed in XML (U+0007, U+0000) [invalid-char]',
      'a.md:4:1: warning: removed a character not allowed in XML (U+001B) [invalid-char]',
    ]);
  });

  it('removes NUL before markdown-it (which would show U+FFFD), and leaves normalisation alone', () => {
    const d = new Diagnostics();
    // e + combining acute (NFD) stays NFD; full-width letters stay full-width
    const a = parseArticle('---\ntitle: t\n---\n正\u0000文 e\u0301 ＡＢ\n', 'a.md', { diagnostics: d });
    expect(inlineText(a.blocks[0]?.kind === 'paragraph' ? a.blocks[0].content : [])).toBe('正文 e\u0301 ＡＢ');
    expect(d.warnings).toHaveLength(1);
  });

  it('cleans what YAML escapes produce in front matter, with a warning', () => {
    const d = new Diagnostics();
    const book = transform(parseArticle('---\ntitle: "标\\a题"\nauthor: "x\\u0000y"\n---\n正文\n', 'a.md', { diagnostics: d }), { diagnostics: d });
    expect(book.meta.title).toBe('标题');
    expect(book.meta.author).toBe('xy');
    expect(d.warnings.map((w) => w.rule)).toEqual(['invalid-char', 'invalid-char']);
    expect(d.warnings[0]?.message).toMatch(/^front matter `title`: removed a character/);
  });

  it('turns a tab inside text into a space (the PDF font has no tab glyph)', () => {
    const book = transform(parseArticle('---\ntitle: t\n---\n正\t文\n', 'a.md'));
    expect(inlineText(book.blocks[0]?.kind === 'paragraph' ? book.blocks[0].content : [])).toBe('正 文');
  });

  it('caps the warnings of one rule per file and counts the rest', () => {
    const lines: string[] = [];
    const d = new Diagnostics((w) => lines.push(formatDiagnostic(w)));
    sanitizeSource(Array.from({ length: 30 }, () => 'a\u0007').join('\n'), 'a.md', d);
    d.flushSuppressed();
    expect(d.count).toBe(30);
    expect(lines).toHaveLength(21);
    expect(lines.at(-1)).toBe('a.md: warning: 10 more like this not shown [invalid-char]');
  });
});
