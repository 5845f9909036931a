/**
 * Link policy on the model (after heading ids): an http, https or mailto link stays; `#id` stays when
 * a heading has that id; anything else is unwrapped — its text stays, the link goes — with a warning.
 * The reader hands every link over (markdown-it's own validateLink would silently print
 * `[text](javascript:…)` as literal text instead).
 */
import type { Diagnostics } from '../diagnostics.ts';
import { mapBlockInlines, mapChildBlocks, mergeText, type Block, type Inline } from '../model.ts';
import { isExternalHref, isFragmentHref, schemeOf } from '../safety/urls.ts';

/** 1-based line and code-point column of `needle` (plus `skip` characters) at or after `fromLine`, if the source has it. */
function locate(lines: readonly string[] | undefined, fromLine: number, needle: string, skip = 0): { line: number; col: number } {
  if (lines) {
    for (let l = fromLine; l <= lines.length && l < fromLine + 10_000; l++) {
      const text = lines[l - 1] ?? '';
      const i = text.indexOf(needle);
      if (i >= 0) return { line: l, col: [...text.slice(0, i)].length + 1 + skip };
    }
  }
  return { line: fromLine, col: 1 };
}

function shorten(s: string, max = 60): string {
  const chars = [...s];
  return chars.length > max ? `${chars.slice(0, max).join('')}…` : s;
}

export interface LinkContext {
  ids: ReadonlySet<string>;
  diagnostics?: Diagnostics | undefined;
  /** the file's lines (line 1 first), to find the column of a dropped link */
  lines?: readonly string[] | undefined;
}

export function checkLinks(blocks: readonly Block[], ctx: LinkContext): Block[] {
  return checkInlineLinks(blocks, ctx).map((b) => checkFigureLinks(b, ctx));
}

/** The link around an image (`[![alt](src)](link)`) follows the same policy as a text link. */
function checkFigureLinks(b: Block, ctx: LinkContext): Block {
  if (b.kind !== 'figure') return mapChildBlocks(b, (c) => checkFigureLinks(c, ctx));
  if (b.link === undefined || isExternalHref(b.link)) return b;
  if (isFragmentHref(b.link) && ctx.ids.has(decodeFragment(b.link))) return { ...b, link: `#${decodeFragment(b.link)}` };
  const raw = safeDecode(b.link);
  const scheme = schemeOf(raw);
  const at = locate(ctx.lines, b.pos.line, `](${raw}`.slice(0, 40), 2);
  const msg = isFragmentHref(raw)
    ? `link to ${shorten(raw)} around an image dropped: no heading has this id (the image stays)`
    : `link ${scheme ? `to ${scheme}:` : shorten(raw) || '(empty)'} around an image dropped: only http, https and mailto links are kept (the image stays)`;
  ctx.diagnostics?.warn(msg, b.pos.file, at.line, at.col, isFragmentHref(raw) ? 'link-target' : 'link-scheme');
  const { link: _dropped, ...rest } = b;
  return rest;
}

function checkInlineLinks(blocks: readonly Block[], ctx: LinkContext): Block[] {
  return blocks.map((top) =>
    mapBlockInlines(top, (content, b) => {
      let changed = false;
      const walk = (nodes: readonly Inline[]): Inline[] => {
        const out: Inline[] = [];
        for (const n of nodes) {
          if (n.kind === 'strong' || n.kind === 'emph') {
            out.push({ ...n, children: walk(n.children) });
            continue;
          }
          if (n.kind !== 'link') {
            out.push(n);
            continue;
          }
          const children = walk(n.children);
          if (isExternalHref(n.href) && hasValidHost(n.href)) {
            out.push({ ...n, children });
            continue;
          }
          if (isFragmentHref(n.href) && ctx.ids.has(decodeFragment(n.href))) {
            // markdown-it percent-encodes `#中文`; heading ids keep CJK, so link to the id itself
            const href = `#${decodeFragment(n.href)}`;
            if (href !== n.href) changed = true;
            out.push({ ...n, href, children });
            continue;
          }
          changed = true;
          const raw = safeDecode(n.href); // markdown-it percent-encodes; messages show what the author wrote
          const at = locate(ctx.lines, b.pos.line, `(${raw}`.slice(0, 40), 1); // the column of the target itself
          const scheme = schemeOf(raw);
          const badHost = isExternalHref(n.href);
          const msg = isFragmentHref(raw)
            ? `link to ${shorten(raw)} dropped: no heading has this id (the text stays)`
            : badHost
              ? `link to ${shorten(raw)} dropped: not a valid web address (the text stays)`
              : scheme
                ? `link to ${scheme}: dropped: only http, https and mailto links are kept (the text stays)`
                : `relative link ${shorten(raw) || '(empty)'} dropped: only http, https and mailto links are kept (the text stays)`;
          ctx.diagnostics?.warn(msg, b.pos.file, at.line, at.col, isFragmentHref(raw) ? 'link-target' : badHost ? 'link-url' : 'link-scheme');
          out.push(...children);
        }
        return out;
      };
      const out = walk(content);
      return changed ? mergeText(out) : content;
    }),
  );
}

/**
 * Whether an http(s) link's host is a host name (labels of letters, digits, `-`, `_`, any script) or an
 * IP literal. `<https://../>` or `<https://foo.bar.\`baz>` are autolinks by CommonMark, but no reader can
 * open them and epubcheck warns (RSC-023): such a link is dropped like any other unusable one.
 * mailto: links have no host to check.
 */
export function hasValidHost(href: string): boolean {
  if (!/^https?:/i.test(href)) return true;
  const m = /^https?:\/\/(?:[^@/?#]*@)?(\[[0-9A-Fa-f:.]+\]|[^/?#:]*)(?::[0-9]*)?(?:[/?#]|$)/i.exec(href);
  const host = m?.[1];
  if (!host) return false;
  if (host.startsWith('[')) return true;
  let name: string;
  try {
    name = decodeURIComponent(host);
  } catch {
    return false;
  }
  const labels = name.split('.');
  if (labels[labels.length - 1] === '' && labels.length > 1) labels.pop(); // `example.com.` is a full name
  return labels.every((l) => /^[\p{L}\p{M}\p{N}_-]+$/u.test(l));
}

function safeDecode(s: string): string {
  try {
    return decodeURI(s);
  } catch {
    return s;
  }
}

function decodeFragment(href: string): string {
  try {
    return decodeURIComponent(href.slice(1));
  } catch {
    return href.slice(1);
  }
}
