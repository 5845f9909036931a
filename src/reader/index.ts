import { CjkpressError } from '../diagnostics.ts';
import { readInput } from '../io.ts';
import type { Article } from '../model.ts';
import { splitFrontMatter } from './frontmatter.ts';
import { readBlocks } from './markdown.ts';
import { readMeta } from './meta.ts';

/** Reads an article from text already in memory; `file` is used for positions only. */
export function parseArticle(text: string, file: string): Article {
  const src = text.replace(/^\ufeff/, '').replace(/\r\n?/g, '\n');
  const fm = splitFrontMatter(src, file);
  const meta = readMeta(fm.data, file, src.split('\n'));
  const blocks = readBlocks(fm.body, file, fm.bodyLine);
  if (blocks.length === 0) throw new CjkpressError('the article has no body text', file, fm.bodyLine, 1, 'empty');
  return { file, meta, blocks };
}

export async function readArticle(file: string): Promise<Article> {
  const bytes = await readInput(file);
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    const line = lineOfFirstBadByte(bytes);
    throw new CjkpressError('not UTF-8 text (convert it, or use `cjkpress import` for clippings)', file, line, 1, 'encoding');
  }
  return parseArticle(text, file);
}

function lineOfFirstBadByte(bytes: Uint8Array): number {
  const dec = new TextDecoder('utf-8');
  const text = dec.decode(bytes);
  const i = text.indexOf('\ufffd');
  return text.slice(0, Math.max(0, i)).split('\n').length;
}
