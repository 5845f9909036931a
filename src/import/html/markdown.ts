/**
 * The article's DOM → the Markdown the reader accepts (CommonMark + GFM tables + footnotes).
 *
 * - Headings: the levels the article uses, in rank order, become ## ### #### … (an article whose sections are h3
 *   and h4 still starts at ##); the first heading that repeats the title is dropped (the title is the front
 *   matter's; Readability has already made the page's h1 an h2).
 * - Blocks: p, lists (nested, `start` kept), blockquote, pre (fenced, language from `language-x`/`lang-x`), tables
 *   (pipe tables; the first row is the header), figures (the image, then its caption), hr, dl.
 * - Inline: em/i, strong/b, code, links (http(s)/mailto; relative ones resolved against the page's URL; in-page
 *   anchors become text unless they are footnote references), images (through the caller's `image` hook),
 *   `<br>` (hard break), `<ruby>` as `<ruby>…<rt>…</rt></ruby>` (without <rp>), the one HTML `build` reads as
 *   markup: it becomes ruby in both editions.
 * - Footnotes: a link to an element of the article whose text is a note number ([1], 1, 注1, *) becomes `[^n]`
 *   and the target's text the definition `[^n]: …` at the end.
 * - Text: white space collapsed as a browser does, except that a line break between two CJK characters joins
 *   them (it is source formatting, not a space); `punctuation` is applied to text (not to code or URLs); Markdown
 *   syntax characters are escaped (../markdown.ts).
 * - Never kept: script, style, noscript, template, iframe, form controls, svg, canvas, media.
 */
import { isCjk } from '../../text/cjk.ts';
import { escapeBlockStart, escapeInline } from '../markdown.ts';
import { type DomElement, type DomNode, isElement, TEXT_NODE } from './dom.ts';

export interface ConvertOptions {
  /** absolute URL of the page (canonical), base of relative links */
  base?: string;
  /** the article title and the page's other names for it (og:title, h1, <title>): the first heading with one of these texts is dropped */
  titles?: readonly string[];
  /** text clean-up (punctuation) */
  punctuation: (text: string) => string;
  /** the Markdown destination for an image, or undefined to drop it */
  image: (img: DomElement) => string | undefined;
}

export interface Converted {
  markdown: string;
  /** plain text of every block, for the reading stats */
  texts: string[];
}

const SKIP = new Set([
  'SCRIPT',
  'STYLE',
  'NOSCRIPT',
  'TEMPLATE',
  'IFRAME',
  'FORM',
  'BUTTON',
  'INPUT',
  'SELECT',
  'TEXTAREA',
  'SVG',
  'CANVAS',
  'VIDEO',
  'AUDIO',
  'OBJECT',
  'EMBED',
  'HEAD',
  'LINK',
  'META',
  'RP',
]);
const BLOCK = new Set([
  'P',
  'DIV',
  'SECTION',
  'ARTICLE',
  'MAIN',
  'HEADER',
  'FOOTER',
  'ASIDE',
  'NAV',
  'H1',
  'H2',
  'H3',
  'H4',
  'H5',
  'H6',
  'UL',
  'OL',
  'LI',
  'TABLE',
  'BLOCKQUOTE',
  'PRE',
  'FIGURE',
  'FIGCAPTION',
  'HR',
  'DL',
  'DT',
  'DD',
  'CENTER',
  'DETAILS',
  'SUMMARY',
  'ADDRESS',
  'BODY',
  'HTML',
]);
const NOTE_MARK = /^\[?(?:\d{1,3}|注\d{1,3}|[*†‡])\]?$/u;

const children = (n: DomNode): DomNode[] => Array.from(n.childNodes);
const tag = (n: DomNode): string => (isElement(n) ? n.tagName.toUpperCase() : '');
const norm = (s: string): string => s.replace(/\s+/gu, '').normalize('NFKC');

