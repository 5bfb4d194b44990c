import type { RuleCode } from './rules';

export type Severity = 'error' | 'warning' | 'info';

/** 1-based line and column (UTF-16 units, as editors count), plus the 0-based offset in the text. */
export interface Position {
  line: number;
  column: number;
  offset: number;
}

export interface Range {
  start: Position;
  /** Exclusive. */
  end: Position;
}

/** Keys and array indexes from the document root, as jsonc-parser's `modify()` takes them. */
export type JsonPath = Array<string | number>;

/** What a quick fix needs; `fix` names the repair, the other keys are its arguments. */
export interface FixData {
  fix: string;
  [key: string]: string | number | boolean | string[] | undefined;
}

export interface Diagnostic {
  code: RuleCode;
  severity: Severity;
  message: string;
  range: Range;
  data?: FixData;
  /** Where in this document's JSON the rule looked (the node a quick fix edits). */
  relatedPath?: JsonPath;
}

/** A 0-based span of the text. */
export interface Span {
  offset: number;
  length: number;
}

/** Offsets → 1-based line/column, with a line table built once per text. */
export class LineIndex {
  /**
   * Offset where each line starts (line 1 at 0). A typed array: an edit copies the lines before
   * it as one block and shifts the rest in a tight loop (re-linting after a one-tool edit of a
   * 50,000-line file spent most of its time copying and mapping a plain array).
   */
  readonly starts: Int32Array;

  constructor(
    private readonly text: string,
    starts?: Int32Array,
  ) {
    if (starts !== undefined) {
      this.starts = starts;
      return;
    }
    // Grown by doubling, not pushed to an array and copied: on a 60,000-line file the array and
    // Int32Array.from took ten times as long as finding the newlines.
    let found = new Int32Array(1024);
    let count = 1;
    for (let at = text.indexOf('\n'); at >= 0; at = text.indexOf('\n', at + 1)) {
      if (count === found.length) {
        const grown = new Int32Array(2 * count);
        grown.set(found);
        found = grown;
      }
      found[count++] = at + 1;
    }
    this.starts = found.slice(0, count);
  }

  /**
   * The index of a text that differs from this one's only in `[from, oldEnd)`, which became
   * `[from, newEnd)` of `text`: lines before are kept, lines after shifted (no full rescan).
   */
  edited(text: string, from: number, oldEnd: number, newEnd: number): LineIndex {
    const keep = this.firstAbove(from); // starts s with s - 1 < from, i.e. s <= from
    const skip = this.firstAbove(oldEnd); // starts whose newline (s - 1) lies before oldEnd
    const added: number[] = [];
    for (let at = text.indexOf('\n', from); at >= 0 && at < newEnd; at = text.indexOf('\n', at + 1)) added.push(at + 1);
    const delta = newEnd - oldEnd;
    const old = this.starts;
    const starts = new Int32Array(keep + added.length + old.length - skip);
    starts.set(old.subarray(0, keep));
    starts.set(added, keep);
    const moved = keep + added.length - skip;
    for (let i = skip; i < old.length; i++) starts[i + moved] = (old[i] as number) + delta;
    return new LineIndex(text, starts);
  }

  /** The number of line starts s with s <= offset. */
  private firstAbove(offset: number): number {
    let lo = 0;
    let hi = this.starts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((this.starts[mid] as number) <= offset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  position(offset: number): Position {
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    const line = this.firstAbove(clamped) - 1;
    return { line: line + 1, column: clamped - (this.starts[line] as number) + 1, offset: clamped };
  }

  range(span: Span): Range {
    return { start: this.position(span.offset), end: this.position(span.offset + span.length) };
  }
}
