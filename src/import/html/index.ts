/**
 * `cjkpress import page.html`: a saved web page → the same Markdown as a clipping import (front matter + body).
 *
 *   charset.ts     bytes → text (BOM, <meta charset>, else the plain-text detection)
 *   dom.ts         the DOM (linkedom; the only module importing it)
 *   meta.ts        title, author, date, site, canonical URL, lang from the page's head
 *   clean.ts       never-content and boilerplate removal, before and after Readability
 *   readability.ts the article (Mozilla Readability; the only module importing it)
 *   markdown.ts    article DOM → Markdown
 *   images.ts      images: the saved `_files` folder copied as NAME.assets/, others remote
 *   mhtml.ts       a single-file MHTML save: the page part and its resources
 *
 * This module is loaded (dynamically, by ../index.ts) only for HTML input, so a plain-text import and `--help`
 * never load linkedom or Readability. Nothing is fetched: remote images stay references.
 */
import { CjkpressError } from '../../diagnostics.ts';
import { languageTag } from '../../reader/meta.ts';
import { emitFrontMatter } from '../frontmatter.ts';
import { cleanPunctuation } from '../punctuation.ts';
import { readingStats } from '../stats.ts';
import { charCount } from '../structure.ts';
import type { ImportOptions, ImportResult } from '../index.ts';
import { decodePage } from './charset.ts';
import { removeBoilerplateBlocks, removeNonContent } from './clean.ts';
import { parseHtml } from './dom.ts';
import { PageImages } from './images.ts';
import { toMarkdown } from './markdown.ts';
import { isMhtml, parseMhtml } from './mhtml.ts';
import { readPageMeta, stripSiteSuffix } from './meta.ts';
import { extractArticle } from './readability.ts';

/** An article with fewer characters than this is not one (a login wall, an index page, an error page). */
export const MIN_ARTICLE_CHARS = 20;

function stem(file: string): string {
  const base = file.split(/[\\/]/).pop() ?? file;
  return base.replace(/\.[^.]*$/, '') || base;
}

/** The language of the text when the page does not say: kana → ja, hangul → ko, else Chinese. */
function guessLang(text: string): string | undefined {
  const kana = (text.match(/[\u3041-\u30ff]/gu) ?? []).length;
  const hangul = (text.match(/[\uac00-\ud7a3]/gu) ?? []).length;
  const han = (text.match(/\p{Script=Han}/gu) ?? []).length;
  if (kana > 20 || (kana > 0 && kana >= han / 10)) return 'ja';
  if (hangul > han) return 'ko';
  return han > 0 ? 'zh-CN' : undefined;
}

export function importHtml(bytes: Uint8Array, opts: ImportOptions): ImportResult {
  const { file } = opts;
  const mhtml = isMhtml(bytes) ? parseMhtml(bytes) : undefined;
  if (isMhtml(bytes) && mhtml === undefined) {
    throw new CjkpressError('this MHTML file has no text/html part', file, undefined, undefined, 'no-article');
  }
  const page = mhtml ? decodePage(mhtml.html.bytes, file, mhtml.html.charset) : decodePage(bytes, file);
  const warnings = [...page.warnings];

  const doc = parseHtml(page.text);
  const meta = readPageMeta(doc);
  removeNonContent(doc);
  const article = extractArticle(doc);
  if (article === undefined || charCount(article.content.textContent ?? '') < MIN_ARTICLE_CHARS) {
    throw new CjkpressError('no article found in this page (Readability found no main text)', file, undefined, undefined, 'no-article');
  }
  removeBoilerplateBlocks(article.content);

  const clean = (s: string) => (opts.keepPunctuation ? s : cleanPunctuation(s));
  const title = meta.ogTitle ?? meta.h1 ?? meta.title ?? (article.title ? stripSiteSuffix(article.title, meta.site).title : undefined) ?? stem(file);
  const base = meta.url ?? mhtml?.html.location;
  const images = new PageImages(file, opts.assetsDir ?? `${stem(file)}.assets`, base, mhtml?.resources);
  const titles = [title, meta.ogTitle, meta.h1, meta.title, article.title].filter((t): t is string => t !== undefined);
  const body = toMarkdown(article.content, { base, titles, punctuation: clean, image: images.resolve });
  if (body.texts.length === 0) throw new CjkpressError('no article found in this page (the article has no text)', file, undefined, undefined, 'no-article');
  warnings.push(...images.warnings);

  if (opts.lang !== undefined && languageTag(opts.lang) === undefined) {
    throw new CjkpressError(`invalid language tag "${opts.lang}" (expected BCP 47, e.g. zh-CN)`, file, undefined, undefined, 'bad-lang');
  }
  const guessed = guessLang(body.texts.join(''));
  const declared = meta.lang ?? article.lang;
  const pageLang = declared === undefined ? undefined : (languageTag(declared) ?? languageTag(declared.replace(/_/g, '-')));
  let lang = opts.lang !== undefined ? languageTag(opts.lang)! : (pageLang ?? guessed ?? 'zh-CN');
  // site templates often keep lang="en" over Chinese text; the fonts must follow the text
  if (opts.lang === undefined && pageLang !== undefined && guessed !== undefined && !/^(?:zh|ja|ko|yue|lzh|wuu|hak|nan|cmn)\b/i.test(pageLang)) {
    warnings.push(`${file}: warning: the page says lang="${declared}" but its text is ${guessed}; using ${guessed} (--lang to choose) [lang]`);
    lang = guessed;
  }

  const author = meta.author ?? article.byline;
  const site = meta.site ?? article.siteName;
  const fm = emitFrontMatter({
    title: clean(title),
    lang,
    reading: readingStats(body.texts),
    ...(author !== undefined ? { author: clean(author) } : {}),
    ...(site !== undefined ? { origin: clean(site) } : {}),
    sources: base !== undefined && /^https?:/i.test(base) ? [{ title: clean(meta.title ?? title), url: base }] : [],
  });
  return { markdown: `${fm}\n${body.markdown}\n`, warnings, assets: images.assets };
}
