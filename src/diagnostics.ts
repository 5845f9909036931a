/** One error type for everything the user can fix: it knows where in which file. */
export class CjkpressError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly col?: number,
    readonly rule?: string,
  ) {
    super(message);
    this.name = 'CjkpressError';
  }

  /** `file:line:col: error: text [rule]` — the shape compilers use, so editors can jump to it. */
  format(): string {
    let where = '';
    if (this.file) {
      where = this.file;
      if (this.line !== undefined) where += `:${this.line}`;
      if (this.line !== undefined && this.col !== undefined) where += `:${this.col}`;
      where += ': ';
    }
    return `${where}error: ${this.message}${this.rule ? ` [${this.rule}]` : ''}`;
  }
}
