import { checkCall, showCall } from './callCheck';
import { perfectMatching } from './matching';
import { invalid, VALID, type CheckCategory, type CheckOptions, type CheckVerdict, type DecodedOutput, type ExpectedCall, type FunctionDoc, type ModelCall } from './types';

export interface CheckInput {
  category: CheckCategory;
  functions: readonly FunctionDoc[];
  /** The possible answer; unused for irrelevance. */
  expected: readonly ExpectedCall[];
  output: DecodedOutput;
}

/**
 * Scores one decoded output the way BFCL's eval runner does: irrelevance by whether any call was
 * made, other categories by its AST checker (`parallel*` in any order, `multiple`, else simple).
 * Never throws on a well-formed input (see readCheckInputs).
 */
export function checkOutput(input: CheckInput, options: CheckOptions): CheckVerdict {
  const { output } = input;
  if (input.category === 'irrelevance') {
    // Anything that is not a call list, [] and [{}] count as "no call" for BFCL.
    if (!output.ok || output.calls.length === 0) return VALID;
    return invalid('irrelevance_error:decoder_success', `the model called ${output.calls.map(showCall).join(', ')} when no function should be called`);
  }
  if (!output.ok) return invalid('ast_decoder:decoder_wrong_output_format', output.reason);
  const { calls } = output;
  switch (input.category) {
    case 'simple':
      if (calls.length !== 1) return wrongCount('simple_function_checker', 1, calls.length);
      return checkCall(first(input.functions), first(calls), first(input.expected), options.mode);
    case 'multiple':
      if (calls.length !== input.expected.length) return wrongCount('multiple_function_checker', input.expected.length, calls.length);
      // BFCL checks the first call only: a multiple case has exactly one.
      return checkCall(docFor(input.functions, first(input.expected)), first(calls), first(input.expected), options.mode);
    case 'parallel':
    case 'parallel_multiple':
      if (options.enforceOrder === true) return checkInOrder(input.functions, calls, input.expected, options);
      return options.mode === 'bfcl' ? checkGreedy(input.functions, calls, input.expected) : checkMatching(input.functions, calls, input.expected);
  }
}

function first<T>(items: readonly T[]): T {
  if (items.length === 0) throw new RangeError('checkOutput: an empty list where readCheckInputs guarantees one item');
  return items[0] as T;
}

function wrongCount(checker: string, expected: number, got: number): CheckVerdict {
  return invalid(`${checker}:wrong_count`, `wrong number of functions: expected ${expected}, got ${got}`);
}

/** BFCL's `find_description`; readCheckInputs has checked that every expected name has a doc. */
function docFor(functions: readonly FunctionDoc[], expected: ExpectedCall): FunctionDoc {
  const doc = functions.find((fn) => fn.name === expected.name);
  if (doc === undefined) throw new RangeError(`checkOutput: no doc for "${expected.name}"`);
  return doc;
}

/**
 * `parallel_function_checker_no_order`: each possible answer in turn takes the first call left
 * that matches it, never revisited.
 */
function checkGreedy(functions: readonly FunctionDoc[], calls: readonly ModelCall[], expected: readonly ExpectedCall[]): CheckVerdict {
  if (calls.length !== expected.length) return wrongCount('parallel_function_checker_no_order', expected.length, calls.length);
  const taken = new Set<number>();
  for (let i = 0; i < expected.length; i++) {
    const answer = expected[i] as ExpectedCall;
    const doc = docFor(functions, answer);
    const found = calls.findIndex((call, index) => !taken.has(index) && checkCall(doc, call, answer, 'bfcl').valid);
    if (found < 0) return noMatch(i, calls.length, taken);
    taken.add(found);
  }
  return VALID;
}

/** The default checker: a one-to-one assignment of calls to answers if any exists. */
function checkMatching(functions: readonly FunctionDoc[], calls: readonly ModelCall[], expected: readonly ExpectedCall[]): CheckVerdict {
  if (calls.length !== expected.length) return wrongCount('parallel_function_checker_no_order', expected.length, calls.length);
  const docs = expected.map((answer) => docFor(functions, answer));
  const result = perfectMatching(expected.length, calls.length, (row, col) =>
    checkCall(docs[row] as FunctionDoc, calls[col] as ModelCall, expected[row] as ExpectedCall, 'default').valid,
  );
  if (result.matched) return VALID;
  return invalid(
    'parallel_function_checker_no_order:cannot_find_match',
    `no one-to-one pairing of calls and possible answers exists: possible answer index ${result.unmatchedRow} is left without a call`,
  );
}

function noMatch(answerIndex: number, callCount: number, taken: ReadonlySet<number>): CheckVerdict {
  const left = [...Array(callCount).keys()].filter((index) => !taken.has(index));
  return invalid(
    'parallel_function_checker_no_order:cannot_find_match',
    `no call among model output indexes [${left.join(', ')}] matches possible answer index ${answerIndex}`,
  );
}

/** `parallel_function_checker_enforce_order`: call i against answer i; the first failure is returned as it is. */
function checkInOrder(functions: readonly FunctionDoc[], calls: readonly ModelCall[], expected: readonly ExpectedCall[], options: CheckOptions): CheckVerdict {
  if (calls.length !== expected.length) return wrongCount('parallel_function_checker_enforce_order', expected.length, calls.length);
  for (let i = 0; i < expected.length; i++) {
    const answer = expected[i] as ExpectedCall;
    const verdict = checkCall(docFor(functions, answer), calls[i] as ModelCall, answer, options.mode);
    if (!verdict.valid) return verdict;
  }
  return VALID;
}
