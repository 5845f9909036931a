// epubcheck on many files in one JVM: its CLI takes one file and the JVM start costs ~3 s per file.
import { execFile, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const EPUBCHECK_JAR = '/usr/share/java/epubcheck.jar';
export const haveEpubcheck = existsSync(EPUBCHECK_JAR) && spawnSync('java', ['-version']).status === 0;

export interface EpubcheckResult {
  file: string;
  errors: number;
  warnings: number;
}

/** Runs EpubcheckBatch.java (Java's single-file source launcher) on `files`; output of failures included. */
export function epubcheckMany(files: readonly string[]): Promise<{ results: EpubcheckResult[]; output: string }> {
  const src = join(import.meta.dirname, 'EpubcheckBatch.java');
  return new Promise((resolve, reject) => {
    execFile('java', ['-cp', EPUBCHECK_JAR, src, ...files], { maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const results: EpubcheckResult[] = [];
      for (const m of stdout.matchAll(/^RESULT (.+) errors=(\d+) warnings=(\d+)$/gm)) {
        results.push({ file: m[1] as string, errors: Number(m[2]), warnings: Number(m[3]) });
      }
      if (results.length !== files.length) reject(new Error(`epubcheck: ${err?.message ?? ''}\n${stdout}\n${stderr}`));
      else resolve({ results, output: `${stdout}\n${stderr}` });
    });
  });
}
