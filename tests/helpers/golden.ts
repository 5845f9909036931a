import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { expect } from 'vitest';

/**
 * Compares a JSON-able value with a golden file. `UPDATE_GOLDEN=1 npm test` rewrites goldens on purpose;
 * a missing golden fails rather than being written silently.
 */
export function expectGolden(path: string, value: unknown): void {
  const text = `${JSON.stringify(value, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1') {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
    return;
  }
  if (!existsSync(path)) throw new Error(`golden file ${path} is missing: run UPDATE_GOLDEN=1 npm test to create it, then review it`);
  expect(text).toBe(readFileSync(path, 'utf8'));
}
