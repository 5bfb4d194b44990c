/** Where a call's name value sits in the generated text: its characters, quotes excluded. */
export interface NameSpan {
  start: number;
  end: number;
}

// A `"name": "` key of a call object; whitespace as JSON allows it.
const NAME_KEY = /"name"\s*:\s*"/g;
// What follows a call's name: its arguments (`parameters` in some models' drift).
const ARGUMENTS_NEXT = /^\s*,\s*"(arguments|parameters)"/;

interface NameValue extends NameSpan {
  name: string;
  /** Followed by `, "arguments"`: a call's name, not an argument that happens to be called "name". */
  callLike: boolean;
}

/**
 * The span of each name of `names` (the parsed calls, in order) in `text`, read as the values of
 * `"name"` keys in order. A key followed by `"arguments"` is taken first, so an argument called
 * "name" whose value happens to be the next call's name is passed over. Undefined for a name no
 * key holds (a shape without a `"name"` key).
 */
export function findNameSpans(text: string, names: readonly string[]): (NameSpan | undefined)[] {
  const values = nameValues(text);
  let cursor = 0;
  return names.map((name) => {
    const at = (callLike: boolean): number => values.findIndex((value, index) => index >= cursor && value.name === name && (value.callLike || !callLike));
    const preferred = at(true);
    const found = preferred >= 0 ? preferred : at(false);
    if (found < 0) return undefined;
    cursor = found + 1;
    const value = values[found];
    return value === undefined ? undefined : { start: value.start, end: value.end };
  });
}

function nameValues(text: string): NameValue[] {
  const values: NameValue[] = [];
  for (const match of text.matchAll(NAME_KEY)) {
    const start = match.index + match[0].length;
    const end = stringEnd(text, start);
    if (end === undefined) continue;
    values.push({ name: decodeJsonString(text.slice(start, end)), start, end, callLike: ARGUMENTS_NEXT.test(text.slice(end + 1, end + 40)) });
  }
  return values;
}

/** Index of the quote that closes the JSON string whose characters start at `start`. */
function stringEnd(text: string, start: number): number | undefined {
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '\\') i++;
    else if (c === '"') return i;
  }
  return undefined;
}

function decodeJsonString(raw: string): string {
  if (!raw.includes('\\')) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}
