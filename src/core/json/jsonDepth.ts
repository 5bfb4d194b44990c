import { InputError, locate } from '../errors';

/**
 * The deepest nesting any reader of user JSON accepts (tools, messages, calls, model output,
 * HTTP bodies; future suite and playground files too). It is what CPython 3.11's json.loads reads
 * at top level with the default recursion limit (measured: 995 ok, 996 RecursionError), so a file
 * we accept is one the Python side can read. Every recursive walk over values read from user JSON
 * (dumps, render, grammar, lint, conversion) relies on it: 995 levels fit the JS stack many times.
 */
export const MAX_JSON_DEPTH = 995;

/** The lint rule code, and the word the CLI and the server use for the same problem. */
export const JSON_TOO_DEEP = 'json-too-deep';

export const TOO_DEEP_MESSAGE = `JSON nested deeper than ${MAX_JSON_DEPTH} levels: Python's json.loads raises RecursionError here`;

/**
 * The offset of the first `[` or `{` that opens level `limit + 1` in `text[start, end)`, or
 * undefined when nesting stays within the limit. A lexer-level scan (strings skipped, escapes
 * honoured; invalid JSON scanned all the same), iterative and linear, so it is safe to run before
 * a recursive parser on any text.
 */
export function findTooDeep(text: string, start = 0, end = text.length, limit = MAX_JSON_DEPTH): number | undefined {
  let depth = 0;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) {
      // Skip the string; an unterminated one runs to the end, which holds no brackets anyway.
      for (i++; i < end; i++) {
        const d = text.charCodeAt(i);
        if (d === 0x5c) i++;
        else if (d === 0x22) break;
      }
    } else if (c === 0x5b || c === 0x7b) {
      if (depth >= limit) return i;
      depth++;
    } else if ((c === 0x5d || c === 0x7d) && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

/** The located `json-too-deep` error for nesting that passes the limit at `offset`. */
export function tooDeepError(text: string, offset: number, file?: string): InputError {
  return new InputError(`${JSON_TOO_DEEP}: ${TOO_DEEP_MESSAGE}`, locate(text, offset, file));
}

/** Throws the located `json-too-deep` InputError when `text` nests past MAX_JSON_DEPTH. */
export function checkJsonDepth(text: string, file?: string): void {
  const offset = findTooDeep(text);
  if (offset !== undefined) throw tooDeepError(text, offset, file);
}
