/**
 * Heading precision and recall of the plain-text importer on a varied sample set: tests/fixtures/import/structure/
 * holds clippings (novels in their real chapter forms, an official document, regulations, news with and without a
 * trailer, an anthology of short poems) and, for each NAME.txt, NAME.headings with the headings a careful reader
 * would mark, as `## text` lines in order. A heading counts as found when level and (NFKC) text both match.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importClipping } from '../../src/import/index.ts';

const dir = fileURLToPath(new URL('../fixtures/import/structure/', import.meta.url));
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.txt'))
  .sort();

const headingLines = (md: string) =>
  md
    .slice(md.indexOf('\n---\n') + 5)
    .split('\n')
    .filter((l) => /^#{1,6} /.test(l))
    .map((l) => l.normalize('NFKC'));

interface Score {
  file: string;
  found: string[];
  expected: string[];
  hits: number;
}

function score(file: string): Score {
  const found = headingLines(importClipping(readFileSync(`${dir}${file}`), { file }).markdown);
  const expected = readFileSync(`${dir}${file.replace(/\.txt$/, '.headings')}`, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => l.normalize('NFKC'));
  // multiset intersection
  const left = [...expected];
  let hits = 0;
  for (const h of found) {
    const k = left.indexOf(h);
    if (k >= 0) {
      left.splice(k, 1);
      hits++;
    }
  }
  return { file, found, expected, hits };
}

describe('import: heading precision and recall on the sample set', () => {
  const scores = files.map(score);
  const total = (f: (s: Score) => number) => scores.reduce((n, s) => n + f(s), 0);
  const precision = total((s) => s.hits) / total((s) => s.found.length);
  const recall = total((s) => s.hits) / total((s) => s.expected.length);
  const lines = total((s) => readFileSync(`${dir}${s.file}`, 'utf8').split('\n').length);

  it('has a varied sample of several hundred lines', () => {
    expect(files.length).toBeGreaterThanOrEqual(8);
    expect(lines).toBeGreaterThanOrEqual(300);
  });
  for (const s of scores) {
    it(`${s.file}: the expected headings, in order`, () => {
      expect(s.found).toEqual(s.expected);
    });
  }
  it('precision and recall are both 1.0 overall', () => {
    console.log(
      `headings: ${files.length} files, ${lines} lines, ${total((s) => s.expected.length)} expected, ${total((s) => s.found.length)} found, precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
    );
    expect({ precision, recall }).toEqual({ precision: 1, recall: 1 });
  });
});
