import { execFileSync } from 'node:child_process';

/** Whether every one of these programs is on the PATH (tests that need them skip, or fail in CI, without). */
export function hasCommand(...names: string[]): boolean {
  try {
    execFileSync('sh', ['-c', names.map((n) => `command -v ${n}`).join(' && ')], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
