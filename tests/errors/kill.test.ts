/**
 * A build killed while it writes leaves the previous books intact: a child `cjkpress build --verbose`
 * rebuilds several articles over an older build; when it prints its first `writing` line the test waits
 * a random part of the measured write window and kills it (SIGKILL: no handler runs; SIGINT: the
 * handler removes the temporary files and exits 130). Every book is then byte-identical to the old
 * build or to the new one, never partial; only hidden `.NAME.PID.tmp` files may be left by SIGKILL,
 * and the next build removes them.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'cjkpress.js');
const ARTICLES = 4;
const env = { ...process.env, SOURCE_DATE_EPOCH: '1700000000', NO_COLOR: '1' };

function article(i: number, version: string): string {
  const para = `这是第${i}篇文章的${version}版本，用来检查构建被杀死时旧文件是否完好。`.repeat(40);
  return `---\ntitle: 文章${i}（${version}）\n---\n\n## 一节\n\n${para}\n\n## 二节\n\n${para}\n`;
}

interface Child {
  code: number | null;
  signal: NodeJS.Signals | null;
  stderr: string;
  /** ms from the first `writing` line to the end of the write phase, when it got there */
  window?: number;
}

/** Runs a build; with `kill`, sends `kill.signal` `kill.after` ms after the first `writing` line. */
function build(dir: string, kill?: { signal: NodeJS.Signals; after: number }): Promise<Child> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'build', join(dir, 'src'), '--out', join(dir, 'dist'), '--verbose'], {
      env,
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let started: number | undefined;
    let window: number | undefined;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      stderr += s;
      if (started === undefined && stderr.includes('cjkpress: writing ')) {
        started = performance.now();
        if (kill) setTimeout(() => child.kill(kill.signal), kill.after);
      }
      if (started !== undefined && window === undefined && /cjkpress: wrote \d+ files/.test(stderr)) window = performance.now() - started;
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stderr, ...(window !== undefined ? { window } : {}) }));
  });
}

function writeSources(dir: string, version: string): void {
  mkdirSync(join(dir, 'src'), { recursive: true });
  for (let i = 0; i < ARTICLES; i++) writeFileSync(join(dir, 'src', `a${i}.md`), article(i, version));
}

function files(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  for (const f of readdirSync(dir).sort()) out[f] = readFileSync(join(dir, f));
  return out;
}

describe('interrupted builds leave no partial book', () => {
  // the books of the old and the new version, built once without interruption
  let oldBooks: Record<string, Buffer>;
  let newBooks: Record<string, Buffer>;
  let window = 0;

  it('builds the old and the new version (reference bytes, write window)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cjkpress-kill-ref-'));
    writeSources(dir, '旧');
    expect((await build(dir)).code).toBe(0);
    oldBooks = files(join(dir, 'dist'));
    writeSources(dir, '新');
    const r = await build(dir);
    expect(r.code).toBe(0);
    newBooks = files(join(dir, 'dist'));
    expect(Object.keys(newBooks)).toHaveLength(2 * ARTICLES);
    for (const k of Object.keys(newBooks)) expect(newBooks[k]?.equals(oldBooks[k] as Buffer)).toBe(false);
    window = Math.max(5, r.window ?? 0);
    console.log(`kill test: write phase of ${2 * ARTICLES} files takes ${window.toFixed(1)} ms`);
  }, 60_000);

  it.each(['SIGKILL', 'SIGINT'] as const)(
    '%s at random points of the write phase',
    async (signal) => {
      const tries = 5;
      const delays = fc.sample(fc.double({ min: 0, max: window * 1.2, noNaN: true }), { seed: signal === 'SIGKILL' ? 7 : 11, numRuns: tries });
      const seen = { oldOnly: 0, mixed: 0, newOnly: 0, temps: 0 };
      for (const after of delays) {
        const dir = mkdtempSync(join(tmpdir(), 'cjkpress-kill-'));
        writeSources(dir, '旧');
        mkdirSync(join(dir, 'dist'));
        for (const [k, v] of Object.entries(oldBooks)) writeFileSync(join(dir, 'dist', k), v);
        writeSources(dir, '新');
        const r = await build(dir, { signal, after });
        if (signal === 'SIGKILL') expect(r.signal ?? r.code).toSatisfy((s: unknown) => s === 'SIGKILL' || s === 0);
        // 130 from the handler; 0 (or killed by the default action) when the signal came after the build finished
        else expect([130, 0, 'SIGINT']).toContain(r.code ?? r.signal);

        const left = files(join(dir, 'dist'));
        const temps = Object.keys(left).filter((f) => f.startsWith('.'));
        for (const t of temps) expect(t).toMatch(/^\.a\d\.(epub|pdf)\.\d+\.tmp$/);
        if (signal === 'SIGINT') expect(temps, 'the SIGINT handler removes its temporary files').toEqual([]);
        seen.temps += temps.length > 0 ? 1 : 0;
        let olds = 0;
        let news = 0;
        for (const name of Object.keys(oldBooks)) {
          const got = left[name] as Buffer;
          const isOld = got.equals(oldBooks[name] as Buffer);
          const isNew = got.equals(newBooks[name] as Buffer);
          expect(isOld || isNew, `${name} after ${signal} at +${after.toFixed(1)} ms is neither the old nor the new book`).toBe(true);
          if (isOld) olds++;
          else news++;
        }
        if (news === 0) seen.oldOnly++;
        else if (olds === 0) seen.newOnly++;
        else seen.mixed++;

        // the next build removes what a killed one left, and finishes the job
        const again = await build(dir);
        expect(again.code).toBe(0);
        expect(files(join(dir, 'dist'))).toEqual(newBooks);
        if (temps.length > 0) expect(again.stderr).toMatch(/removed .*\.tmp \(left by an interrupted build\)/);
      }
      console.log(
        `kill test ${signal}: ${tries} kills → all old ${seen.oldOnly}, old+new ${seen.mixed}, all new ${seen.newOnly}; temp files left ${seen.temps}`,
      );
    },
    180_000,
  );
});
