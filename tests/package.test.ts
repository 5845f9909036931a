/**
 * The package as another project sees it: `import { build } from 'cjkpress'` resolves through
 * package.json `exports` to the compiled lib/ (built by `npm test` before vitest), is typed from its
 * declarations, and builds an article — on two threads, so the compiled worker entry is used too.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
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

    // the installed command runs the bundle (lib/bundle/, its worker included): the same bytes as the library
    const cli = join(dir, 'cli');
    execFileSync(
      process.execPath,
      [join(root, 'bin', 'cjkpress.js'), 'build', join(root, 'content', 'jingmen-crisis.md'), '-o', cli, '--page-size', 'A5', '--jobs', '2', '--quiet'],
      {
        env: { ...process.env, SOURCE_DATE_EPOCH: '0' },
      },
    );
    for (const f of ['jingmen-crisis.epub', 'jingmen-crisis.pdf']) expect(readFileSync(join(cli, f)).equals(readFileSync(join(dir, 'out', f))), f).toBe(true);
  }, 120_000);

  it('runs --help from the bundle alone, no module resolved in node_modules', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-hooks-'));
    const hooks = join(dir, 'hooks.mjs');
    // module resolution hooks see every ES module import; each one resolved into node_modules is printed
    writeFileSync(
      hooks,
      "export async function resolve(s, c, next) { const r = await next(s, c); if (r.url.includes('/node_modules/')) process.stderr.write(`${r.url}\\n`); return r; }\n",
    );
    const register = `data:text/javascript,import { register } from 'node:module'; register(${JSON.stringify(`file://${hooks}`)});`;
    const bin = join(root, 'bin', 'cjkpress.js');
    const help = spawnSync(process.execPath, ['--import', register, bin, '--help'], { encoding: 'utf8' });
    expect(help.stdout).toMatch(/^Usage: cjkpress/);
    expect(help.stderr).toBe('');
    // the hooks do see packages: the unbundled library resolves commander from node_modules
    const lib = spawnSync(
      process.execPath,
      ['--import', register, '--input-type=module', '-e', `await import(${JSON.stringify(`file://${join(root, 'lib', 'cli.js')}`)});`],
      {
        encoding: 'utf8',
      },
    );
    expect(lib.stderr).toMatch(/node_modules\/commander\//);
  });
});
