import type { Span } from './diagnostic';

const QUOTE = 0;
export const OPEN_BRACE = 1;
export const OPEN_BRACKET = 2;
const CLOSE_BRACE = 3;
const CLOSE_BRACKET = 4;
const MARKS = ['"', '{', '[', '}', ']'];

/**
 * `indexOf` for the five characters that shape JSON, remembering the last answer for each: the
 * splitter asks with rising offsets, so no character is scanned twice for the same mark (a file
 * with no `[` after its first tool used to be rescanned to its end once per tool).
 */
export class MarkScanner {
  // Typed arrays indexed by mark: this is the splitter's inner loop.
  private readonly found = new Float64Array(5).fill(-1);
  private readonly askedFrom = new Float64Array(5).fill(Infinity);
  /** Characters the native searches went over (tests check that splitting is linear). */
  scanned = 0;

  constructor(readonly text: string) {}

  /** The first `MARKS[mark]` at or after `from`; Infinity when there is none. */
  next(mark: number, from: number): number {
    const found = this.found[mark] as number;
    // Valid when last asked from no later than `from` and the answer is not behind `from`.
    if (found >= from && (this.askedFrom[mark] as number) <= from) return found;
    const at = this.text.indexOf(MARKS[mark] as string, from);
    this.scanned += (at < 0 ? this.text.length : at + 1) - Math.min(from, this.text.length);
    const result = at < 0 ? Infinity : at;
    this.found[mark] = result;
    this.askedFrom[mark] = from;
    return result;
  }

  /** Index of the quote closing the string that opens at `open` (text.length if unterminated). */
  stringEnd(open: number): number {
    const text = this.text;
    for (let at = this.next(QUOTE, open + 1); ; at = this.next(QUOTE, at + 1)) {
      if (at === Infinity) return text.length;
      let backslashes = 0;
      while (text.charCodeAt(at - 1 - backslashes) === 92) backslashes++;
      if (backslashes % 2 === 0) return at;
    }
  }
}

/** For tests: every mark kind is searched. */
export const MARK_KINDS = MARKS.length;

/**
 * The index just past the container opening at `open`, found by jumping between brackets and
 * quotes with indexOf (native, much faster than visiting every character of a large file).
 * Pass the splitter's scanner so consecutive calls share what was already scanned.
 */
export function containerEnd(text: string, open: number, scanner: MarkScanner = new MarkScanner(text)): number {
  const opener = (from: number) => {
    const brace = scanner.next(OPEN_BRACE, from);
    const bracket = scanner.next(OPEN_BRACKET, from);
    return brace < bracket ? brace : bracket;
  };
  const closer = (from: number) => {
    const brace = scanner.next(CLOSE_BRACE, from);
    const bracket = scanner.next(CLOSE_BRACKET, from);
    return brace < bracket ? brace : bracket;
  };
  let quote = scanner.next(QUOTE, open);
  let openers = opener(open + 1);
  let closers = closer(open);
  let depth = 1;
  for (;;) {
    if (quote < openers && quote < closers) {
      const end = scanner.stringEnd(quote);
      if (end >= text.length) return text.length;
      quote = scanner.next(QUOTE, end + 1);
      if (openers < end) openers = opener(end + 1);
      if (closers < end) closers = closer(end + 1);
    } else if (openers < closers) {
      depth++;
      openers = opener(openers + 1);
    } else {
      if (closers === Infinity) return text.length;
      if (--depth === 0) return closers + 1;
      closers = closer(closers + 1);
    }
  }
}

const isWs = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

function skipWs(text: string, at: number): number {
  while (at < text.length && isWs(text.charCodeAt(at))) at++;
  return at;
}

export interface ArraySplit {
  spans: Span[];
  /** Set when `stop` ended the split early: where the first element not split starts. */
  stoppedAt?: number;
  /** Characters the bracket searches went over (at most a few times the text's length). */
  scanned: number;
}

/** Elements split between two looks at the clock. */
const CHECK_EVERY = 512;

/**
 * Splits `[a, b, …]` into the spans of its elements by bracket matching (strings skipped), without
 * building values, in time linear in the text. Undefined when the text is not shaped like an
 * array; each element is parsed (and so validated) separately unless its exact text was linted
 * before. `stop` is asked every few hundred elements (the lint's time budget).
 */
export function arrayElements(text: string, stop?: () => boolean): ArraySplit | undefined {
  const scanner = new MarkScanner(text);
  let i = skipWs(text, 0);
  if (text.charCodeAt(i) !== 91) return undefined;
  i = skipWs(text, i + 1);
  const spans: Span[] = [];
  if (text.charCodeAt(i) === 93) return skipWs(text, i + 1) === text.length ? { spans, scanned: 0 } : undefined;
  for (;;) {
    if (stop !== undefined && spans.length % CHECK_EVERY === CHECK_EVERY - 1 && stop()) return { spans, stoppedAt: i, scanned: scanner.scanned };
    const start = i;
    const first = text.charCodeAt(i);
    if (first === 123 || first === 91) {
      i = containerEnd(text, i, scanner);
    } else {
      // A primitive (not a tool, but still an element): up to the next , or ] outside strings.
      for (; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 34) i = scanner.stringEnd(i);
        else if (c === 44 || c === 93) break;
      }
    }
    let end = i;
    while (end > start && isWs(text.charCodeAt(end - 1))) end--;
    if (end === start) return undefined;
    spans.push({ offset: start, length: end - start });
    i = skipWs(text, i);
    const c = text.charCodeAt(i);
    if (c === 44) i = skipWs(text, i + 1);
    else if (c === 93) return skipWs(text, i + 1) === text.length ? { spans, scanned: scanner.scanned } : undefined;
    else return undefined;
  }
}
