import { InputError } from '../errors';
import { FORMAT_IDS, VARIANTS, type FormatId } from '../formats/types';
import { getObject, getString, isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue';
import { readJsonDocument } from '../json/readJsonDocument';
import { readMessages, type ChatMessage } from '../messages';
import { readTools } from '../tools/tool';
import { FieldReader, integerOf, textProblem, typeName } from './fieldReader';
import { readSamplingAt } from './readSampling';
import { findTooDeep, JSON_TOO_DEEP, TOO_DEEP_MESSAGE } from '../json/jsonDepth';
import { readCompare } from './readCompare';
import { functionDoc } from '../suite/functionDocs';
import { readExpected, readSource } from './readExpected';
import { readLastRun } from './readLastRun';
import { readMocks } from './readMocks';
import { PLAYGROUND_DEFAULTS, PLAYGROUND_VERSION, type FormatChoice, type PlaygroundDocument, type PlaygroundReadResult, type PlaygroundTools } from './types';

const TOP_KEYS = ['$schema', 'version', 'tools', 'messages', 'format', 'variant', 'sampling', 'grammar', 'mocks', 'lastRun', 'compare', 'expected', 'source'];
const ALL_VARIANTS = [...new Set(Object.values(VARIANTS).flat())];

/**
 * Reads the text of a `*.playground.json` file. Never throws: syntax errors, nesting deeper than
 * the shared JSON depth limit (MAX_JSON_DEPTH) and every field problem come back located (line:col) with their JSON path.
 * The document is returned only when there is no error; warnings (unknown keys, unused mocks, a
 * stale `lastRun`) come with it.
 */
export function readPlaygroundDocument(text: string, file?: string): PlaygroundReadResult {
  try {
    return read(text, file);
  } catch (error) {
    // A bug here must not take the editor down with it: report it at the top of the file.
    return { ok: false, problems: [textProblem(text, 0, `could not read the playground (internal error: ${error instanceof Error ? error.message : String(error)})`, file)] };
  }
}

function read(text: string, file: string | undefined): PlaygroundReadResult {
  // Before parsing: jsonc-parser and the value conversion recurse, and would overflow the stack.
  const deep = findTooDeep(text);
  if (deep !== undefined) return { ok: false, problems: [textProblem(text, deep, `${JSON_TOO_DEEP}: ${TOO_DEEP_MESSAGE}`, file)] };
  let doc;
  try {
    doc = readJsonDocument(text, file);
  } catch (error) {
    if (!(error instanceof InputError) || error.location === undefined) throw error;
    return { ok: false, problems: [{ severity: 'error', message: error.message, path: [], location: error.location }] };
  }
  const reader = new FieldReader(doc);
  const root = doc.value;
  if (!isJsonObject(root)) {
    reader.error([], `a playground file is a JSON object {"version": ${PLAYGROUND_VERSION}, "tools", "messages", …}, not ${typeName(root)}`);
    return { ok: false, problems: reader.problems };
  }
  for (const key of root.keys()) if (!TOP_KEYS.includes(key)) reader.warning([key], `unknown key "${key}" is ignored (known keys: ${TOP_KEYS.slice(1).join(', ')})`);
  readVersion(root, reader);
  const tools = readToolsField(root.get('tools'), reader);
  const messages = readMessagesField(root.get('messages'), reader);
  const format = readFormat(root.get('format'), reader);
  const variant = readVariant(root.get('variant'), format, reader);
  const sampling = readSamplingAt(root.get('sampling'), ['sampling'], reader) ?? {};
  const grammarValue = root.get('grammar') ?? PLAYGROUND_DEFAULTS.grammar;
  if (typeof grammarValue !== 'boolean') reader.error(['grammar'], `must be true or false, not ${typeName(grammarValue)}`);
  const names = tools.kind === 'inline' ? new Set(tools.tools.map((tool) => tool.name)) : undefined;
  const mocks = readMocks(root.get('mocks'), reader, names);
  const lastRun = readLastRun(root.get('lastRun'), reader);
  // Tools that did not read leave no names to check the expected calls' names against; a document
  // without `expected` makes no checker docs (this read runs on every keystroke).
  const expectedValue = root.get('expected');
  const functions = expectedValue !== undefined && tools.kind === 'inline' && !reader.hasErrors ? tools.tools.map(functionDoc) : undefined;
  const expected = readExpected(expectedValue, reader, functions);
  const source = readSource(root.get('source'), reader);
  const compare = readCompare(root.get('compare'), reader);
  if (reader.hasErrors) return { ok: false, problems: reader.problems };
  const document: PlaygroundDocument = { version: PLAYGROUND_VERSION, tools, messages, format, variant, sampling, grammar: grammarValue === true, mocks };
  if (lastRun !== undefined) document.lastRun = lastRun;
  if (expected !== undefined) document.expected = expected;
  if (source !== undefined) document.source = source;
  if (compare !== undefined) document.compare = compare;
  return { ok: true, document, problems: reader.problems };
}

function readVersion(root: JsonObject, reader: FieldReader): void {
  const value = root.get('version');
  const version = integerOf(value);
  if (value === undefined) reader.error(['version'], `missing "version": ${PLAYGROUND_VERSION}`);
  else if (version === undefined) reader.error(['version'], `must be the integer ${PLAYGROUND_VERSION}, not ${typeName(value)}`);
  else if (version !== PLAYGROUND_VERSION) reader.error(['version'], `version ${version} is not readable by this version of xLAM Tool Lab (it reads version ${PLAYGROUND_VERSION})`);
}

function readToolsField(value: JsonValue | undefined, reader: FieldReader): PlaygroundTools {
  if (value === undefined) return { kind: 'inline', tools: [] };
  if (isJsonObject(value)) {
    const path = getString(value, 'path');
    if (path === undefined || value.size !== 1) {
      reader.error(['tools'], 'must be a list of tools or {"path": "relative/to/this/file.tools.json"}');
    } else if (path.trim() === '' || /^([a-zA-Z][\w+.-]*:|[\\/])/.test(path)) {
      // A playground travels with its tools file; an absolute path or a URI would not.
      reader.error(['tools', 'path'], 'must be a path relative to the playground file');
    }
    return { kind: 'file', path: path ?? '' };
  }
  if (!Array.isArray(value)) {
    reader.error(['tools'], `must be a list of tools or {"path": …}, not ${typeName(value)}`);
    return { kind: 'inline', tools: [] };
  }
  const { tools, problems } = readTools(value);
  for (const problem of problems) reader.error(['tools', problem.index], problem.message);
  const seen = new Set<string>();
  for (const tool of tools) {
    if (seen.has(tool.name)) reader.error(['tools', tool.index], `a second tool named "${tool.name}": a call cannot tell them apart`);
    seen.add(tool.name);
  }
  return { kind: 'inline', tools };
}

function readMessagesField(value: JsonValue | undefined, reader: FieldReader): ChatMessage[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    reader.error(['messages'], `must be a list of chat messages, not ${typeName(value)}`);
    return [];
  }
  const messages: ChatMessage[] = [];
  value.forEach((item, index) => {
    try {
      const [message] = readMessages([item]);
      if (message === undefined) return;
      checkMessage(message, index, reader);
      messages.push(message);
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const rest = (error.path ?? []).slice(1);
      reader.error(['messages', index, ...rest], error.message.replace(/^message 0 /, 'the message '));
    }
  });
  return messages;
}

