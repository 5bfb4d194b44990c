import { isJsonObject, jsonEquals, JsonObject, type JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import type { MockRule, PlaygroundMocks } from './types';

/** A call to answer: what the parser read (arguments are usually an object, else the raw string). */
export interface MockCall {
  name: string;
  arguments: JsonValue;
}

/**
 * How a call was answered: a rule's `result`, a rule's `error`, or no rule at all. `rule` is the
 * index of the rule in the tool's list, so the UI can point at it.
 */
export type MockOutcome =
  | { kind: 'result'; tool: string; rule: number; value: JsonValue }
  | { kind: 'error'; tool: string; rule: number; message: string }
  | { kind: 'missing'; tool: string; message: string };

/**
 * The first rule of the call's tool whose `when` matches, or a "missing" outcome that says so. `when`
 * lists only the arguments that matter: each must be present in the call and equal as a JSON value
 * (numbers by value, as Python compares them: 5 matches 5.0); arguments it does not list are free.
 * A rule without `when` matches any call, so it is the tool's default when it comes last.
 */
export function matchMock(mocks: PlaygroundMocks, call: MockCall): MockOutcome {
  const rules = mocks.get(call.name) ?? [];
  const index = rules.findIndex((rule) => ruleMatches(rule, call.arguments));
  const rule = rules[index];
  if (rule === undefined) {
    const what = rules.length === 0 ? `no mock for tool "${call.name}"` : `no mock for tool "${call.name}" with arguments ${pyJsonDumps(call.arguments, { ensureAscii: false })}`;
    return { kind: 'missing', tool: call.name, message: what };
  }
  if (rule.error !== undefined) return { kind: 'error', tool: call.name, rule: index, message: rule.error };
  return { kind: 'result', tool: call.name, rule: index, value: rule.result ?? null };
}

function ruleMatches(rule: MockRule, args: JsonValue): boolean {
  if (rule.when === undefined) return true;
  if (rule.when.size === 0) return true;
  // Arguments that did not parse into an object (a raw string) can only meet a default rule.
  if (!isJsonObject(args)) return false;
  return rule.when.entries().every(([key, expected]) => args.has(key) && jsonEquals(args.get(key) as JsonValue, expected));
}

/**
 * The text of the tool message that carries an outcome to the model. A string result is sent as
 * is; any other value as compact JSON with Python's separators (what a Python tool loop writes with
 * `json.dumps`). Errors and missing mocks become `{"error": "…"}`, so the model sees the failure.
 */
export function mockResultContent(outcome: MockOutcome): string {
  // pyJsonDumps' defaults are json.dumps' own: ", " and ": ", ensure_ascii on.
  if (outcome.kind === 'result') return typeof outcome.value === 'string' ? outcome.value : pyJsonDumps(outcome.value);
  return pyJsonDumps(new JsonObject([['error', outcome.message]]));
}
