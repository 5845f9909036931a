import type { Inline } from '../../model.ts';

/** A piece of text with its face and link, before line breaking. */
export interface TextRun {
  text: string;
  face: 'regular' | 'bold';
  link?: string;
}

/**
 * Flattens inline content into runs, split into segments at hard line breaks.
 * Emphasis is set in the regular face here (emphasis dots are a later feature); strong is bold.
 */
export function toRuns(content: readonly Inline[], face: TextRun['face'] = 'regular'): TextRun[][] {
  const segments: TextRun[][] = [[]];
  const walk = (nodes: readonly Inline[], f: TextRun['face'], link?: string): void => {
    for (const n of nodes) {
      const seg = segments[segments.length - 1] as TextRun[];
      switch (n.kind) {
        case 'text':
        case 'code':
          if (n.text) seg.push(link ? { text: n.text, face: f, link } : { text: n.text, face: f });
          break;
        case 'break':
          segments.push([]);
          break;
        case 'strong':
          walk(n.children, 'bold', link);
          break;
        case 'emph':
          walk(n.children, f, link);
          break;
        case 'link':
          walk(n.children, f, /^(https?:|mailto:)/i.test(n.href) ? n.href : link);
          break;
      }
    }
  };
  walk(content, face);
  return segments.filter((s) => s.length > 0);
}
