/**
 * The package as another project sees it: `import { build } from 'cjkpress'` resolves through
 * package.json `exports` to the compiled lib/ (built by `npm test` before vitest), is typed from its
 * declarations, and builds an article — on two threads, so the compiled worker entry is used too.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '..');

describe('the cjkpress package', () => {
  it('is importable and typed from another project, and builds with worker threads', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-consumer-'));
    mkdirSync(join(dir, 'node_modules'));
    symlinkSync(root, join(dir, 'node_modules', 'cjkpress'));
    symlinkSync(join(root, 'node_modules', '@types'), join(dir, 'node_modules', '@types'));
    writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
    const main = `import { build, type BuildOptions, Diagnostics } from 'cjkpress';
const opts: BuildOptions = { formats: ['epub', 'pdf'], outDir: ${JSON.stringify(join(dir, 'out'))}, pageSize: 'A5', date: new Date(0), jobs: 2, diagnostics: new Diagnostics() };
const outputs = await build([${JSON.stringify(join(root, 'content', 'jingmen-crisis.md'))}], opts);
console.log(outputs.map((o) => o.path.split('/').pop()).join(' '));
`;
    writeFileSync(join(dir, 'main.ts'), main);
    // typed: a wrong option is a compile error, the right ones are not
    writeFileSync(
      join(dir, 'wrong.ts'),
      `import { build } from 'cjkpress';\nawait build([], { formats: ['docx'], outDir: 'x', pageSize: 'A5', date: new Date() });\n`,
    );
    const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
    const flags = ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--types', 'node', '--skipLibCheck'];
    execFileSync(process.execPath, [tsc, ...flags, join(dir, 'main.ts')], { cwd: dir });
    let report = '';
    try {
      execFileSync(process.execPath, [tsc, ...flags, join(dir, 'wrong.ts')], { cwd: dir, stdio: 'pipe', encoding: 'utf8' });
    } catch (e) {
      report = String((e as { stdout?: string }).stdout);
    }
    expect(report).toMatch(/wrong\.ts\(2,.*'"docx"' is not assignable/);
    // run: the same code as JavaScript
    writeFileSync(join(dir, 'main.mjs'), main.replace(', type BuildOptions', '').replace('const opts: BuildOptions =', 'const opts ='));
    const out = execFileSync(process.execPath, [join(dir, 'main.mjs')], { cwd: dir, encoding: 'utf8' });
    expect(out.trim()).toBe('jingmen-crisis.epub jingmen-crisis.pdf');
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['jingmen-crisis.epub', 'jingmen-crisis.pdf']);
  }, 120_000);
});
