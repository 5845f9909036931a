/**
 * Boilerplate removal around Readability, which finds the article but can keep what sits inside its container.
 *
 * Before (on the page): scripts, styles and other never-content elements go; so do elements whose class or id
 * names a page part that is not the article (navigation, share bar, comments, related lists, ads, copyright
 * footer …) — Readability only *scores* such names, and a big comment list can still win.
 * After (on the article): a block that starts with a boilerplate label (相关阅读, 分享到, 责任编辑, 版权所有,
 * 上一篇 …) is removed, and when it is a short label (a heading or a line) the list right after it goes too.
 */
import type { DomDocument, DomElement } from './dom.ts';

const NEVER = 'script,style,noscript,template,iframe,form,button,input,select,textarea,object,embed,canvas,nav,aside,link,meta[http-equiv="refresh"]';

/** Class/id words of page parts that are not the article. */
const BOILER_NAME =
  /(?:^|[\s_-])(?:share|sharing|social|comments?|reply|replies|related|recommend(?:ed|s)?|hot-?news|breadcrumbs?|navbar|nav|menu|sidebar|side-?bar|footer|copyright|advert(?:isement)?|ads?|adv|banner|toolbar|subscribe|login|qrcode|qr|tags?|pager|pagination|xgyd|tjyd)(?:[\s_-]|$)/i;

const BOILER_TEXT =
  /^(?:相关阅读|相关新闻|相关文章|相关推荐|相关链接|热门推荐|热门文章|推荐阅读|延伸阅读|猜你喜欢|精彩推荐|分享到|分享至|责任编辑|编辑：|版权所有|版权声明|Copyright|©|未经授权|未经许可|扫一扫|扫码|关注我们|返回顶部|上一篇|下一篇|网友评论|发表评论|我要评论|评论\s*[（(]?\d|登录后|点击进入|进入专题|关键词[:：]|标签[:：]|举报|打印本页|关闭窗口|【纠错】)/iu;

const textLength = (e: DomElement | null): number => (e?.textContent ?? '').replace(/\s+/gu, '').length;

export function removeNonContent(doc: DomDocument): void {
  for (const e of Array.from(doc.querySelectorAll(NEVER))) e.remove();
  const page = textLength(doc.querySelector('body'));
  for (const e of Array.from(doc.querySelectorAll('[class],[id]'))) {
    const tagName = e.tagName.toUpperCase();
    if (tagName === 'BODY' || tagName === 'HTML' || tagName === 'ARTICLE' || tagName === 'MAIN') continue;
    const names = `${e.getAttribute('class') ?? ''} ${e.getAttribute('id') ?? ''}`;
    if (!BOILER_NAME.test(names)) continue;
    // a wrapper named after what it sits beside ("has-sidebar", "with-comments") holds the article: keep it
    if (e.querySelector('article,h1') || textLength(e) > page / 2) continue;
    e.remove();
  }
  for (const e of Array.from(doc.querySelectorAll('footer'))) e.remove();
}

function nextElement(e: DomElement): DomElement | undefined {
  const parent = e.parentNode;
  if (!parent) return undefined;
  const sibs = Array.from(parent.childNodes);
  for (let i = sibs.indexOf(e) + 1; i < sibs.length; i++) {
    const s = sibs[i]!;
    if (s.nodeType === 1) return s as DomElement;
    if ((s.textContent ?? '').trim()) return undefined;
  }
  return undefined;
}

export function removeBoilerplateBlocks(content: DomElement): void {
  for (const e of Array.from(content.querySelectorAll('h1,h2,h3,h4,h5,h6,p,div,section,li,span,strong'))) {
    if (!e.parentNode) continue; // already removed with an ancestor
    const text = (e.textContent ?? '').trim();
    if (!BOILER_TEXT.test(text)) continue;
    const label = [...text].length <= 20 || /^H[1-6]$/i.test(e.tagName);
    if (label) {
      const next = nextElement(e);
      if (next && /^(UL|OL|DIV)$/i.test(next.tagName)) next.remove();
    }
    // a long block that merely starts with 编辑： may be content; only labels and short lines go
    if (label || [...text].length <= 80) e.remove();
  }
}
