import type { Inline } from '../../model.ts';

/**
 * An inline element of the structure tree a run belongs to (tags.ts): one object per link, footnote
 * reference or code span of the model, shared by all of its runs; `parent`: the element it sits in.
 */
export interface InlineTag {
  type: 'Link' | 'Reference' | 'Code';
  parent?: InlineTag;
}

/** A piece of text with its face and link, before line breaking. */
export interface TextRun {
  /** the innermost inline element it belongs to (none: the block's own text) */
  inline?: InlineTag;
  text: string;
  face: 'regular' | 'bold' | 'mono';
  link?: string;
  /** emphasis: emphasis dots (着重号) under its CJK characters */
  emph?: boolean;
  /** a superscript (footnote number, link number): set smaller, on the line's top */
  sup?: boolean;
  /** the footnote a superscript refers to */
  noteId?: string;
  /** part of a ruby base: the runs of one base share the same object */
  ruby?: RubyMark;
}

/** The reading of a ruby base (one, or one per base character), shared by the runs of that base. */
export interface RubyMark {
  rt: readonly string[];
}

export interface RunOptions {
  /** print the appendix number of each numbered web link after its text, as a superscript "[n]" */
  linkNumbers?: boolean;
  /** how a footnote number is printed (default: the digits) */
  noteLabel?: (n: number) => string;
}

/**
 * Flattens inline content into runs, split into segments at hard line breaks.
 * Emphasis keeps the face and is marked `emph` (the writer draws dots); strong is bold; code is mono.
 */
export function toRuns(content: readonly Inline[], face: 'regular' | 'bold' = 'regular', opts: RunOptions = {}): TextRun[][] {
  const segments: TextRun[][] = [[]];
  const walk = (
    nodes: readonly Inline[],
    f: 'regular' | 'bold',
    link: string | undefined,
    emph: boolean,
    tag: InlineTag | undefined,
    ruby?: RubyMark,
  ): void => {
    const inner = (type: InlineTag['type']): { inline: InlineTag } => ({ inline: { type, ...(tag ? { parent: tag } : {}) } });
    for (const n of nodes) {
      const seg = segments[segments.length - 1] as TextRun[];
      const base = ruby ? { ruby } : {};
      const extra = { ...(link ? { link } : {}), ...(emph ? { emph: true } : {}), ...(tag ? { inline: tag } : {}), ...base };
      switch (n.kind) {
        case 'text':
          if (n.text) seg.push({ text: n.text, face: f, ...extra });
          break;
        case 'code':
          if (n.text) seg.push({ text: n.text, face: 'mono', ...(link ? { link } : {}), ...inner('Code'), ...base });
          break;
        case 'math':
          // TeX source in the code face: nothing here typesets TeX
          if (n.tex) seg.push({ text: n.tex, face: 'mono', ...(link ? { link } : {}), ...inner('Code'), ...base });
          break;
        case 'break':
          segments.push([]);
          break;
        case 'strong':
          walk(n.children, 'bold', link, emph, tag, ruby);
          break;
        case 'emph':
          walk(n.children, f, link, true, tag, ruby);
          break;
        case 'ruby':
          // a ruby never holds another (the reader flattens its base)
          walk(n.children, f, link, emph, tag, ruby ?? { rt: n.rt });
          break;
        case 'link': {
          // web links and in-book `#id` links (the writer turns those into jumps to the heading)
          const target = /^(https?:|mailto:|#.)/i.test(n.href);
          walk(n.children, f, target ? n.href : link, emph, target ? inner('Link').inline : tag, ruby);
          if (opts.linkNumbers && n.ref !== undefined)
            (segments[segments.length - 1] as TextRun[]).push({ text: `[${n.ref}]`, face: 'regular', sup: true, ...(tag ? { inline: tag } : {}) });
          break;
        }
        case 'noteref':
          seg.push({ text: opts.noteLabel ? opts.noteLabel(n.n) : String(n.n), face: 'regular', sup: true, noteId: n.id, ...inner('Reference') });
          break;
      }
    }
  };
  walk(content, face, undefined, false, undefined);
  return segments.filter((s) => s.length > 0);
}
