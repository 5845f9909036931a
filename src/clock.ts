/** The build date: SOURCE_DATE_EPOCH when set (reproducible builds), otherwise now. */
export function buildDate(env: NodeJS.ProcessEnv = process.env, now: () => Date = () => new Date()): Date {
  const raw = env.SOURCE_DATE_EPOCH;
  if (raw !== undefined && raw !== '') {
    const secs = Number(raw);
    if (!Number.isInteger(secs) || secs < 0) throw new Error(`SOURCE_DATE_EPOCH must be a whole number of seconds, got "${raw}"`);
    return new Date(secs * 1000);
  }
  return now();
}
