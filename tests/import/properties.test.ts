import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CjkpressError } from '../../src/diagnostics.ts';
import { importClipping } from '../../src/import/index.ts';
import { cleanPunctuation } from '../../src/import/punctuation.ts';

/** Strings mixing Han, Latin, digits, the ASCII marks, dots, spaces, newlines and a few URL pieces. */
const piece = fc.constantFrom(
  '中',
  '文',
  '。',
  '，',
  'a',
  'Z',
  '1',
  '0',
  ',',
  ':',
  ';',
  '?',
  '!',
  '(',
  ')',
  '.',
  '-',
  '%',
  ' ',
  '\u3000',
  '\n',
  '\r\n',
  '\n\n',
  'http://',
  'JD.com',
  '1.',
  '一、',
  '标题:',
  '地址:',
);
const clipping = fc.array(piece, { maxLength: 80 }).map((a) => a.join(''));

describe('properties', () => {
  it('punctuation clean-up keeps the text NFKC-equal and the same length', () => {
    fc.assert(
      fc.property(clipping, (s) => {
        const t = cleanPunctuation(s);
        expect([...t].length).toBe([...s].length);
        expect(t.normalize('NFKC')).toBe(s.normalize('NFKC'));
      }),
    );
  });
  it('import either returns Markdown deterministically or throws CjkpressError', () => {
    fc.assert(
      fc.property(clipping, fc.boolean(), (s, keep) => {
        const bytes = new TextEncoder().encode(s);
        let out: string | undefined;
        try {
          out = importClipping(bytes, { file: 'p.txt', keepPunctuation: keep }).markdown;
        } catch (e) {
          expect(e).toBeInstanceOf(CjkpressError);
          return;
        }
        expect(out.startsWith('---\ntitle: ')).toBe(true);
        expect(out.endsWith('\n')).toBe(true);
        expect(importClipping(bytes, { file: 'p.txt', keepPunctuation: keep }).markdown).toBe(out);
      }),
    );
  });
});
