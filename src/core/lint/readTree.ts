import { parseJsonTree, syntaxErrors, type JsonTree } from './jsonTree';
import type { Reporter } from './reporter';
import { JSON_TOO_DEEP, MAX_JSON_DEPTH, TOO_DEEP_MESSAGE } from '../json/jsonDepth';

/** Larger texts are not parsed at all (a 10 MB file is parsed; this bounds memory and time). */
export const MAX_TEXT_CHARS = 64 * 1024 * 1024;

/**
 * Whole-text checks before parsing: size and U+FFFD. Returns the text to parse (a leading BOM
 * becomes a space, so offsets stay those of the original), or undefined when it is too large.
 */
export function prepareText(text: string, reporter: Reporter): string | undefined {
  if (text.length > MAX_TEXT_CHARS) {
    reporter.add('lint-gave-up', { offset: 0, length: 0 }, `file not checked: ${text.length} characters is over the ${MAX_TEXT_CHARS} limit`);
    return undefined;
  }
  const bad = text.indexOf('\ufffd');
  if (bad >= 0) {
    let count = 0;
    for (let at = bad; at >= 0 && count < 10_000; at = text.indexOf('\ufffd', at + 1)) count++;
    reporter.add('file-encoding', { offset: bad, length: 1 }, `U+FFFD replacement character${count > 1 ? ` (${count} in the file)` : ''}: the file was probably not valid UTF-8`);
  }
  return text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
}

/**
 * Parses `text[start, end)` for linting. On invalid JSON reports every jsonc-parser error (or,
 * when nesting is too deep to read, one `json-too-deep`) and returns undefined.
 */
export function readTree(text: string, reporter: Reporter, start = 0, end = text.length, what = 'the file'): JsonTree | undefined {
  const result = parseJsonTree(text, start, end, MAX_JSON_DEPTH);
  if (result.ok) return result.tree;
  if (/^[ \t\r\n]*$/.test(text.slice(start, end))) {
    reporter.add('file-empty', { offset: start, length: 0 }, `${what} is empty`);
    return undefined;
  }
  if (result.tooDeep) {
    reporter.add(JSON_TOO_DEEP, { offset: result.offset, length: 1 }, TOO_DEEP_MESSAGE);
    return undefined;
  }
  const errors = syntaxErrors(text, start, end);
  if (errors.length === 0) errors.push({ offset: result.offset, length: 1, message: result.message });
  for (const error of errors) reporter.add('json-syntax', error, `invalid JSON: ${error.message}`);
  return undefined;
}

/** Reports keys that a later repeat overrides. */
export function reportDuplicateKeys(tree: JsonTree, reporter: Reporter): void {
  for (const duplicate of tree.duplicates) {
    reporter.add('json-duplicate-key', duplicate.key, `duplicate key "${duplicate.name}": Python keeps only the last value`);
  }
}
