import type { CheckCategory, ExpectedCall, FunctionDoc } from '../check/types';
import { JsonObject, type JsonValue } from '../json/jsonValue';
import type { Located, Path } from './located';
import type { Expectation } from './types';

/** The one string form of "expect": the model must not call any tool. */
export const NO_CALL = 'no call';

/**
 * A case's `expect`: `"no call"`, or `{"calls": [...], "ordered"?: bool}` where each call is
 * `{"name", "arguments"}` (exact values) or `{"name", "accept": {"param": [values…]}}` (BFCL's
 * possible answer: any listed value is right, `""` among them means the parameter may be left out).
 * `functions` undefined: the tools are not known here (a playground's tools file), names are not checked.
 */
export function readExpectation(at: Located, value: JsonValue | undefined, path: Path, functions: readonly FunctionDoc[] | undefined): Expectation {
  if (value === undefined) return at.fail(path.slice(0, -1), `the case needs "expect": {"calls": [...]} or "${NO_CALL}"`);
  if (typeof value === 'string') {
    if (value !== NO_CALL) at.fail(path, `"expect" as a string must be "${NO_CALL}" (got ${JSON.stringify(value)})`);
    return { kind: 'no-call' };
  }
  const obj = at.object(value, path, `"expect" ({"calls": [...]} or "${NO_CALL}")`);
  at.keys(obj, path, ['calls', 'ordered'], '"expect"');
  const list = obj.get('calls');
  if (!Array.isArray(list)) return at.fail([...path, 'calls'], '"calls" must be a list of {"name", "arguments"} or {"name", "accept"}');
  if (list.length === 0) at.fail([...path, 'calls'], `"calls" is empty: write "expect": "${NO_CALL}" for a case where no tool should be called`);
  const calls = list.map((item, i) => readExpectedCall(at, item, [...path, 'calls', i], functions));
  return { kind: 'calls', calls, ordered: at.boolean(obj, 'ordered', path) ?? false, written: list };
}

function readExpectedCall(at: Located, value: JsonValue, path: Path, functions: readonly FunctionDoc[] | undefined): ExpectedCall {
  const obj = at.object(value, path, 'an expected call');
  at.keys(obj, path, ['name', 'arguments', 'accept'], 'an expected call');
  const name = at.string(obj, 'name', path);
  if (name === undefined) return at.fail(path, 'an expected call needs a string "name"');
  if (functions !== undefined && !functions.some((fn) => fn.name === name)) {
    at.fail([...path, 'name'], `no tool "${name}" in this case's tools (${functions.map((fn) => fn.name).join(', ') || 'none'})`);
  }
  const args = obj.get('arguments');
  const accept = obj.get('accept');
  if (args !== undefined && accept !== undefined) at.fail([...path, 'accept'], 'give "arguments" (exact values) or "accept" (lists of acceptable values), not both');
  const params = new Map<string, readonly JsonValue[]>();
  if (accept !== undefined) {
    for (const [param, values] of at.object(accept, [...path, 'accept'], '"accept"').entries()) {
      if (!Array.isArray(values) || values.length === 0) at.fail([...path, 'accept', param], `the acceptable values of "${param}" must be a non-empty list ("" among them: it may be left out)`);
      params.set(param, values);
    }
  } else {
    for (const [param, given] of at.object(args ?? new JsonObject(), [...path, 'arguments'], '"arguments"').entries()) params.set(param, [given]);
  }
  return { name, params };
}

/** How the checker scores a case: BFCL's category for this many calls and tools. */
export function checkCategoryOf(expect: Expectation, toolCount: number): CheckCategory {
  if (expect.kind === 'no-call') return 'irrelevance';
  if (expect.calls.length === 1) return toolCount === 1 ? 'simple' : 'multiple';
  return toolCount === 1 ? 'parallel' : 'parallel_multiple';
}
