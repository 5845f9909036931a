import { parseYaml } from '../yaml.ts';
import { CjkpressError } from '../diagnostics.ts';

export interface FrontMatter {
  data: Record<string, unknown>;
  /** the Markdown after the closing `---` */
  body: string;
  /** 1-based line of the first body line in the file */
  bodyLine: number;
}

/** Splits `---\nYAML\n---\n` off the top of a file and parses it; positions in errors are file lines. */
export function splitFrontMatter(text: string, file: string): FrontMatter {
  const lines = text.split('\n');
  if (lines[0]?.trimEnd() !== '---') {
    throw new CjkpressError('no YAML front matter: the file must start with a line `---`', file, 1, 1, 'front-matter');
  }
  let end = -1;
  for (let i = 1; i < lines.length; i++) {
    const l = lines[i]?.trimEnd();
    if (l === '---' || l === '...') {
      end = i;
      break;
    }
  }
  if (end < 0) throw new CjkpressError('front matter is not closed by a line `---`', file, 1, 1, 'front-matter');
  const yamlText = lines.slice(1, end).join('\n');
  const parsed = parseYaml(yamlText);
  if (!parsed.ok) throw yamlError(parsed.offset, parsed.message, yamlText, file);
  const data = parsed.value;
  if (data === null || data === undefined) {
    return { data: {}, body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 };
  }
  if (typeof data !== 'object' || Array.isArray(data)) {
    throw new CjkpressError('front matter must be a YAML mapping (key: value lines)', file, 2, 1, 'front-matter');
  }
  return { data: data as Record<string, unknown>, body: lines.slice(end + 1).join('\n'), bodyLine: end + 2 };
}

function yamlError(offset: number, message: string, yamlText: string, file: string): CjkpressError {
  const before = yamlText.slice(0, offset);
  const line = before.split('\n').length + 1; // +1 for the opening ---
  const col = offset - before.lastIndexOf('\n');
  return new CjkpressError(`front matter is not valid YAML: ${message}`, file, line, col, 'front-matter');
}
