import { LineIndex, type Span } from './diagnostic';

/**
 * The last linted version of a file, so the next lint after an edit inside one tool can skip
 * splitting and rescanning the whole file. Results never depend on it: an edit is only taken
 * this way when the file's structure outside that tool is provably the same.
 */
export interface Snapshot<R> {
  text: string;
  spans: readonly Span[];
  lines: LineIndex;
  /** Per-element results (relative to the element), undefined for the element that changed. */
  results: ReadonlyArray<R | undefined>;
}

const MAX_SESSIONS = 16;
const sessions = new Map<string, Snapshot<unknown>>();

export function rememberSnapshot<R>(file: string, snapshot: Snapshot<R>): void {
  sessions.delete(file);
  sessions.set(file, snapshot);
  for (const [oldest] of sessions) {
    if (sessions.size <= MAX_SESSIONS) break;
    sessions.delete(oldest);
  }
}

export function forgetSnapshots(): void {
  sessions.clear();
}

/** Same length prefix of a and b, comparing in large chunks first (native string equality). */
function commonPrefix(a: string, b: string, limit: number): number {
  let i = 0;
  for (const step of [65536, 4096, 256, 16]) {
    while (i + step <= limit && a.slice(i, i + step) === b.slice(i, i + step)) i += step;
  }
  while (i < limit && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}

function commonSuffix(a: string, b: string, limit: number): number {
  let n = 0;
  for (const step of [65536, 4096, 256, 16]) {
    while (n + step <= limit && a.slice(a.length - n - step, a.length - n) === b.slice(b.length - n - step, b.length - n)) n += step;
  }
  while (n < limit && a.charCodeAt(a.length - 1 - n) === b.charCodeAt(b.length - 1 - n)) n++;
  return n;
}

/**
 * Element spans and line index of `text` from the file's previous snapshot, when `text` differs
 * from it only strictly inside one element whose brackets still match at the same place.
 * `containerEnd` is the splitter's own bracket matcher.
 */
export function editedSnapshot<R>(file: string, text: string, containerEnd: (text: string, open: number) => number): Snapshot<R> | undefined {
  const previous = sessions.get(file) as Snapshot<R> | undefined;
  if (previous === undefined) return undefined;
  const old = previous.text;
  if (old === text) return previous;
  const shorter = Math.min(old.length, text.length);
  const from = commonPrefix(old, text, shorter);
  const suffix = commonSuffix(old, text, shorter - from);
  const oldEnd = old.length - suffix;
  const newEnd = text.length - suffix;
  const delta = text.length - old.length;
  const spans = previous.spans;
  // The element containing the change: the last one starting before it.
  let lo = 0;
  let hi = spans.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((spans[mid] as Span).offset < from) lo = mid;
    else hi = mid - 1;
  }
  const edited = spans[lo];
  if (edited === undefined || !(edited.offset < from && oldEnd < edited.offset + edited.length)) return undefined;
  const first = text.charCodeAt(edited.offset);
  if ((first !== 123 && first !== 91) || containerEnd(text, edited.offset) !== edited.offset + edited.length + delta) return undefined;
  const moved = spans.map((span, i) => (i < lo ? span : i === lo ? { offset: span.offset, length: span.length + delta } : { offset: span.offset + delta, length: span.length }));
  const results = previous.results.map((result, i) => (i === lo ? undefined : result));
  return { text, spans: moved, lines: previous.lines.edited(text, from, oldEnd, newEnd), results };
}
