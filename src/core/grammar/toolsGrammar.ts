import type { OutputFamily } from '../formats/types';
import { isJsonObject, JsonObject, type JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import { isFlatParameters, type Tool } from '../tools/tool';
import { literal, RuleSet } from './gbnf';
import { flatParametersToSchema } from './flatTypes';
import { ITEM_SEP, primitiveRules, SchemaCompiler, type DroppedKeyword } from './schemaToGbnf';

export interface ToolsGrammar {
  /** GBNF text with root rule `root`. */
  gbnf: string;
  /** Schema keywords, per tool, that the grammar does not enforce. */
  dropped: Array<DroppedKeyword & { tool: string }>;
}

/**
 * A grammar whose every sentence is a valid call list in the family's output shape:
 *   fc-v1       {"tool_calls": [call, …]}              (an empty list is the documented "no call")
 *   general-v1  {"thought": "…", "tool_calls": [call, …]}
 *   xlam2       [call, …]                              (at least one: no call is plain text there)
 * with `call` = {"name": "<one of the tools>", "arguments": <that tool's parameters>}.
 */
/** Bounds that keep a weak model from writing until max tokens; defaults fit real use. */
export interface ToolsGrammarOptions {
  /** Longest string value (and thought) the grammar allows; default 1,000 characters. */
  maxStringChars?: number;
  /** Most calls in one answer; default 16. */
  maxCalls?: number;
}

export function buildToolsGrammar(tools: readonly Tool[], family: OutputFamily, options: ToolsGrammarOptions = {}): ToolsGrammar {
  const rules = new RuleSet();
  const dropped: ToolsGrammar['dropped'] = [];
  const callRules = tools.map((tool, i) => {
    const schema = argumentsSchema(tool);
    const compiler = new SchemaCompiler(rules, schema);
    const args = compiler.compile(schema, '', `t${i}-args`);
    dropped.push(...compiler.dropped.map((d) => ({ ...d, tool: tool.name })));
    const head = literal(`{"name": ${pyJsonDumps(tool.name, { ensureAscii: false })}, "arguments": `);
    return rules.add(`t${i}-call`, `${head} ${args} "}"`);
  });

  const call = callRules.length > 0 ? rules.add('call', callRules.join(' | ')) : undefined;
  const more = `(${ITEM_SEP} ${call}){0,${Math.max(0, (options.maxCalls ?? 16) - 1)}}`;
  const list = call === undefined ? literal('[]') : rules.add('call-list', `"[" (${call} ${more})? "]"`);
  let root: string;
  if (family === 'fc-v1') root = `${literal('{"tool_calls": ')} ${list} "}"`;
  else if (family === 'general-v1') root = `${literal('{"thought": ')} string ${literal(', "tool_calls": ')} ${list} "}"`;
  else root = call === undefined ? literal('[]') : `"[" ${call} ${more} "]"`;

  const text = [`root ::= ${root}`, rules.toString().trimEnd(), ...primitiveRules(options.maxStringChars ?? 1000).map(([name, body]) => `${name} ::= ${body}`)].join('\n');
  return { gbnf: `${text}\n`, dropped };
}

/** The JSON Schema of a tool's arguments; flat xlam-60k maps are converted first. */
function argumentsSchema(tool: Tool): JsonValue {
  const params = tool.parameters;
  if (params === undefined) return new JsonObject([['type', 'object'], ['properties', new JsonObject()], ['additionalProperties', false]]);
  if (isFlatParameters(params)) return flatParametersToSchema(params);
  return isJsonObject(params) ? params : new JsonObject();
}
