import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { InputError } from '../errors';
import { fromPlain, getObject, getString, isJsonObject, JsonObject, type JsonValue } from '../json/jsonValue';
import { readJsonDocument } from '../json/readJsonDocument';
import { readTool } from '../tools/tool';
import { messageJson, type NewMessage } from './conversation';
import { setJsonValue, syntaxProblem, type EditResult } from './jsonEdits';
import { runJson } from './runJson';
import type { StoredCompareColumn } from './readCompare';
import type { FieldPath, MockRule, PlaygroundRun } from './types';

/*
 * The playground's edit operations. Each takes the document text and returns minimal text edits
 * (the host applies them as one WorkspaceEdit, so undo works) or why it cannot apply. They work on
 * the JSON tree, not on a fully valid playground, so a user can still edit a file that has, say, a
 * bad mock rule; only text that is not JSON at all is refused.
 */

/** Sets (or removes, with `undefined`) any field: the webview's generic edit. */
export function setField(text: string, path: FieldPath, value: JsonValue | undefined): EditResult {
  if (path.length === 0) return { ok: false, error: 'the whole document cannot be replaced by a field edit' };
  return setJsonValue(text, path, value);
}

/** Replaces `tools` by the text of a tools list (the Tools pane's editor), lexemes kept. */
export function replaceToolsText(text: string, toolsText: string): EditResult {
  let value: JsonValue;
  try {
    value = readJsonDocument(toolsText).value;
  } catch (error) {
    if (error instanceof InputError) return { ok: false, error: error.describe().replace(/^<input>:/, 'tools ') };
    throw error;
  }
  if (!Array.isArray(value)) return { ok: false, error: 'the tools text must be a JSON list of tools' };
  return setJsonValue(text, ['tools'], value);
}

/** Appends a tool (a fresh template when none is given) to the inline tools. */
export function addTool(text: string, tool?: JsonValue): EditResult {
  const tools = inlineTools(text);
  if (!tools.ok) return tools;
  const names = tools.names;
  const value = tool ?? newTool(uniqueName('new_tool', names));
  return setJsonValue(text, ['tools', tools.count], value, { insert: true });
}

/** Inserts a copy of tool `index` after it, renamed `<name>_copy` (or `_copy2`, …). */
export function duplicateTool(text: string, index: number): EditResult {
  const tools = inlineTools(text);
  if (!tools.ok) return tools;
  if (!validIndex(index, tools.count)) return { ok: false, error: `there is no tool ${index}` };
  const value = toolsValue(text)[index] as JsonValue;
  const tool = readTool(value, index);
  if (typeof tool === 'string') return setJsonValue(text, ['tools', index + 1], value, { insert: true });
  const copy = renamed(value as JsonObject, tool.shape === 'openai', uniqueName(`${tool.name}_copy`, tools.names));
  return setJsonValue(text, ['tools', index + 1], copy, { insert: true });
}

export function removeTool(text: string, index: number): EditResult {
  const tools = inlineTools(text);
  if (!tools.ok) return tools;
  if (!validIndex(index, tools.count)) return { ok: false, error: `there is no tool ${index}` };
  return setJsonValue(text, ['tools', index], undefined);
}

/**
 * Adds a message at `index` (default: the end). A system message is the system override: it
 * replaces a first system message, or goes first.
 */
export function addMessage(text: string, message: NewMessage, index?: number): EditResult {
  const list = arrayAt(text, ['messages']);
  if (!list.ok) return list;
  const value = messageJson(message);
  if (message.role === 'system') {
    const first = list.node?.children?.[0];
    const firstRole: unknown = first === undefined ? undefined : findNodeAtLocation(first, ['role'])?.value;
    return firstRole === 'system' ? setJsonValue(text, ['messages', 0], value) : setJsonValue(text, ['messages', 0], value, { insert: true });
  }
  const at = index ?? list.count;
  if (!Number.isInteger(at) || at < 0 || at > list.count) return { ok: false, error: `cannot add a message at ${at}: there are ${list.count}` };
  return setJsonValue(text, ['messages', at], value, { insert: true });
}

export function removeMessage(text: string, index: number): EditResult {
  const list = arrayAt(text, ['messages']);
  if (!list.ok) return list;
  if (!validIndex(index, list.count)) return { ok: false, error: `there is no message ${index}` };
  return setJsonValue(text, ['messages', index], undefined);
}

