import { isJsonObject, type JsonValue } from '../json/jsonValue';
import { integerOf, numberOf, typeName } from './fieldReader';
import type { FieldPath, PlaygroundSampling } from './types';

/** Where a sampling reader's problems go: the document's reader, or a stricter one (Compare's columns). */
export interface ProblemSink {
  error(path: FieldPath, message: string): void;
  warning(path: FieldPath, message: string): void;
}

const SAMPLING_RULES: Record<keyof PlaygroundSampling, { read: (value: JsonValue) => number | undefined; rule: string }> = {
  temperature: { read: (v) => inRange(numberOf(v), (n) => n >= 0 && n <= 2), rule: 'a number from 0 to 2' },
  topP: { read: (v) => inRange(numberOf(v), (n) => n > 0 && n <= 1), rule: 'a number above 0, at most 1' },
  maxTokens: { read: (v) => inRange(integerOf(v), (n) => n >= 1), rule: 'an integer ≥ 1' },
  seed: { read: (v) => integerOf(v), rule: 'an integer' },
};

function inRange(n: number | undefined, ok: (n: number) => boolean): number | undefined {
  return n !== undefined && ok(n) ? n : undefined;
}

/**
 * `{temperature, topP, maxTokens, seed}` at `path`: each bad value an error, each unknown key a
 * warning. Returns the readable settings, or undefined when there was an error.
 */
export function readSamplingAt(value: JsonValue | undefined, path: FieldPath, sink: ProblemSink): PlaygroundSampling | undefined {
  const sampling: PlaygroundSampling = {};
  if (value === undefined) return sampling;
  if (!isJsonObject(value)) {
    sink.error(path, `must be an object {temperature, topP, maxTokens, seed}, not ${typeName(value)}`);
    return undefined;
  }
  let failed = false;
  for (const [key, item] of value.entries()) {
    const rule = SAMPLING_RULES[key as keyof PlaygroundSampling] as (typeof SAMPLING_RULES)[keyof PlaygroundSampling] | undefined;
    if (!Object.prototype.hasOwnProperty.call(SAMPLING_RULES, key) || rule === undefined) {
      sink.warning([...path, key], `unknown setting "${key}" is ignored (known: ${Object.keys(SAMPLING_RULES).join(', ')})`);
      continue;
    }
    const n = rule.read(item);
    if (n === undefined) {
      sink.error([...path, key], `must be ${rule.rule}`);
      failed = true;
    } else sampling[key as keyof PlaygroundSampling] = n;
  }
  return failed ? undefined : sampling;
}
