import type { Span } from './diagnostic';

/**
 * The compact JSON of a valid JSON span: whitespace outside strings removed, lexemes and key order
 * as written. Stable across reformatting, so it keys the validator caches.
 */
export function compactSlice(text: string, span: Span): string {
  const end = span.offset + span.length;
  let out = '';
  let runStart = span.offset;
  let inString = false;
  for (let i = span.offset; i < end; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 92) i++;
      else if (c === 34) inString = false;
    } else if (c === 34) {
      inString = true;
    } else if (c === 32 || c === 10 || c === 13 || c === 9) {
      out += text.slice(runStart, i);
      runStart = i + 1;
    }
  }
  return out + text.slice(runStart, end);
}

/** Decoded characters between two remembered source offsets. */
const CHECKPOINT_EVERY = 256;

/**
 * Decoded index → source offset inside one JSON string literal (quotes included in `span`):
 * escapes (`\n`, `\"`, `\u00e9`) take several source characters for one decoded one. Offsets of
 * every 256th decoded character are remembered as they are reached, so each lookup walks at most
 * 256 characters past the last checkpoint it needs: mapping thousands of calls of one long
 * output is linear in the output, whatever the lookup order. An index past the end maps to the
 * closing quote.
 */
export class StringOffsets {
  private readonly checkpoints: number[];
  private readonly close: number;
  /** Source characters walked so far (tests check that mapping is linear). */
  steps = 0;

  constructor(
    private readonly text: string,
    span: Span,
  ) {
    this.close = span.offset + span.length - 1;
    this.checkpoints = [span.offset + 1];
  }

  offset(index: number): number {
    const want = Math.floor(Math.max(0, index) / CHECKPOINT_EVERY);
    let k = this.checkpoints.length - 1;
    while (k < want && (this.checkpoints[k] as number) < this.close) {
      this.checkpoints.push(this.walk(this.checkpoints[k] as number, CHECKPOINT_EVERY));
      k++;
    }
    k = Math.min(k, want);
    return this.walk(this.checkpoints[k] as number, index - k * CHECKPOINT_EVERY);
  }

  /** Span in the source of decoded characters [from, to). */
  sub(from: number, to: number): Span {
    const start = this.offset(from);
    const end = this.offset(Math.max(from + 1, to));
    return { offset: start, length: Math.max(1, end - start) };
  }

  private walk(from: number, count: number): number {
    const text = this.text;
    let at = from;
    for (let decoded = 0; decoded < count && at < this.close; decoded++) {
      at += text.charCodeAt(at) !== 92 ? 1 : text.charCodeAt(at + 1) === 117 ? 6 : 2;
    }
    this.steps += at - from;
    return Math.min(at, this.close);
  }
}

/** Where decoded character `index` of the JSON string literal at `span` is in the source (one lookup). */
export function stringSourceOffset(text: string, span: Span, index: number): number {
  return new StringOffsets(text, span).offset(index);
}

/** Span in the source of decoded characters [from, to) of the string literal at `span` (one lookup). */
export function stringSubSpan(text: string, span: Span, from: number, to: number): Span {
  return new StringOffsets(text, span).sub(from, to);
}

/** Levenshtein distance, giving up (returning max + 1) once it must exceed `max`. */
export function editDistance(a: string, b: string, max = Infinity): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const value = Math.min((previous[j] as number) + 1, (current[j - 1] as number) + 1, (previous[j - 1] as number) + cost);
      current.push(value);
      rowMin = Math.min(rowMin, value);
    }
    if (rowMin > max) return max + 1;
    previous = current;
  }
  return previous[b.length] as number;
}

/** The candidate closest to `name` (case-insensitive edit distance), if close enough to suggest. */
export function closest(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 3));
  let best: string | undefined;
  let bestDistance = limit + 1;
  for (const candidate of candidates) {
    const distance = editDistance(name.toLowerCase(), candidate.toLowerCase(), limit);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
