import { checkOutput } from '../check/checkCalls';
import { invalid, type CheckerMode, type CheckVerdict, type DecodedOutput, type ModelCall } from '../check/types';
import { isJsonObject, JsonObject, type JsonValue } from '../json/jsonValue';
import type { ParsedCall } from '../parse/types';
import type { SuiteCase } from './types';

/** What a scored run produced: the parsed calls, and whether the output failed to parse. */
export interface CaseOutput {
  calls: readonly ParsedCall[];
  /** The parser's message when the output could not be read as calls. */
  parseError?: string;
}

/**
 * The output as BFCL's decoder hands it to the checker: a list of `{fn: {args}}`, or a format
 * error (arguments that are not an object, an unparsable output with no call read).
 */
export function decodedOutput(output: CaseOutput): DecodedOutput {
  if (output.calls.length === 0 && output.parseError !== undefined) return { ok: false, reason: `the output is not a call list: ${output.parseError}` };
  const calls: ModelCall[] = [];
  for (const call of output.calls) {
    if (!isJsonObject(call.arguments)) return { ok: false, reason: `the arguments of "${call.name}" are not an object` };
    calls.push({ name: call.name, args: call.arguments });
  }
  return { ok: true, calls };
}

/** What the checker needs of a case (a playground with an expected answer has these too). */
export type ScoredCase = Pick<SuiteCase, 'expect' | 'checkCategory' | 'functions'>;

/** Scores one output of a case with the checker (`bfcl` or `default`). */
export function scoreCase(item: ScoredCase, output: CaseOutput, mode: CheckerMode): CheckVerdict {
  const expected = item.expect.kind === 'calls' ? item.expect.calls : [];
  const ordered = item.expect.kind === 'calls' && item.expect.ordered && item.checkCategory.startsWith('parallel');
  return checkOutput({ category: item.checkCategory, functions: item.functions, expected, output: decodedOutput(output) }, { mode, enforceOrder: ordered });
}

/** A run that ended in an engine failure instead of an output. */
export function engineFailure(code: string, message: string): CheckVerdict {
  return invalid(`engine_error:${code}`, message);
}

/** The expectation as a value to show (the Test Explorer's diff, JUnit): the calls as written, or "no call". */
export function expectedValue(item: SuiteCase): JsonValue {
  return item.expect.kind === 'calls' ? item.expect.written : 'no call';
}

/** The calls as a value to show beside the expectation. */
export function actualValue(calls: readonly ParsedCall[]): JsonValue {
  if (calls.length === 0) return 'no call';
  return calls.map((call) => new JsonObject([['name', call.name], ['arguments', call.arguments]]));
}

export function expectedNames(item: SuiteCase): string[] {
  return item.expect.kind === 'calls' ? item.expect.calls.map((call) => call.name) : [];
}
