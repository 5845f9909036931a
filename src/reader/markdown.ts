// The one module that knows markdown-it: everything after it sees only our model.
import MarkdownIt from 'markdown-it';
import type { Token } from 'markdown-it';
import { CjkpressError } from '../diagnostics.ts';
import type { Block, Inline } from '../model.ts';

const md = new MarkdownIt('commonmark', { html: false, linkify: false, typographer: false });
// Every link reaches the model; transforms/links.ts keeps http/https/mailto/#id and unwraps the rest with a
// warning (markdown-it's own check would silently print `[text](javascript:…)` as literal text).
md.validateLink = () => true;

const CJK_RE = /[\u2e80-\u9fff\uf900-\ufaff\uff00-\uffef\u3000-\u303f]|[\ud840-\ud8bf][\udc00-\udfff]/u;

/** A soft line break inside CJK text must vanish, not become a space (browsers and PDF alike). */
function softBreak(before: string, after: string): string {
  const a = [...before].at(-1) ?? '';
  const b = [...after][0] ?? '';
  return CJK_RE.test(a) || CJK_RE.test(b) ? '' : ' ';
}

function readInlines(tokens: Token[], file: string, line: number): Inline[] {
  const root: Inline[] = [];
  const stack: Inline[][] = [root];
  const top = (): Inline[] => stack[stack.length - 1] ?? root;
  const pushText = (text: string): void => {
    const list = top();
    const last = list[list.length - 1];
    if (last?.kind === 'text') last.text += text;
    else list.push({ kind: 'text', text });
  };
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    switch (t.type) {
      case 'text':
        pushText(t.content);
        break;
      case 'softbreak': {
        const prev = tokens[i - 1]?.content ?? '';
        const next = tokens[i + 1]?.content ?? '';
        const sep = softBreak(prev, next);
        if (sep) pushText(sep);
        break;
      }
      case 'hardbreak':
        top().push({ kind: 'break' });
        break;
      case 'code_inline':
        top().push({ kind: 'code', text: t.content });
        break;
      case 'strong_open':
      case 'em_open':
      case 'link_open': {
        const children: Inline[] = [];
        const node: Inline =
          t.type === 'strong_open'
            ? { kind: 'strong', children }
            : t.type === 'em_open'
              ? { kind: 'emph', children }
              : { kind: 'link', href: String(t.attrGet('href') ?? ''), children };
        top().push(node);
        stack.push(children);
        break;
      }
      case 'strong_close':
      case 'em_close':
      case 'link_close':
        stack.pop();
        break;
      case 'image':
        throw new CjkpressError('images are not supported yet', file, line, 1, 'unsupported');
      default:
        throw new CjkpressError(`unsupported inline Markdown (${t.type})`, file, line, 1, 'unsupported');
    }
  }
  return root;
}

const BLOCK_NAMES: Record<string, string> = {
  bullet_list_open: 'lists',
  ordered_list_open: 'lists',
  blockquote_open: 'block quotes',
  fence: 'code blocks',
  code_block: 'code blocks',
  hr: 'thematic breaks',
  html_block: 'HTML blocks',
  table_open: 'tables',
};

/** Parses the Markdown body into blocks. `firstLine` is the file line of the body's first line. */
export function readBlocks(body: string, file: string, firstLine: number): Block[] {
  const tokens = md.parse(body, {});
  const blocks: Block[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i];
    if (!t) continue;
    const line = firstLine + (t.map?.[0] ?? 0);
    const pos = { file, line };
    if (t.type === 'heading_open') {
      const level = Number(t.tag.slice(1));
      if (level === 1) {
        throw new CjkpressError('a level-1 heading in the body: the title comes from front matter `title`; use ## for sections', file, line, 1, 'heading-level');
      }
      const inline = tokens[i + 1];
      const content = readInlines(inline?.children ?? [], file, line);
      blocks.push({ kind: 'heading', level, id: '', content, pos });
      i += 2;
    } else if (t.type === 'paragraph_open') {
      const inline = tokens[i + 1];
      blocks.push({ kind: 'paragraph', content: readInlines(inline?.children ?? [], file, line), pos });
      i += 2;
    } else {
      const what = BLOCK_NAMES[t.type] ?? t.type;
      throw new CjkpressError(`${what} are not supported yet`, file, line, 1, 'unsupported');
    }
  }
  return blocks;
}
