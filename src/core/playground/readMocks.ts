import { isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue';
import { typeName, type FieldReader } from './fieldReader';
import type { MockRule } from './types';

const RULE_KEYS = ['when', 'result', 'error'];

/**
 * `mocks`: `{toolName: [rule, …]}`. Rules are checked one by one so that every bad rule is reported;
 * a tool whose rules have errors keeps its good rules (the document is an error anyway).
 */
export function readMocks(value: JsonValue | undefined, reader: FieldReader, toolNames: ReadonlySet<string> | undefined): Map<string, MockRule[]> {
  const mocks = new Map<string, MockRule[]>();
  if (value === undefined) return mocks;
  if (!isJsonObject(value)) {
    reader.error(['mocks'], `must be an object of tool name → list of mock rules, not ${typeName(value)}`);
    return mocks;
  }
  for (const [tool, rulesValue] of value.entries()) {
    const path = ['mocks', tool];
    if (toolNames !== undefined && !toolNames.has(tool)) reader.warning(path, `there is no tool named "${tool}"; these mocks are never used`);
    if (!Array.isArray(rulesValue)) {
      reader.error(path, `must be a list of mock rules, not ${typeName(rulesValue)}`);
      continue;
    }
    const rules: MockRule[] = [];
    rulesValue.forEach((ruleValue, index) => {
      const rule = readRule(ruleValue, [...path, index], reader);
      if (rule !== undefined) rules.push(rule);
    });
    mocks.set(tool, rules);
    const defaultAt = rules.findIndex((rule) => rule.when === undefined);
    if (defaultAt >= 0 && defaultAt < rules.length - 1) reader.warning([...path, defaultAt + 1], 'comes after a rule without "when" (which matches every call), so it is never used');
  }
  return mocks;
}

function readRule(value: JsonValue, path: Array<string | number>, reader: FieldReader): MockRule | undefined {
  if (!isJsonObject(value)) {
    reader.error(path, `a mock rule must be an object {"when"?, "result" | "error"}, not ${typeName(value)}`);
    return undefined;
  }
  for (const key of value.keys()) if (!RULE_KEYS.includes(key)) reader.warning([...path, key], `unknown key "${key}" (a rule has "when", and "result" or "error")`);
  const when = value.get('when');
  const result = value.get('result');
  const error = value.get('error');
  let ok = true;
  if (when !== undefined && !isJsonObject(when)) {
    reader.error([...path, 'when'], `must be an object of argument name → value, not ${typeName(when)}`);
    ok = false;
  }
  if (error !== undefined && typeof error !== 'string') {
    reader.error([...path, 'error'], `must be a string (the error message the model sees), not ${typeName(error)}`);
    ok = false;
  }
  if ((result === undefined) === (error === undefined)) {
    reader.error(path, result === undefined ? 'a mock rule needs "result" (what the tool returns) or "error"' : 'a mock rule has "result" or "error", not both');
    ok = false;
  }
  if (!ok) return undefined;
  const rule: MockRule = {};
  if (when !== undefined) rule.when = when as JsonObject;
  if (result !== undefined) rule.result = result;
  if (typeof error === 'string') rule.error = error;
  return rule;
}
