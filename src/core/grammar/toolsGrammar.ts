import type { OutputFamily } from '../formats/types';
import { isJsonObject, JsonObject, type JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import { isFlatParameters, type Tool } from '../tools/tool';
import { literal, RuleSet } from './gbnf';
import { flatArgumentsSchema } from './flatTypes';
import { ITEM_SEP, primitiveRules, repeatMax, SchemaCompiler, type DroppedKeyword, type GrammarBounds } from './schemaToGbnf';

/** Bounds that keep a weak model from writing until max tokens. */
export interface ToolsGrammarOptions {
  /** Longest string value (and thought); default 1,000 characters, or fitted to `budgetChars`. */
  maxStringChars?: number;
  /** Most calls in one answer; default 16, or fitted to `budgetChars`. */
  maxCalls?: number;
  /** Most items of an array without `maxItems` (and of free-form containers); default 16. */
  maxItems?: number;
  /**
   * The run's output budget (its max tokens: a token is at least one character of ASCII text).
   * Bounds not given explicitly are then chosen so that the longest output the grammar allows
   * fits it: a weak model that fills every string and call slot still closes the JSON.
   */
  budgetChars?: number;
}

export interface ToolsGrammarLimits {
  maxStringChars: number;
  maxCalls: number;
  maxItems: number;
}

export interface ToolsGrammar {
  /** GBNF text with root rule `root`. */
  gbnf: string;
  /** Schema keywords, per tool, that the grammar does not enforce. */
  dropped: Array<DroppedKeyword & { tool: string }>;
  /** The bounds the grammar uses. */
  limits: ToolsGrammarLimits;
  /** Longest output the grammar allows, in characters (Infinity with a recursive `$ref`). */
  maxOutputChars: number;
  /** With a budget: whether `maxOutputChars` fits it (false: long answers may be cut off). */
  fitsBudget?: boolean;
}

const DEFAULT_LIMITS: ToolsGrammarLimits = { maxStringChars: 1000, maxCalls: 16, maxItems: 16 };
/** Fitting never makes strings shorter than this: shorter would cut real arguments. */
const MIN_FITTED_STRING = 16;

/**
 * A grammar whose every sentence is a valid call list in the family's output shape:
 *   fc-v1       {"tool_calls": [call, …]}              (an empty list is the documented "no call")
 *   general-v1  {"thought": "…", "tool_calls": [call, …]}
 *   xlam2       [call, …]                              (at least one: no call is plain text there)
 * with `call` = {"name": "<one of the tools>", "arguments": <that tool's parameters>}.
 *
 * With a budget, free bounds are fitted: strings as long as let one call fill half the budget,
 * then as many calls as fit the whole of it.
 */
export function buildToolsGrammar(tools: readonly Tool[], family: OutputFamily, options: ToolsGrammarOptions = {}): ToolsGrammar {
  const given: ToolsGrammarLimits = {
    maxStringChars: options.maxStringChars ?? DEFAULT_LIMITS.maxStringChars,
    maxCalls: options.maxCalls ?? DEFAULT_LIMITS.maxCalls,
    maxItems: options.maxItems ?? DEFAULT_LIMITS.maxItems,
  };
  const budget = options.budgetChars;
  if (budget === undefined) return compileToolsGrammar(tools, family, given);

  let limits = given;
  if (options.maxStringChars === undefined) {
    const target = options.maxCalls === undefined ? budget / 2 : budget;
    const calls = options.maxCalls ?? 1;
    const s = largestFitting(MIN_FITTED_STRING, given.maxStringChars, (s) => compileToolsGrammar(tools, family, { ...limits, maxStringChars: s, maxCalls: calls }).maxOutputChars <= target);
    limits = { ...limits, maxStringChars: s };
  }
  if (options.maxCalls === undefined) {
    const k = largestFitting(1, given.maxCalls, (k) => compileToolsGrammar(tools, family, { ...limits, maxCalls: k }).maxOutputChars <= budget);
    limits = { ...limits, maxCalls: k };
  }
  const grammar = compileToolsGrammar(tools, family, limits);
  return { ...grammar, fitsBudget: grammar.maxOutputChars <= budget };
}

/** The largest n in [low, high] for which `fits` holds (`fits` is monotone), else `low`. */
function largestFitting(low: number, high: number, fits: (n: number) => boolean): number {
  if (high <= low || fits(high)) return Math.max(low, high);
  let lo = low;
  let hi = high; // invariant: fits(hi) is false; lo fits or is the floor
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (fits(mid)) lo = mid;
    else hi = mid;
  }
  return lo;
}

function compileToolsGrammar(tools: readonly Tool[], family: OutputFamily, limits: ToolsGrammarLimits): ToolsGrammar {
  const bounds: GrammarBounds = { maxStringChars: limits.maxStringChars, maxItems: limits.maxItems };
  const rules = new RuleSet();
  const dropped: ToolsGrammar['dropped'] = [];
  let callMax = 0;
  const callRules = tools.map((tool, i) => {
    const schema = argumentsSchema(tool);
    const compiler = new SchemaCompiler(rules, schema, bounds);
    const args = compiler.compile(schema, '', `t${i}-args`);
    dropped.push(...compiler.dropped.map((d) => ({ ...d, tool: tool.name })));
    const head = `{"name": ${pyJsonDumps(tool.name, { ensureAscii: false })}, "arguments": `;
    callMax = Math.max(callMax, [...head].length + args.max + 1);
    return rules.add(`t${i}-call`, `${literal(head)} ${args.expr} "}"`);
  });

  const call = callRules.length > 0 ? rules.add('call', callRules.join(' | ')) : undefined;
  const moreCalls = Math.max(0, limits.maxCalls - 1);
  const more = `(${ITEM_SEP} ${call}){0,${moreCalls}}`;
  const listMax = call === undefined ? 2 : 2 + callMax + repeatMax(callMax, moreCalls);
  const list = call === undefined ? literal('[]') : rules.add('call-list', `"[" (${call} ${more})? "]"`);
  let root: string;
  let maxOutputChars: number;
  if (family === 'fc-v1') {
    root = `${literal('{"tool_calls": ')} ${list} "}"`;
    maxOutputChars = 15 + listMax + 1;
  } else if (family === 'general-v1') {
    root = `${literal('{"thought": ')} string ${literal(', "tool_calls": ')} ${list} "}"`;
    maxOutputChars = 12 + limits.maxStringChars + 2 + 16 + listMax + 1;
  } else {
    root = call === undefined ? literal('[]') : `"[" ${call} ${more} "]"`;
    maxOutputChars = listMax;
  }

  const shared = primitiveRules(bounds).rules.map(([name, body]) => `${name} ::= ${body}`);
  const text = [`root ::= ${root}`, rules.toString().trimEnd(), ...shared].join('\n');
  return { gbnf: `${text}\n`, dropped, limits, maxOutputChars };
}

/** The JSON Schema of a tool's arguments; flat xlam-60k maps are converted first. */
function argumentsSchema(tool: Tool): JsonValue {
  const params = tool.parameters;
  if (params === undefined) return new JsonObject([['type', 'object'], ['properties', new JsonObject()], ['additionalProperties', false]]);
  if (isFlatParameters(params)) return flatArgumentsSchema(params);
  return isJsonObject(params) ? params : new JsonObject();
}
