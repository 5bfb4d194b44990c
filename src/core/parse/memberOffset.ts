import { rawDecode } from '../json/parsePythonJson';

/**
 * Where the value of `key` starts in the JSON object at `start` of `text` (an object that already
 * decoded), so an error can point at the value instead of the object. A repeated key: the last
 * one, whose value json.loads keeps. Undefined when there is no such key.
 */
export function memberValueOffset(text: string, start: number, key: string, maxDepth: number): number | undefined {
  if (text[start] !== '{') return undefined;
  let found: number | undefined;
  let i = skipJsonSpace(text, start + 1);
  while (i < text.length && text[i] !== '}') {
    const name = rawDecode(text, i, { maxDepth });
    if (!name.ok || typeof name.value !== 'string') return found;
    i = skipJsonSpace(text, name.end);
    if (text[i] !== ':') return found;
    const valueStart = skipJsonSpace(text, i + 1);
    const value = rawDecode(text, valueStart, { maxDepth });
    if (!value.ok) return found;
    if (name.value === key) found = valueStart;
    i = skipJsonSpace(text, value.end);
    if (text[i] === ',') i = skipJsonSpace(text, i + 1);
  }
  return found;
}

/** JSON whitespace as Python's json module reads it: space, tab, LF, CR. */
function skipJsonSpace(text: string, at: number): number {
  while (at < text.length && ' \t\n\r'.includes(text[at] ?? 'x')) at++;
  return at;
}
