/**
 * The one module that imports Mozilla Readability (Firefox's reader view): it finds the article in a page and
 * drops what is around it (navigation, sidebars, comments, share bars …). It scores the DOM it is given and
 * changes it, so callers pass a document they no longer need.
 */
import { Readability } from '@mozilla/readability';
import type { DomDocument, DomElement } from './dom.ts';

export interface Extracted {
  /** the article's content element (Readability's own `div`), detached from the page */
  content: DomElement;
  title?: string;
  byline?: string;
  siteName?: string;
  publishedTime?: string;
  lang?: string;
}

const opt = (s: string | null | undefined): string | undefined => (s?.trim() ? s.trim() : undefined);

/** The article of `doc`, or undefined when Readability finds none. */
export function extractArticle(doc: DomDocument): Extracted | undefined {
  // `serializer` hands back the content element itself, so it is not printed to HTML and parsed again
  const reader = new Readability<DomElement>(doc as never, { serializer: (node) => node as unknown as DomElement, keepClasses: true });
  const article = reader.parse();
  if (!article?.content) return undefined;
  return {
    content: article.content,
    title: opt(article.title),
    byline: opt(article.byline),
    siteName: opt(article.siteName),
    publishedTime: opt(article.publishedTime),
    lang: opt(article.lang),
  };
}
