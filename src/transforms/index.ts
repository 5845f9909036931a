import type { Diagnostics } from '../diagnostics.ts';
import { walkBlocks, type Article, type Book } from '../model.ts';
import { assignHeadingIds } from './heading-ids.ts';
import { checkLinks } from './links.ts';
import { sanitizeArticle } from './sanitize.ts';
import { numberLinks } from './sources.ts';
import { buildToc } from './toc.ts';

export interface TransformContext {
  /** where warnings go (dropped links, removed characters) */
  diagnostics?: Diagnostics | undefined;
  /** the source file's lines, to give dropped links a column */
  lines?: readonly string[] | undefined;
}

/** Article → Book: the pandoc-style `Pandoc -> Pandoc` pass every writer relies on. */
export function transform(article: Article, ctx: TransformContext = {}): Book {
  const clean = sanitizeArticle(article, ctx.diagnostics);
  const withIds = assignHeadingIds(clean.blocks, ctx);
  // link targets: every heading outside footnotes (nested ones too); a footnote's place in the book is
  // only known to the writers, so a heading inside one is no target
  const ids = new Set<string>();
  for (const b of walkBlocks(withIds.filter((x) => x.kind !== 'footnote'))) if (b.kind === 'heading') ids.add(b.id);
  const checked = checkLinks(withIds, { ids, diagnostics: ctx.diagnostics, lines: ctx.lines });
  const { blocks, appendix } = numberLinks(clean.meta.sources, checked);
  return { ...clean, blocks, toc: buildToc(blocks), appendix };
}
