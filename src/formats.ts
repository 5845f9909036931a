/** The editions cjkpress writes (a module of its own so the CLI can check `--format` without loading the build). */
export const FORMATS = ['epub', 'pdf'] as const;
export type Format = (typeof FORMATS)[number];
