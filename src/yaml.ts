// The one module that knows the `yaml` package: the reader parses front matter, the importer writes it.
import { isNode, parseDocument, stringify } from 'yaml';

export type YamlResult = { ok: true; value: unknown } | { ok: false; offset: number; message: string };

/** Parses one YAML document; duplicate keys are errors (a front matter with two titles is a mistake). */
export function parseYaml(text: string): YamlResult {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true });
  const err = doc.errors[0];
  if (err) return { ok: false, offset: err.pos[0], message: err.message.split('\n')[0] ?? 'invalid YAML' };
  return { ok: true, value: doc.toJS() };
}

/** Block-style YAML, never folded, so the text depends only on the data. */
export function emitYaml(value: unknown): string {
  return stringify(value, { lineWidth: 0, minContentWidth: 0 });
}

export type YamlPath = readonly (string | number)[];

/**
 * Like `parseYaml`, with a locator: the offset of the value at `path` (a key's value, a list item), or
 * of its key's parent when the value is absent, so a book file's errors point at what is wrong.
 */
export function parseYamlLocated(text: string): YamlResult & { offsetOf: (path: YamlPath) => number } {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, keepSourceTokens: false });
  const offsetOf = (path: YamlPath): number => {
    for (let n = path.length; n >= 0; n--) {
      const node = n === 0 ? doc.contents : doc.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return node.range[0];
    }
    return 0;
  };
  const err = doc.errors[0];
  if (err) return { ok: false, offset: err.pos[0], message: err.message.split('\n')[0] ?? 'invalid YAML', offsetOf };
  return { ok: true, value: doc.toJS(), offsetOf };
}

/** 1-based line and column (in code points) of an offset in `text`. */
export function lineCol(text: string, offset: number): { line: number; col: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, col: [...before.slice(before.lastIndexOf('\n') + 1)].length + 1 };
}