/** What the renderers rely on: calls shaped as OpenAI writes them, a system override first. */
function checkMessage(message: ChatMessage, index: number, reader: FieldReader): void {
  const path = ['messages', index];
  if (message.role === 'system' && index > 0) reader.warning([...path, 'role'], 'a system message after the first is not the system override; most formats read only the first');
  if (!message.hasToolCalls || message.toolCalls === null) return;
  if (message.role !== 'assistant') reader.warning([...path, 'tool_calls'], `"tool_calls" on a ${message.role} message is ignored by the formats`);
  if (!Array.isArray(message.toolCalls)) {
    reader.error([...path, 'tool_calls'], `must be a list of calls, not ${typeName(message.toolCalls)}`);
    return;
  }
  message.toolCalls.forEach((call, at) => {
    const fn = isJsonObject(call) ? getObject(call, 'function') : undefined;
    if (fn === undefined || getString(fn, 'name') === undefined) {
      reader.error([...path, 'tool_calls', at], 'a call is {"type": "function", "function": {"name": …, "arguments": {…}}}');
    }
  });
}

function readFormat(value: JsonValue | undefined, reader: FieldReader): FormatChoice {
  if (value === undefined) return PLAYGROUND_DEFAULTS.format;
  if (value === 'auto' || FORMAT_IDS.includes(value as FormatId)) return value as FormatChoice;
  reader.error(['format'], `must be "auto" or one of ${FORMAT_IDS.join(', ')}`);
  return PLAYGROUND_DEFAULTS.format;
}

function readVariant(value: JsonValue | undefined, format: FormatChoice, reader: FieldReader): string {
  if (value === undefined || value === 'auto') return PLAYGROUND_DEFAULTS.variant;
  const valid = format === 'auto' ? ALL_VARIANTS : VARIANTS[format];
  if (typeof value !== 'string' || !valid.includes(value)) {
    reader.error(['variant'], `must be "auto" or one of ${valid.join(', ')}${format === 'auto' ? '' : ` (the variants of ${format})`}`);
    return PLAYGROUND_DEFAULTS.variant;
  }
  return value;
}
