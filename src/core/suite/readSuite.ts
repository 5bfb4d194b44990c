import { createHash } from 'node:crypto';
import type { FunctionDoc } from '../check/types';
import { InputError } from '../errors';
import { pyJsonDumps } from '../json/pyJsonDumps';
import type { JsonValue } from '../json/jsonValue';
import { readJsonDocumentLean } from '../json/readJsonDocumentLean';
import { parseToolsText } from '../loadInputs';
import { readMessages, userMessage, type ChatMessage } from '../messages';
import { readTools, type Tool } from '../tools/tool';
import { functionDoc } from './functionDocs';
import { Located, type Path } from './located';
import { readDefaults } from './readDefaults';
import { checkCategoryOf, readExpectation } from './readExpectation';
import type { Suite, SuiteCase, SuiteDefaults, SuiteToolsResolver } from './types';

const SUITE_KEYS = ['$schema', 'name', 'description', 'tools', 'defaults', 'cases'];
const CASE_KEYS = ['id', 'category', 'tools', 'query', 'messages', 'expect'];

export function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface ToolSet {
  tools: Tool[];
  key: string;
  /** The checker's docs of the tools, made once per set: the cases sharing the suite's tools share these. */
  functions: FunctionDoc[];
}

/** Reads a `"tools"` value (a path or a list) at `path` into a tool set. */
export type ToolSetReader = (at: Located, value: JsonValue | undefined, path: Path) => ToolSet;

/** The suite's own parts besides its cases: checked as readSuite checks them, in its order. */
export interface SuiteHead {
  suiteTools: ToolSet | undefined;
  defaults: SuiteDefaults;
  cases: JsonValue[];
  /** The suite's name: checked after the cases in readSuite, so a bad one is reported last. */
  name: () => string;
}

/**
 * A `*.fctest.json` suite (schemas/fctest.schema.json). Anything wrong is an InputError at its
 * place in the suite (or in the tools file it names); a suite that reads is one every case of
 * which the checker can score.
 */
export function readSuite(text: string, file: string, resolveTools: SuiteToolsResolver): Suite {
  const doc = readJsonDocumentLean(text, file);
  const at = new Located(doc);
  const toolSet: ToolSetReader = (where, value, path) => readToolSet(where, value, path, resolveTools);
  const head = readSuiteHead(at, file, toolSet);
  const seen = new Map<string, number>();
  const cases = head.cases.map((value, index) => {
    const path = ['cases', index];
    const fields = readCaseFields(at, value, path, head.suiteTools, toolSet);
    const before = seen.get(fields.id);
    if (before !== undefined) at.fail([...path, 'id'], `case id "${fields.id}" is also the id of case ${before}; ids must be unique`);
    seen.set(fields.id, index);
    const node = at.doc.nodes.get(value as object);
    const start = (node?.offset ?? 0) + (at.doc.text.charCodeAt(0) === 0xfeff ? 1 : 0);
    return { ...fields, range: { start: at.location(start), end: at.location(start + (node?.length ?? 0)) } };
  });
  return { file, name: head.name(), sha256: sha256(text), defaults: head.defaults, cases };
}

/** The root object's keys, the suite's tools and defaults, and its list of cases (not read yet). */
export function readSuiteHead(at: Located, file: string, toolSet: ToolSetReader): SuiteHead {
  const root = at.object(at.doc.value, [], 'a suite');
  at.keys(root, [], SUITE_KEYS, 'the suite');
  const suiteTools = root.has('tools') ? toolSet(at, root.get('tools'), ['tools']) : undefined;
  const defaults = readDefaults(at, root.get('defaults'));
  const list = root.get('cases');
  if (!Array.isArray(list)) return at.fail(root.has('cases') ? ['cases'] : [], 'the suite needs "cases": a list of cases');
  const name = (): string => at.string(root, 'name', []) ?? file.split(/[\\/]/).pop()?.replace(/\.fctest\.json$/i, '') ?? file;
  return { suiteTools, defaults, cases: list, name };
}

export function readToolSet(at: Located, value: JsonValue | undefined, path: Path, resolveTools: SuiteToolsResolver): ToolSet {
  let tools: Tool[];
  if (typeof value === 'string') {
    const found = resolveTools(value);
    if (found === undefined) at.fail(path, `cannot read the tools file "${value}" (paths are relative to the suite)`);
    tools = parseToolsText(found.text, found.file);
  } else if (Array.isArray(value)) {
    const read = readTools(value);
    const problem = read.problems[0];
    if (problem !== undefined) at.fail([...path, problem.index], problem.message);
    tools = read.tools;
  } else {
    return at.fail(path, '"tools" must be a path to a *.tools.json file or a list of tools');
  }
  if (tools.length === 0) at.fail(path, 'the tool list is empty');
  return { tools, key: sha256(tools.map((tool) => pyJsonDumps(tool.plain)).join('\n')), functions: tools.map(functionDoc) };
}

/** One case, every part checked, without its place in the file (the caller knows it). */
export function readCaseFields(at: Located, value: JsonValue, path: Path, suiteTools: ToolSet | undefined, toolSet: ToolSetReader): Omit<SuiteCase, 'range'> {
  const obj = at.object(value, path, 'a case');
  at.keys(obj, path, CASE_KEYS, 'a case');
  const id = at.string(obj, 'id', path);
  if (id === undefined || id.trim() === '') return at.fail(obj.has('id') ? [...path, 'id'] : path, 'a case needs a non-empty string "id"');
  const own = obj.has('tools') ? toolSet(at, obj.get('tools'), [...path, 'tools']) : undefined;
  const set = own ?? suiteTools;
  if (set === undefined) return at.fail(path, `case "${id}" has no tools: give "tools" in the case or in the suite`);
  const functions = set.functions;
  const messages = readConversation(at, obj.get('query'), obj.get('messages'), path);
  const expect = readExpectation(at, obj.get('expect'), [...path, 'expect'], functions);
  const checkCategory = checkCategoryOf(expect, set.tools.length);
  const category = at.string(obj, 'category', path) ?? checkCategory;
  return { id, category, checkCategory, tools: set.tools, toolsKey: set.key, functions, messages, expect };
}

function readConversation(at: Located, query: JsonValue | undefined, messages: JsonValue | undefined, path: Path): ChatMessage[] {
  if ((query === undefined) === (messages === undefined)) at.fail(path, 'a case needs exactly one of "query" (text) and "messages" (a chat)');
  if (query !== undefined) {
    if (typeof query !== 'string') at.fail([...path, 'query'], '"query" must be a string');
    return [userMessage(query)];
  }
  try {
    const read = readMessages(messages ?? null);
    if (read.length === 0) at.fail([...path, 'messages'], '"messages" is empty');
    return read;
  } catch (error) {
    if (error instanceof InputError && error.location === undefined) at.fail([...path, 'messages', ...(error.path ?? [])], error.message);
    throw error;
  }
}
