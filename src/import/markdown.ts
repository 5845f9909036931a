/**
 * Markdown text of the body: `## `/`### ` headings and paragraphs, one blank line between blocks.
 * Text is escaped only where CommonMark would otherwise read syntax into it, so ordinary Chinese text comes
 * out byte for byte: inline `\ * _ ` [ ] ~`, `<` before a tag-like character, `&` before an entity-like
 * word, and at a paragraph's start `#`, `>`, `-`/`+`/`*` + space, `1.`/`1)` + space, ``` ``` ```/`~~~`, and lines
 * made only of `=` or `-` (setext underlines). A heading's trailing `#`s are escaped.
 */
import type { Classified } from './structure.ts';

export function escapeInline(text: string): string {
  return text
    .replace(/[\\`*_[\]~]/g, (c) => `\\${c}`)
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

export function escapeBlockStart(text: string): string {
  if (/^(?:#|>|[-+*](?:\s|$)|`{3}|~{3})/u.test(text)) return `\\${text}`;
  if (/^=+$|^-+$/u.test(text)) return `\\${text}`;
  const m = /^(\d{1,9})([.)])(?=\s|$)/u.exec(text);
  if (m) return `${m[1]}\\${text.slice(m[1]!.length)}`;
  return text;
}

export function blockMarkdown(b: Classified): string {
  // Block-start escapes first, then inline escapes on the rest (they do not overlap: block escapes add a
  // backslash before # > - + * digits' dot, which escapeInline leaves alone except '*', handled here).
  let text = escapeInline(b.text);
  if (b.kind === 'heading') {
    text = text.replace(/(#+)$/u, (m) => `\\${m}`);
    return `${'#'.repeat(b.level)} ${text}`;
  }
  if (/^\\\*(?:\s|$)/u.test(text)) return text; // "* " already escaped inline
  return escapeBlockStart(text);
}

export function emitBody(blocks: readonly Classified[]): string {
  return blocks.map(blockMarkdown).join('\n\n');
}
