// The one module that knows the `yaml` package: the reader parses front matter, the importer writes it.
import { parseDocument, stringify } from 'yaml';

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
