import { CHECKER_MODES, type CheckerMode, type FunctionDoc } from '../check/types';
import { InputError } from '../errors';
import { getString, isJsonObject, type JsonValue } from '../json/jsonValue';
import { Located } from '../suite/located';
import { readExpectation } from '../suite/readExpectation';
import type { Expectation } from '../suite/types';
import { typeName, type FieldReader } from './fieldReader';
import type { PlaygroundSource } from './types';

const SOURCE_KEYS = ['suite', 'case', 'checker'];

/**
 * `expected`: a suite case's `expect`, read by the suite's own reader (readExpectation.ts), names
 * checked against the inline tools (`functions`; undefined when the tools are in a file). Like
 * `lastRun` it is not what the playground runs, so a malformed one is a warning and is dropped:
 * the tools and the conversation still open.
 */
export function readExpected(value: JsonValue | undefined, reader: FieldReader, functions: readonly FunctionDoc[] | undefined): Expectation | undefined {
  if (value === undefined) return undefined;
  try {
    return readExpectation(new Located(reader.doc), value, ['expected'], functions);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    reader.warning([...(error.path ?? ['expected'])], `${error.message}; runs are not checked against an expected answer`);
    return undefined;
  }
}

/** `source`: which suite case the playground came from. Informational: a malformed one is a warning and dropped. */
export function readSource(value: JsonValue | undefined, reader: FieldReader): PlaygroundSource | undefined {
  if (value === undefined) return undefined;
  const problem = (path: Array<string | number>, message: string): undefined => {
    reader.warning(['source', ...path], `${message}; the source is ignored`);
    return undefined;
  };
  if (!isJsonObject(value)) return problem([], `must be {"suite": "path.fctest.json", "case": "id"}, not ${typeName(value)}`);
  for (const key of value.keys()) if (!SOURCE_KEYS.includes(key)) return problem([key], `unknown key "${key}" (known: ${SOURCE_KEYS.join(', ')})`);
  const suite = getString(value, 'suite');
  if (suite === undefined || suite.trim() === '') return problem(['suite'], `must be the suite's path, not ${typeName(value.get('suite'))}`);
  const id = getString(value, 'case');
  if (id === undefined || id.trim() === '') return problem(['case'], `must be the case's id, not ${typeName(value.get('case'))}`);
  const checker = value.get('checker');
  if (checker !== undefined && !CHECKER_MODES.includes(checker as CheckerMode)) return problem(['checker'], `must be one of ${CHECKER_MODES.map((m) => `"${m}"`).join(', ')}`);
  return { suite, case: id, ...(checker !== undefined ? { checker: checker as CheckerMode } : {}) };
}
