/** A place in a source text: 0-based offset plus 1-based line and column for people. */
export interface SourceLocation {
  file?: string;
  offset: number;
  line: number;
  column: number;
}

/** 1-based line and column of a 0-based offset (columns count UTF-16 units, as editors do). */
export function locate(text: string, offset: number, file?: string): SourceLocation {
  let line = 1;
  let lineStart = 0;
  const end = Math.max(0, Math.min(offset, text.length));
  for (let i = 0; i < end; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return file === undefined ? { offset, line, column: end - lineStart + 1 } : { file, offset, line, column: end - lineStart + 1 };
}

export function formatLocation(loc: SourceLocation): string {
  return `${loc.file ?? '<input>'}:${loc.line}:${loc.column}`;
}

/** Bad user input with a location: the CLI prints `file:line:col: message`, the host a diagnostic. */
export class InputError extends Error {
  /**
   * @param path where in a JSON document the problem is (array indexes and keys), so a caller
   * holding the document can turn it into a location.
   */
  constructor(message: string, readonly location?: SourceLocation, readonly path?: ReadonlyArray<string | number>) {
    super(message);
    this.name = 'InputError';
  }

  /** `file:line:col: message` when a location is known. */
  describe(): string {
    return this.location ? `${formatLocation(this.location)}: ${this.message}` : this.message;
  }
}
