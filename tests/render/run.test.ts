/**
 * Rendering on several threads (src/render/): the same bytes and the same warnings, in the same order,
 * as one thread; a failure inside a worker is the same located line; `--keep-going` batches skip the
 * broken article and write the rest; the progress line only where the CLI was given a terminal.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BatchError, build } from '../../src/build.ts';
import { run } from '../../src/cli.ts';
import { type CjkpressError, Diagnostics, formatDiagnostic, InternalError } from '../../src/diagnostics.ts';
import type { Book } from '../../src/model.ts';
import { defaultFonts } from '../../src/fonts/resolve.ts';
import { RenderFailure } from '../../src/render/job.ts';
import { runTasks } from '../../src/render/run.ts';
import { RenderWorker } from '../../src/render/pool.ts';
import { loadBook } from '../../src/build.ts';
import { once } from 'node:events';
import type { Worker } from 'node:worker_threads';

const date = new Date(Date.UTC(2024, 0, 2));
const scratch = (): string => mkdtempSync(join(tmpdir(), 'cjkpress-render-'));

/** An article that warns in the reader, the image loader and the PDF writer. */
function warningArticle(i: number): string {
  const longUrl = `https://example.com/${'长'.repeat(10)}/${'a'.repeat(500)}`;
  return [
    '---',
    `title: 第${i}篇`,
    '---',
    '',
    '## 一节',
    '',
    `正文第${i}篇，有一个[很长的链接](${longUrl})，和一张远程图片。`,
    '',
    '![远程图片](https://example.com/pic.png)',
    '',
    '<span>原样的 HTML</span>',
    '',
    '## 二节',
    '',
    '这一段用来检查多线程和单线程的结果是否完全一样。'.repeat(30),
    '',
  ].join('\n');
}

async function buildWith(dir: string, jobs: number): Promise<{ files: Map<string, Buffer>; warnings: string[] }> {
  const out = join(dir, `out-${jobs}`);
  const warnings: string[] = [];
  const diagnostics = new Diagnostics((d) => warnings.push(formatDiagnostic(d)));
  await build([join(dir, 'src')], { formats: ['epub', 'pdf'], outDir: out, pageSize: 'A5', date, diagnostics, jobs });
  const files = new Map(readdirSync(out).map((f) => [f, readFileSync(join(out, f))]));
  return { files, warnings };
}

