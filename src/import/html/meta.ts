/**
 * The page's own metadata, read before Readability changes the DOM:
 * - title candidates: `og:title`, the first `h1`, `<title>` — each without a site suffix (see {@link stripSiteSuffix});
 * - author: `meta[name=author]`, `article:author`, else Readability's byline;
 * - date: `article:published_time`, `meta[name=publishdate|pubdate|date]`, the first `time[datetime]` (YYYY-MM-DD);
 * - site: `og:site_name`, `application-name`, else a suffix cut from `<title>`;
 * - url: `link[rel=canonical]`, `og:url` (absolute http(s) only: it is the source and the base of relative links);
 * - lang: `<html lang>` or `meta http-equiv=content-language`.
 */
import type { DomDocument } from './dom.ts';

export interface PageMeta {
  ogTitle?: string;
  h1?: string;
  title?: string;
  author?: string;
  date?: string;
  site?: string;
  url?: string;
  lang?: string;
}

/** Separators between an article title and the site's name in `<title>`. */
const SEPARATOR = /\s+[-–—|·]\s+|\s*[_|｜]\s*|(?<=[^\x00-\x7f])-(?=[^\x00-\x7f])/gu;

const clean = (s: string | null | undefined): string | undefined => {
  const t = s?.replace(/\s+/gu, ' ').trim();
  return t ? t : undefined;
};

/**
 * `荆门网络危机处理 - 新浪新闻` → { title: '荆门网络危机处理', site: '新浪新闻' }: the last separated part is the
 * site's when it is the known site name or shorter than the rest (a title is seldom shorter than its site's
 * name); `频道_网易` chains lose every such part.
 */
export function stripSiteSuffix(text: string, site?: string): { title: string; site?: string } {
  let title = text.trim();
  let found: string | undefined;
  for (;;) {
    const parts = [...title.matchAll(SEPARATOR)];
    const last = parts.at(-1);
    if (!last || last.index === 0) break;
    const head = title.slice(0, last.index).trim();
    const tail = title.slice(last.index + last[0].length).trim();
    const isSite = tail !== '' && (tail === site || [...tail].length < [...head].length / 1.5 || [...tail].length <= 6);
    if (!isSite || head === '') break;
    found ??= tail;
    title = head;
    if (parts.length === 1) break;
  }
  return found === undefined ? { title } : { title, site: found };
}

function metaContent(doc: DomDocument, ...selectors: string[]): string | undefined {
  for (const sel of selectors) {
    const v = clean(doc.querySelector(sel)?.getAttribute('content'));
    if (v) return v;
  }
  return undefined;
}

function absoluteHttp(url: string | undefined): string | undefined {
  if (url === undefined) return undefined;
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : undefined;
  } catch {
    return undefined;
  }
}

export function readPageMeta(doc: DomDocument): PageMeta {
  const m: PageMeta = {};
  const set = <K extends keyof PageMeta>(k: K, v: PageMeta[K] | undefined) => {
    if (v !== undefined) m[k] = v;
  };
  set('site', metaContent(doc, 'meta[property="og:site_name"]', 'meta[name="application-name"]'));
  const og = metaContent(doc, 'meta[property="og:title"]', 'meta[name="twitter:title"]');
  if (og) set('ogTitle', stripSiteSuffix(og, m.site).title);
  const h1 = clean(doc.querySelector('h1')?.textContent);
  if (h1) set('h1', h1);
  const title = clean(doc.querySelector('title')?.textContent);
  if (title) {
    const s = stripSiteSuffix(title, m.site);
    set('title', s.title);
    if (m.site === undefined) set('site', s.site);
  }
  set('author', metaContent(doc, 'meta[name="author"]', 'meta[property="article:author"]', 'meta[name="byline"]'));
  const date =
    metaContent(doc, 'meta[property="article:published_time"]', 'meta[name="publishdate"]', 'meta[name="pubdate"]', 'meta[name="date"]') ??
    clean(doc.querySelector('time[datetime]')?.getAttribute('datetime'));
  set('date', /^\d{4}-\d{2}-\d{2}/.exec(date ?? '')?.[0]);
  set('url', absoluteHttp(clean(doc.querySelector('link[rel="canonical"]')?.getAttribute('href')) ?? metaContent(doc, 'meta[property="og:url"]')));
  set(
    'lang',
    clean(doc.documentElement.getAttribute('lang')) ?? metaContent(doc, 'meta[http-equiv="content-language" i]', 'meta[http-equiv="Content-Language"]'),
  );
  return m;
}