/** A code span or fence that the content cannot close. */
function fenceFor(text: string, ch: '`' | '~', min: number): string {
  let longest = 0;
  for (const m of text.matchAll(ch === '`' ? /`+/g : /~+/g)) longest = Math.max(longest, m[0].length);
  return ch.repeat(Math.max(min, longest + 1));
}

/** Collapses white space; a run with a line break between two CJK characters disappears. */
function collapse(text: string): string {
  return text.replace(/\s+/gu, (ws, at: number, all: string) => {
    if (!/[\n\r]/u.test(ws)) return ' ';
    const before = all.slice(0, at).slice(-2);
    const after = all.slice(at + ws.length, at + ws.length + 2);
    return isCjk([...before].at(-1)) && isCjk([...after][0]) ? '' : ' ';
  });
}

class Converter {
  private readonly blocks: string[] = [];
  readonly texts: string[] = [];
  private readonly levels: Map<number, number>;
  private titleDropped = false;
  private readonly notes = new Map<DomElement, number>();
  private readonly noteTexts: string[] = [];

  constructor(
    private readonly root: DomElement,
    private readonly opts: ConvertOptions,
  ) {
    this.levels = this.headingLevels();
    this.findNotes();
  }

  private isTitle(h: DomElement): boolean {
    const text = norm(h.textContent ?? '');
    return (this.opts.titles ?? []).some((t) => norm(t) === text);
  }

  /** h1…h6 used in the article (without the title's h1) → 2, 3, 4 … in rank order. */
  private headingLevels(): Map<number, number> {
    const used = new Set<number>();
    for (const h of Array.from(this.root.querySelectorAll('h1,h2,h3,h4,h5,h6'))) {
      if (!this.isTitle(h)) used.add(Number(tag(h).slice(1)));
    }
    const map = new Map<number, number>();
    for (const [i, l] of [...used].sort().entries()) map.set(l, Math.min(6, i + 2));
    return map;
  }

  /** Footnote references: in-page links whose text is a note mark and whose target is inside the article. */
  private findNotes(): void {
    for (const a of Array.from(this.root.querySelectorAll('a[href^="#"]'))) {
      const id = a.getAttribute('href')!.slice(1);
      if (!id || !NOTE_MARK.test((a.textContent ?? '').trim())) continue;
      let target: DomElement | null = null;
      try {
        target = this.root.querySelector(`[id="${id.replace(/["\\]/g, '\\$&')}"]`);
      } catch {
        continue;
      }
      if (!target || target === a) continue;
      // back-references inside the note (↩, ^) are not part of its text
      for (const back of Array.from(target.querySelectorAll('a[href^="#"]'))) if (/^[↩↑^]|^\[?\d+\]?$/u.test((back.textContent ?? '').trim())) back.remove();
      const n = this.noteTexts.length + 1;
      const text = this.inline(target)
        .trim()
        .replace(/^\[?\d{1,3}\]?[.、:：\s]*/u, '');
      this.noteTexts.push(text);
      this.notes.set(a, n);
      const list = target.parentNode;
      target.remove();
      if (list && isElement(list) && /^(OL|UL)$/.test(tag(list)) && list.children.length === 0) list.remove();
    }
  }

  convert(): Converted {
    this.block(this.root);
    const notes = this.noteTexts.map((t, i) => `[^${i + 1}]: ${t}`);
    return { markdown: [...this.blocks, ...notes].join('\n\n'), texts: this.texts };
  }

  private text(s: string): string {
    return escapeInline(this.opts.punctuation(s));
  }

  private link(href: string | null): string | undefined {
    if (!href || href.startsWith('#')) return undefined;
    let url: URL;
    try {
      url = new URL(href, this.opts.base);
    } catch {
      return undefined; // relative without a page URL to resolve it against
    }
    if (!['http:', 'https:', 'mailto:'].includes(url.protocol)) return undefined;
    return url.href;
  }

  private static dest(url: string): string {
    return /[\s()<>]/u.test(url) ? `<${url.replace(/[<>]/g, encodeURIComponent)}>` : url;
  }

  /**
   * The children of `n`, adjacent text nodes merged into one string: linkedom splits text at character
   * references (`a &lt;div&gt;` is five nodes), and escaping, white space and punctuation need the whole run.
   */
  private merged(n: DomNode): (string | DomNode)[] {
    const out: (string | DomNode)[] = [];
    for (const c of children(n)) {
      const last = out.at(-1);
      if (c.nodeType !== TEXT_NODE) out.push(c);
      else if (typeof last === 'string') out[out.length - 1] = last + (c.textContent ?? '');
      else out.push(c.textContent ?? '');
    }
    return out;
  }

  /** Inline Markdown of an element's content. */
  inline(n: DomNode): string {
    let out = '';
    for (const c of this.merged(n)) {
      if (typeof c === 'string') {
        out += this.text(collapse(c));
        continue;
      }
      if (!isElement(c) || SKIP.has(tag(c))) continue;
      const t = tag(c);
      const note = this.notes.get(c);
      if (note !== undefined) {
        out += `[^${note}]`;
        continue;
      }
      switch (t) {
        case 'BR':
          out += '\\\n';
          break;
        case 'EM':
        case 'I':
        case 'CITE':
        case 'DFN': {
          const inner = this.inline(c).trim();
          out += inner ? `*${inner}*` : '';
          break;
        }
        case 'STRONG':
        case 'B': {
          const inner = this.inline(c).trim();
          out += inner ? `**${inner}**` : '';
          break;
        }
        case 'CODE':
        case 'KBD':
        case 'SAMP':
        case 'TT': {
          const code = collapse(c.textContent ?? '');
          if (!code.trim()) break;
          const f = fenceFor(code, '`', 1);
          out += code.startsWith('`') || code.endsWith('`') ? `${f} ${code} ${f}` : `${f}${code}${f}`;
          break;
        }
        case 'A': {
          const inner = this.inline(c).trim();
          const url = this.link(c.getAttribute('href'));
          out += url && inner ? `[${inner}](${Converter.dest(url)})` : inner;
          break;
        }
        case 'IMG': {
          const src = this.opts.image(c);
          const alt = escapeInline((c.getAttribute('alt') ?? '').replace(/\s+/gu, ' ').trim());
          if (src !== undefined) out += `![${alt}](${Converter.dest(src)})`;
          break;
        }
        case 'RUBY':
          out += this.ruby(c);
          break;
        default:
          out += this.inline(c);
      }
    }
    return out;
  }

  /**
   * `<ruby>漢字<rt>かんじ</rt></ruby>` (rp dropped, base and reading as escaped text), which the reader reads as
   * ruby (src/reader/ruby.ts); a ruby without a reading is its base text.
   */
  private ruby(r: DomElement): string {
    let out = '';
    let readings = 0;
    for (const c of children(r)) {
      if (c.nodeType === TEXT_NODE) out += escapeInline(collapse(c.textContent ?? '').trim());
      else if (tag(c) === 'RT') {
        const rt = collapse(c.textContent ?? '').trim();
        if (rt) {
          out += `<rt>${escapeInline(rt)}</rt>`;
          readings++;
        }
      } else if (tag(c) !== 'RP') out += escapeInline(collapse(c.textContent ?? '').trim());
    }
    return readings > 0 ? `<ruby>${out}</ruby>` : out;
  }

  private plain(md: string): string {
    return md.replace(/<\/?r[bpt]?>|<\/?ruby>|[\\*`]|!?\[([^\]]*)\]\([^)]*\)/g, '$1');
  }

  private para(md: string, into: string[]): void {
    const text = md.replace(/(?:\\\n)+$/u, '').trim();
    if (!text || /^(?:\\\n|\s)*$/u.test(text)) return;
    into.push(escapeBlockStart(text));
    this.texts.push(this.plain(text));
  }

  /** Converts the block content of `n` into `into` (default: the document's blocks). */
  block(n: DomNode, into: string[] = this.blocks): void {
    let run = '';
    const flush = () => {
      this.para(run, into);
      run = '';
    };
    for (const c of this.merged(n)) {
      if (typeof c === 'string') {
        run += this.text(collapse(c));
        continue;
      }
      if (!isElement(c) || SKIP.has(tag(c))) continue;
      if (!BLOCK.has(tag(c)) || this.notes.has(c)) {
        // an inline element: reuse inline() through a one-child wrapper
        run += this.inline({ nodeType: 1, nodeName: '#fragment', textContent: null, childNodes: [c], parentNode: null });
        continue;
      }
      flush();
      this.blockElement(c, into);
    }
    flush();
  }

  private blockElement(e: DomElement, into: string[]): void {
    const t = tag(e);
    if (/^H[1-6]$/.test(t)) {
      // Readability turns h1 into h2, so the title's own heading is the first one that repeats the title
      if (!this.titleDropped && this.isTitle(e)) {
        this.titleDropped = true;
        return;
      }
      const text = this.inline(e).replace(/\\\n/g, ' ').replace(/\s+/gu, ' ').trim();
      if (!text) return;
      const level = this.levels.get(Number(t.slice(1))) ?? 2;
      into.push(`${'#'.repeat(level)} ${text.replace(/(#+)$/u, '\\$1')}`);
      this.texts.push(this.plain(text));
      return;
    }
    switch (t) {
      case 'UL':
      case 'OL':
        this.list(e, into);
        return;
      case 'BLOCKQUOTE': {
        const inner: string[] = [];
        this.block(e, inner);
        if (inner.length) into.push(inner.join('\n\n').replace(/^/gmu, '> ').replace(/^> $/gmu, '>'));
        return;
      }
      case 'PRE': {
        const code = (e.textContent ?? '').replace(/\n$/u, '');
        if (!code.trim()) return;
        const cls = `${e.querySelector('code')?.getAttribute('class') ?? ''} ${e.getAttribute('class') ?? ''}`;
        const lang = /(?:^|\s)(?:language|lang)-([\w+#.-]+)/u.exec(cls)?.[1] ?? '';
        const f = fenceFor(code, '`', 3);
        into.push(`${f}${lang}\n${code}\n${f}`);
        return;
      }
      case 'TABLE':
        this.table(e, into);
        return;
      case 'HR':
        into.push('---');
        return;
      case 'FIGURE': {
        const caption = e.querySelector('figcaption');
        caption?.remove();
        this.block(e, into);
        if (caption) this.para(this.inline(caption), into);
        return;
      }
      default:
        this.block(e, into);
    }
  }

  private list(l: DomElement, into: string[]): void {
    const ordered = tag(l) === 'OL';
    let n = Number(l.getAttribute('start') ?? '1');
    if (!Number.isInteger(n) || n < 0) n = 1;
    const items: string[] = [];
    for (const li of Array.from(l.children)) {
      if (tag(li) !== 'LI') continue;
      const inner: string[] = [];
      this.block(li, inner);
      if (!inner.length) continue;
      const marker = ordered ? `${n++}. ` : '- ';
      const pad = ' '.repeat(marker.length);
      const body = inner.join('\n\n').replace(/\n(?=.)/gu, `\n${pad}`);
      items.push(marker + body);
    }
    if (items.length) into.push(items.join('\n'));
  }

  private table(tbl: DomElement, into: string[]): void {
    const rows = Array.from(tbl.querySelectorAll('tr'))
      .map((tr) =>
        Array.from(tr.children)
          .filter((c) => /^T[HD]$/.test(tag(c)))
          .map((c) => this.inline(c).replace(/\\\n/g, ' ').replace(/\s+/gu, ' ').trim().replace(/\|/g, '\\|')),
      )
      .filter((r) => r.length > 0);
    const width = Math.max(0, ...rows.map((r) => r.length));
    if (width === 0) return;
    const cells = rows.map((r) => [...r, ...Array<string>(width - r.length).fill('')]);
    const line = (r: string[]) => `| ${r.join(' | ')} |`;
    const [head, ...rest] = cells;
    into.push([line(head!), line(Array<string>(width).fill('---')), ...rest.map(line)].join('\n'));
    for (const r of cells) this.texts.push(this.plain(r.join('')));
  }
}

export function toMarkdown(content: DomElement, opts: ConvertOptions): Converted {
  return new Converter(content, opts).convert();
}
