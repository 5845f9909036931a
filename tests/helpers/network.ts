import { createRequire } from 'node:module';

/**
 * Runs `fn` with every way Node opens a connection replaced by a trap, and returns what was attempted.
 * The tool promises no network access at run time; this is how the tests hold it to that.
 */
export async function networkCallsDuring(fn: () => Promise<unknown>): Promise<string[]> {
  const req = createRequire(import.meta.url);
  const mods = ['node:http', 'node:https', 'node:net', 'node:tls', 'node:dns', 'node:http2'].map((m) => req(m) as Record<string, unknown>);
  const keys = ['request', 'get', 'connect', 'createConnection', 'lookup', 'resolve'];
  const saved = mods.map((m) => keys.filter((k) => typeof m[k] === 'function').map((k) => [k, m[k]] as const));
  const savedFetch = globalThis.fetch;
  const calls: string[] = [];
  const trap = (what: string) => () => {
    calls.push(what);
    throw new Error(`network access: ${what}`);
  };
  for (const [i, m] of mods.entries()) for (const [k] of saved[i] ?? []) m[k] = trap(`${i}.${k}`);
  globalThis.fetch = trap('fetch') as unknown as typeof fetch;
  try {
    await fn();
  } finally {
    for (const [i, m] of mods.entries()) for (const [k, v] of saved[i] ?? []) m[k] = v;
    globalThis.fetch = savedFetch;
  }
  return calls;
}
