import type { Article, Book } from '../model.ts';
import { assignHeadingIds } from './heading-ids.ts';
import { buildAppendix } from './sources.ts';
import { buildToc } from './toc.ts';

/** Article → Book: the pandoc-style `Pandoc -> Pandoc` pass every writer relies on. */
export function transform(article: Article): Book {
  const blocks = assignHeadingIds(article.blocks);
  return { ...article, blocks, toc: buildToc(blocks), appendix: buildAppendix(article.meta.sources, blocks) };
}
