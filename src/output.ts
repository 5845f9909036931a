import { closeSync, fsync, openSync, rmSync, write } from 'node:fs';
import { promisify } from 'node:util';
import { mkdir, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CjkpressError } from './diagnostics.ts';

export interface Output {
  path: string;
  bytes: Uint8Array;
}

export interface WriteOptions {
  /** progress lines for --verbose */
  log?: (line: string) => void;
}

/** Temporary files this process is writing; removed synchronously on SIGINT (see removeTempFilesSync). */
const live = new Map<string, number | undefined>();
const fsyncAsync = promisify(fsync);
const writeAsync = (fd: number, data: Uint8Array, offset: number, length: number): Promise<number> =>
  new Promise((resolve, reject) => write(fd, data, offset, length, null, (err, n) => (err ? reject(err) : resolve(n))));

/** `dist/.a.epub.1234.tmp`: a dot-file beside the target, so it is hidden and on the same file system. */
export function tempName(target: string, pid = process.pid): string {
  return join(dirname(target), `.${basename(target)}.${pid}.tmp`);
}

const TEMP_RE = /^\.(.+)\.(\d+)\.tmp$/;

function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes `.NAME.PID.tmp` files for `target` left by a build that was killed (SIGKILL, power loss):
 * only those whose process is gone, so a concurrent build of the same file keeps its own.
 * Returns the names removed.
 */
export async function removeStaleTemps(target: string): Promise<string[]> {
  const dir = dirname(target);
  const name = basename(target);
  let entries: string[];
  try {
    entries = await readdir(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const e of entries) {
    const m = TEMP_RE.exec(e);
    if (!m || m[1] !== name || isAlive(Number(m[2]))) continue;
    await rm(join(dir, e), { force: true });
    removed.push(join(dir, e));
  }
  return removed;
}

/** Called from the SIGINT handler: closes and deletes every temporary file this process has open. */
export function removeTempFilesSync(): void {
  for (const [tmp, fd] of live) {
    try {
      if (fd !== undefined) closeSync(fd);
    } catch {
      // already closed
    }
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing more we can do while exiting
    }
  }
  live.clear();
}

function describeIoError(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a file is in the way where a folder is needed';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'EROFS':
      return 'read-only file system';
    case 'ENOSPC':
      return 'no space left on the device';
    case 'EISDIR':
      return 'a folder is in the way where the file should go';
    default:
      return e.message;
  }
}

async function writeTemp(tmp: string, bytes: Uint8Array): Promise<void> {
  // Opened synchronously: a signal handler runs only between JavaScript turns, so it can never fall
  // between the file's creation on a worker thread and its registration here (that left temp files).
  // Exclusive ('wx'): never write through a planted symlink.
  const fd = openSync(tmp, 'wx', 0o644);
  live.set(tmp, fd);
  try {
    for (let done = 0; done < bytes.length; ) done += await writeAsync(fd, bytes, done, bytes.length - done);
    await fsyncAsync(fd); // the rename must not become visible before the data
  } finally {
    live.set(tmp, undefined);
    closeSync(fd);
  }
}

/**
 * Writes each output to a temporary file beside its target and renames it into place, so a reader of
 * the folder (or a crash) never sees a half-written book, and an older file stays intact until then.
 * Every file is written before the first rename: a failure while writing leaves every target as it was.
 */
export async function writeOutputs(outputs: readonly Output[], opts: WriteOptions = {}): Promise<void> {
  const temps: string[] = [];
  let current = outputs[0]?.path;
  try {
    for (const o of outputs) {
      current = o.path;
      const dir = dirname(o.path);
      await mkdir(dir, { recursive: true });
      if (!(await stat(dir)).isDirectory()) throw Object.assign(new Error('not a folder'), { code: 'ENOTDIR', path: dir });
      for (const s of await removeStaleTemps(o.path)) opts.log?.(`removed ${s} (left by an interrupted build)`);
      const tmp = tempName(o.path);
      await rm(tmp, { force: true });
      temps.push(tmp);
      opts.log?.(`writing ${tmp}`);
      await writeTemp(tmp, o.bytes);
    }
    // A rename that fails half-way would leave some books new and some old: find what is known to make
    // one fail (a folder where the book goes) before the first rename.
    for (const o of outputs) {
      current = o.path;
      const s = await stat(o.path).catch(() => undefined);
      if (s?.isDirectory()) throw Object.assign(new Error('a folder is in the way'), { code: 'EISDIR', path: o.path });
    }
    for (const [i, o] of outputs.entries()) {
      const tmp = temps[i] as string;
      current = o.path;
      await rename(tmp, o.path);
      live.delete(tmp);
      opts.log?.(`renamed ${tmp} → ${o.path}`);
    }
  } catch (e) {
    await Promise.all(temps.map((t) => rm(t, { force: true })));
    for (const t of temps) live.delete(t);
    const err = e as NodeJS.ErrnoException;
    // the hidden temporary name means nothing to the reader: name the book it was for
    const where = err.path === undefined || (current !== undefined && err.path === tempName(current)) ? current : err.path;
    throw new CjkpressError(`cannot write output: ${describeIoError(err)}`, where, undefined, undefined, 'io');
  }
}
