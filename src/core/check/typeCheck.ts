import type { JsonValue } from '../json/jsonValue';
import { pyType, show, type PyType } from './pyValue';
import type { BfclType, CheckerMode } from './types';

/** BFCL's PYTHON_TYPE_MAPPING: what `type(value)` must be for each doc type (`any` is str there). */
export function pythonTypeOf(type: BfclType): PyType {
  switch (type) {
    case 'string':
    case 'any':
      return 'str';
    case 'integer':
      return 'int';
    case 'float':
      return 'float';
    case 'boolean':
      return 'bool';
    case 'array':
    case 'tuple':
      return 'list';
    case 'dict':
      return 'dict';
  }
}

export type TypeCheck =
  | { ok: true; isVariable: boolean }
  | { ok: false; errorType: 'type_error:simple' | 'type_error:nested'; message: string };

/**
 * The type of the first possible answer that is not `""` (the mark of an optional parameter).
 * When it differs from the doc's type, BFCL takes the answer to name a variable.
 */
export function answerType(answers: readonly JsonValue[]): PyType | undefined {
  const first = answers.find((answer) => answer !== '');
  return first === undefined ? undefined : pyType(first);
}

interface Expected {
  type: PyType;
  /** The items' type, for arrays and tuples; checked one level deep, as BFCL does. */
  nested?: PyType;
}

/**
 * BFCL's `type_checker`. Its quirks are kept: the nested check passes as soon as one possible
 * answer is not a list (so `""` first passes any items), and a value of the possible answers'
 * own type passes as a "variable". Only the default mode takes an int item where floats are
 * expected (BFCL promotes ints to float at the top level only, before calling this).
 */
export function typeCheck(param: string, value: JsonValue, answers: readonly JsonValue[], expected: Expected, mode: CheckerMode): TypeCheck {
  const fromAnswers = answerType(answers);
  const isVariable = fromAnswers !== undefined && fromAnswers !== expected.type;
  const actual = pyType(value);
  let nestedFailed = false;
  if (actual === expected.type) {
    if (expected.nested === undefined) return { ok: true, isVariable };
    const items = value as JsonValue[];
    const nested = expected.nested;
    for (const answer of answers) {
      if (!Array.isArray(answer)) return { ok: true, isVariable };
      if (items.every((item) => itemTypeOk(item, answer, nested, mode))) return { ok: true, isVariable };
    }
    nestedFailed = true;
  }
  if (fromAnswers !== undefined && actual === fromAnswers) {
    if (!nestedFailed) return { ok: true, isVariable: true };
  } else {
    // BFCL reports a nested failure as a simple one unless the value has the answers' type.
    const want = nestedFailed ? `${expected.type} of ${expected.nested ?? '?'}` : expected.type;
    return { ok: false, errorType: 'type_error:simple', message: `parameter "${param}" should be of type ${want}, got ${actual}: ${show(value)}` };
  }
  return {
    ok: false,
    errorType: 'type_error:nested',
    message: `parameter "${param}" should be a ${expected.type} of ${expected.nested ?? '?'}, got ${show(value)}`,
  };
}

/** The inner `type_checker` call on one item against one possible answer list. */
function itemTypeOk(item: JsonValue, answer: readonly JsonValue[], nested: PyType, mode: CheckerMode): boolean {
  const actual = pyType(item);
  if (actual === nested) return true;
  if (mode === 'default' && nested === 'float' && actual === 'int') return true;
  const fromAnswer = answerType(answer);
  return fromAnswer !== undefined && actual === fromAnswer;
}
