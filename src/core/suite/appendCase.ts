import { InputError } from '../errors';
import { isJsonObject, JsonObject, type JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import { readJsonDocument } from '../json/readJsonDocument';
import { parseToolsText } from '../loadInputs';
import type { ChatMessage } from '../messages';
import { setJsonValue, applyTextEdits, type TextEdit } from '../playground/jsonEdits';
import { readTools, type Tool } from '../tools/tool';
import { NO_CALL } from './readExpectation';
import { readSuite } from './readSuite';
import type { SuiteToolsResolver } from './types';

/** What a playground run makes a case of: its conversation, its tools and the calls the user accepted. */
export interface NewCase {
  messages: readonly ChatMessage[];
  tools: readonly Tool[];
  calls: ReadonlyArray<{ name: string; arguments: JsonValue }>;
}

export type AppendCaseResult = { ok: true; edits: TextEdit[]; id: string; text: string } | { ok: false; error: string };

const ID_LENGTH = 48;

/**
 * The edits that append `newCase` to a `*.fctest.json` suite's `cases` (made when missing; an empty
 * text becomes a whole suite). The rest of the text is untouched. The case gets a unique id from
 * its first user message, `query` when the conversation is one user message (else `messages`),
 * its own `tools` only when they differ from the suite's (a suite without tools or cases takes
 * them), and `expect` from the accepted calls or "no call". The result must read with readSuite,
 * else the located reason comes back instead of edits.
 */
export function appendCaseEdits(suiteText: string, file: string, newCase: NewCase, resolveTools: SuiteToolsResolver): AppendCaseResult {
  try {
    return append(suiteText, file, newCase, resolveTools);
  } catch (error) {
    if (error instanceof InputError) return { ok: false, error: error.describe() };
    throw error;
  }
}

function append(suiteText: string, file: string, newCase: NewCase, resolveTools: SuiteToolsResolver): AppendCaseResult {
  if (newCase.messages.length === 0) return { ok: false, error: 'the conversation is empty: a case needs at least one message' };
  if (newCase.tools.length === 0) return { ok: false, error: 'the playground has no tools: a case needs at least one' };
  const toolsValue = newCase.tools.map((tool) => tool.plain);
  const toolsKey = keyOf(newCase.tools);
  let text: string;
  if (suiteText.trim() === '') {
    const id = uniqueId(slug(newCase.messages), new Set());
    const whole = new JsonObject([['tools', toolsValue], ['cases', [caseValue(id, newCase, undefined)]]]);
    text = `${pyJsonDumps(whole, { indent: 2, ensureAscii: false })}\n`;
    return checked(suiteText, text, file, id, resolveTools);
  }
  const doc = readJsonDocument(suiteText, file);
  const root = doc.value;
  if (!isJsonObject(root)) return { ok: false, error: `${file}: a suite must be a JSON object` };
  const list = root.get('cases');
  if (list !== undefined && !Array.isArray(list)) return { ok: false, error: `${file}: "cases" is not a list` };
  const cases = list ?? [];
  const taken = new Set(cases.flatMap((item) => (isJsonObject(item) && typeof item.get('id') === 'string' ? [item.get('id') as string] : [])));
  const id = uniqueId(slug(newCase.messages), taken);
  text = suiteText;
  let ownTools: JsonValue[] | undefined;
  if (!root.has('tools')) {
    if (cases.length === 0) text = set(text, ['tools'], toolsValue);
    else ownTools = toolsValue;
  } else if (suiteToolsKey(root.get('tools'), resolveTools) !== toolsKey) {
    ownTools = toolsValue;
  }
  text = list === undefined ? set(text, ['cases'], [caseValue(id, newCase, ownTools)]) : set(text, ['cases', cases.length], caseValue(id, newCase, ownTools), true);
  return checked(suiteText, text, file, id, resolveTools);
}

function set(text: string, path: Array<string | number>, value: JsonValue, insert = false): string {
  const result = setJsonValue(text, path, value, { insert });
  if (!result.ok) throw new InputError(result.error);
  return applyTextEdits(text, result.edits);
}

/** The suite after the change must read; the change is then one edit of the span that differs. */
function checked(before: string, after: string, file: string, id: string, resolveTools: SuiteToolsResolver): AppendCaseResult {
  const suite = readSuite(after, file, resolveTools);
  if (!suite.cases.some((item) => item.id === id)) return { ok: false, error: `the case "${id}" did not read back` };
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  return { ok: true, id, text: after, edits: [{ offset: start, length: before.length - start - end, content: after.slice(start, after.length - end) }] };
}

function caseValue(id: string, newCase: NewCase, tools: JsonValue[] | undefined): JsonObject {
  const entries: Array<[string, JsonValue]> = [['id', id]];
  if (tools !== undefined) entries.push(['tools', tools]);
  const [only] = newCase.messages;
  if (newCase.messages.length === 1 && only !== undefined && only.role === 'user' && typeof only.content === 'string') entries.push(['query', only.content]);
  else entries.push(['messages', newCase.messages.map((message) => message.raw)]);
  const calls = newCase.calls.map((call) => new JsonObject([['name', call.name], ['arguments', call.arguments]]));
  entries.push(['expect', calls.length === 0 ? NO_CALL : new JsonObject([['calls', calls]])]);
  return new JsonObject(entries);
}

function keyOf(tools: readonly Tool[]): string {
  return tools.map((tool) => pyJsonDumps(tool.plain)).join('\n');
}

/** The suite's own tools as a comparable key; undefined when they cannot be read (so they differ). */
function suiteToolsKey(value: JsonValue | undefined, resolveTools: SuiteToolsResolver): string | undefined {
  try {
    if (typeof value === 'string') {
      const found = resolveTools(value);
      return found === undefined ? undefined : keyOf(parseToolsText(found.text, found.file));
    }
    if (Array.isArray(value)) return keyOf(readTools(value).tools);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
  }
  return undefined;
}

/** An id from the first user message's text: lower case, words joined by `-`. */
export function slug(messages: readonly ChatMessage[]): string {
  const first = messages.find((message) => message.role === 'user' && typeof message.content === 'string');
  const words = (typeof first?.content === 'string' ? first.content : '')
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim()
    .split(' ')
    .filter((word) => word !== '');
  let id = '';
  for (const word of words) {
    const next = id === '' ? word : `${id}-${word}`;
    if (next.length > ID_LENGTH) break;
    id = next;
  }
  return id === '' ? (words[0]?.slice(0, ID_LENGTH) ?? 'case') || 'case' : id;
}

function uniqueId(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
}