describe('rendering on several threads', () => {
  it('a worker told its job is the last ends itself once it has answered, without being stopped', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'a.md'), warningArticle(1));
    const book = await loadBook(join(dir, 'a.md'), { diagnostics: new Diagnostics() });
    const job = { book, format: 'epub' as const, fonts: defaultFonts('zh-CN'), date, pageSize: 'A5' as const, vertical: false };
    for (const last of [true, false]) {
      const w = new RenderWorker();
      const result = w.run(job, last);
      const thread = (w as unknown as { worker: Worker }).worker;
      const exited = once(thread, 'exit').then(() => 'exited' as const);
      expect((await result).bytes.length).toBeGreaterThan(1000);
      const timeout = new Promise<'running'>((resolve) => setTimeout(() => resolve('running'), 3000));
      expect(await Promise.race([exited, timeout]), `last: ${last}`).toBe(last ? 'exited' : 'running');
      await w.close();
    }
  }, 120_000);

  it('gives the bytes and the warnings (in order) of a one-thread build', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'src'));
    for (const i of [1, 2, 3]) writeFileSync(join(dir, 'src', `a${i}.md`), warningArticle(i));
    const one = await buildWith(dir, 1);
    const two = await buildWith(dir, 2);
    expect([...two.files.keys()].sort()).toEqual(['a1.epub', 'a1.pdf', 'a2.epub', 'a2.pdf', 'a3.epub', 'a3.pdf']);
    for (const [name, bytes] of one.files) expect(two.files.get(name)?.equals(bytes), name).toBe(true);
    expect(one.warnings.some((w) => w.includes('[qr]'))).toBe(true);
    expect(one.warnings.some((w) => w.includes('[remote-resource]'))).toBe(true);
    expect(two.warnings).toEqual(one.warnings);
  }, 120_000);

  it('reports a failure inside a worker as the located error of the stage', async () => {
    const book = { file: 'broken.md', meta: {}, blocks: [{ kind: 'paragraph' }], toc: [], appendix: [] } as unknown as Book;
    const fonts = defaultFonts('zh-CN');
    const job = { book, fonts, date, pageSize: 'A4' as const, vertical: false };
    const outcomes = await runTasks(
      [
        { file: 'broken.md', prepare: async () => ({ ...job, format: 'epub' as const }) },
        { file: 'broken.md', prepare: async () => ({ ...job, format: 'pdf' as const }) },
        { file: 'broken.md', prepare: async () => ({ ...job, format: 'epub' as const }) },
      ],
      { jobs: 2, stopOnFailure: false },
    );
    expect(outcomes).toHaveLength(3);
    for (const o of outcomes) {
      expect(o).toBeInstanceOf(RenderFailure);
      const e = (o as RenderFailure).error;
      expect(e).toBeInstanceOf(InternalError);
      expect(e.file).toBe('broken.md');
      expect(e.format()).toMatch(/^broken\.md: error: internal error in the (EPUB|PDF) writer: \w*Error: .* \(please report it\) \[internal\]$/);
    }
  }, 120_000);

  it('keeps going past a broken article: the others are written, the summary names it', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'src'));
    for (const i of [1, 2, 3, 4, 5]) writeFileSync(join(dir, 'src', `a${i}.md`), `---\ntitle: 第${i}篇\n---\n\n正文第${i}篇。\n`);
    writeFileSync(join(dir, 'src', 'zz-broken.md'), '---\ntitle: [unclosed\n---\n\n正文。\n');
    const out = join(dir, 'out');
    const failures: string[] = [];
    const err = await build([join(dir, 'src')], {
      formats: ['epub', 'pdf'],
      outDir: out,
      pageSize: 'A5',
      date,
      jobs: 2,
      keepGoing: true,
      onFailure: (file, e) => failures.push(`${file} ${e.rule}`),
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BatchError);
    expect((err as CjkpressError).message).toBe(`5 built, 1 failed: ${join(dir, 'src', 'zz-broken.md')}`);
    expect(failures).toEqual([`${join(dir, 'src', 'zz-broken.md')} front-matter`]);
    expect(readdirSync(out).sort()).toEqual(['a1.epub', 'a1.pdf', 'a2.epub', 'a2.pdf', 'a3.epub', 'a3.pdf', 'a4.epub', 'a4.pdf', 'a5.epub', 'a5.pdf']);

    // without --keep-going the same folder writes nothing
    const out2 = join(dir, 'out2');
    await expect(build([join(dir, 'src')], { formats: ['epub', 'pdf'], outDir: out2, pageSize: 'A5', date, jobs: 2 })).rejects.toThrow(/front matter/);
    expect(() => readdirSync(out2)).toThrow();
  }, 120_000);

  it('CLI: the located error, the written files, the summary and exit 1; a progress line only on a terminal', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'src'));
    for (const i of [1, 2, 3]) writeFileSync(join(dir, 'src', `a${i}.md`), `---\ntitle: 第${i}篇\n---\n\n正文第${i}篇。\n`);
    writeFileSync(join(dir, 'src', 'b-broken.md'), '---\ntitle: [unclosed\n---\n\n正文。\n');
    const lines: string[] = [];
    const progress: string[] = [];
    const code = await run(['build', join(dir, 'src'), '--out', join(dir, 'out'), '--keep-going', '--jobs', '2'], {
      out: (l) => lines.push(`out ${l}`),
      err: (l) => lines.push(`err ${l}`),
      progress: (l) => progress.push(l),
    });
    expect(code).toBe(1);
    const broken = join(dir, 'src', 'b-broken.md');
    expect(lines.filter((l) => l.startsWith('err'))).toEqual([
      expect.stringMatching(new RegExp(`^err ${broken.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:2:\\d+: error: .* \\[front-matter\\]$`)),
      `err error: 3 built, 1 failed: ${broken} [failed]`,
    ]);
    expect(lines.filter((l) => l.startsWith('out wrote')).length).toBe(6);
    expect(progress.at(-1)).toBe('');
    expect(progress.some((l) => /^\[#+\] 4\/4/.test(l))).toBe(true);

    // no terminal: the same build prints no progress anywhere
    const plain: string[] = [];
    await run(['build', join(dir, 'src'), '--out', join(dir, 'out3'), '--keep-going', '--jobs', '2'], { out: (l) => plain.push(l), err: (l) => plain.push(l) });
    expect(plain.some((l) => l.includes('[#') || l.includes('\r'))).toBe(false);
    expect(plain).toContain(`error: 3 built, 1 failed: ${broken} [failed]`);
  }, 120_000);
});