/** Sets a tool's mock rules; `undefined` removes its mocks. */
export function setMock(text: string, tool: string, rules: readonly MockRule[] | undefined): EditResult {
  return setJsonValue(text, ['mocks', tool], rules === undefined ? undefined : rules.map(ruleJson));
}

/** Stores (or, with `undefined`, clears) the last run. */
export function storeLastRun(text: string, run: PlaygroundRun | undefined): EditResult {
  return setJsonValue(text, ['lastRun'], run === undefined ? undefined : runJson(run));
}

/** Writes the Compare tab's columns (or removes them): defaults left out, so the file says only what was chosen. */
export function storeCompareColumns(text: string, columns: readonly StoredCompareColumn[] | undefined): EditResult {
  if (columns === undefined) return setJsonValue(text, ['compare'], undefined);
  const list = columns.map((column) => {
    const out: Record<string, unknown> = { format: column.format, variant: column.variant, grammar: column.grammar };
    if (Object.keys(column.sampling).length > 0) out['sampling'] = column.sampling;
    if (column.engine.kind !== 'current') out['engine'] = column.engine;
    return out;
  });
  return setJsonValue(text, ['compare'], fromPlain({ columns: list }));
}

export function ruleJson(rule: MockRule): JsonObject {
  const out = new JsonObject();
  if (rule.when !== undefined) out.set('when', rule.when);
  if (rule.error !== undefined) out.set('error', rule.error);
  else out.set('result', rule.result ?? null);
  return out;
}

function newTool(name: string): JsonValue {
  return fromPlain({ name, description: '', parameters: { type: 'object', properties: {}, required: [] } });
}

function uniqueName(base: string, taken: ReadonlySet<string>): string {
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}${n}`)) n++;
  return `${base}${n}`;
}

function renamed(tool: JsonObject, wrapped: boolean, name: string): JsonObject {
  const rename = (obj: JsonObject): JsonObject => new JsonObject(obj.entries().map(([key, value]) => [key, key === 'name' ? name : value] as const));
  if (!wrapped) return rename(tool);
  const fn = getObject(tool, 'function') as JsonObject;
  return new JsonObject(tool.entries().map(([key, value]) => [key, key === 'function' ? rename(fn) : value] as const));
}

function validIndex(index: number, count: number): boolean {
  return Number.isInteger(index) && index >= 0 && index < count;
}

type ArrayAt = { ok: true; node: Node | undefined; count: number } | { ok: false; error: string };

/** The array at `path` (absent counts as empty: an insertion creates it). */
function arrayAt(text: string, path: FieldPath): ArrayAt {
  const invalid = syntaxProblem(text);
  if (invalid !== undefined) return { ok: false, error: invalid };
  const root = parseTree(text);
  if (root?.type !== 'object') return { ok: false, error: 'a playground file is a JSON object' };
  const node = findNodeAtLocation(root, path);
  if (node === undefined) return { ok: true, node, count: 0 };
  if (node.type !== 'array') return { ok: false, error: `"${path.join('.')}" is not a list` };
  return { ok: true, node, count: node.children?.length ?? 0 };
}

function inlineTools(text: string): { ok: true; count: number; names: Set<string> } | { ok: false; error: string } {
  const list = arrayAt(text, ['tools']);
  if (!list.ok) return list.error.includes('not a list') ? { ok: false, error: 'the tools are in a tools file ({"path": …}): edit that file, or import its tools into the playground' } : list;
  const names = new Set<string>();
  if (list.count > 0) {
    for (const [index, item] of toolsValue(text).entries()) {
      const tool = readTool(item, index);
      if (typeof tool !== 'string') names.add(tool.name);
      else if (isJsonObject(item)) names.add(getString(item, 'name') ?? '');
    }
  }
  return { ok: true, count: list.count, names };
}

/** The inline tools as ordered values (lexemes kept); only called on a text known to parse. */
function toolsValue(text: string): JsonValue[] {
  const root = readJsonDocument(text).value;
  const tools = isJsonObject(root) ? root.get('tools') : undefined;
  return Array.isArray(tools) ? tools : [];
}
