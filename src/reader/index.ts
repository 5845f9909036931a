import { CjkpressError, type Diagnostics } from '../diagnostics.ts';
import { checkBlockSizes, DEFAULT_LIMITS, type Limits } from '../limits.ts';
import type { Article } from '../model.ts';
import { sanitizeSource } from '../transforms/sanitize.ts';
import { splitFrontMatter } from './frontmatter.ts';
import { readBlocks } from './markdown.ts';
import { readMeta } from './meta.ts';
import { normalizeSource, readSource } from './source.ts';

export interface ReadOptions {
  /** warnings (removed control characters) go here */
  diagnostics?: Diagnostics | undefined;
  limits?: Limits | undefined;
}

/** Reads an article from text already in memory; `file` is used for positions only. */
export function parseArticle(text: string, file: string, opts: ReadOptions = {}): Article {
  // XML-invalid characters go before anything parses the text (markdown-it would turn NUL into U+FFFD)
  const src = sanitizeSource(normalizeSource(text), file, opts.diagnostics);
  const fm = splitFrontMatter(src, file);
  const meta = readMeta(fm.data, file, src.split('\n'));
  const blocks = readBlocks(fm.body, file, fm.bodyLine, { cjkOrdered: meta.orderedList === 'cjk', lang: meta.lang, diagnostics: opts.diagnostics });
  if (blocks.length === 0) throw new CjkpressError('the article has no body text', file, fm.bodyLine, 1, 'empty');
  const article = { file, meta, blocks };
  checkBlockSizes(article, opts.limits ?? DEFAULT_LIMITS);
  return article;
}

export async function readArticle(file: string, opts: ReadOptions = {}): Promise<Article> {
  return parseArticle(await readSource(file, opts.limits ?? DEFAULT_LIMITS), file, opts);
}
