import { JsonObject, type JsonValue } from '../json/jsonValue';
import { looseIn, pyEquals, pyIn, show, showAll, standardizeString } from './pyValue';
import { invalid, VALID, type CheckerMode, type CheckVerdict } from './types';

/**
 * BFCL's value checkers for strings, lists, dicts and lists of dicts. In `bfcl` mode values
 * compare as BFCL compares them: top-level strings and top-level list items standardised,
 * anything deeper (a list inside a list, every non-string dict value) with plain `==`. The
 * default mode standardises strings at every depth.
 */

/** `string_checker`. */
export function checkString(param: string, value: string, answers: readonly JsonValue[]): CheckVerdict {
  const wanted = standardizeString(value);
  if (answers.some((answer) => typeof answer === 'string' && standardizeString(answer) === wanted)) return VALID;
  return invalid('value_error:string', `invalid value for parameter "${param}": ${show(value)}; expected one of ${showAll(answers)} (after standardisation)`);
}

/**
 * BFCL reading a possible answer item by item (`for j in range(len(a)): a[j]`): a list's items, a
 * string's characters, and none for an empty dict (`len({})` is 0). Anything else would crash
 * BFCL (a number has no len; a dict has no key 0).
 */
function itemsOf(answer: JsonValue): JsonValue[] | undefined {
  if (Array.isArray(answer)) return answer;
  if (typeof answer === 'string') return Array.from(answer);
  if (answer instanceof JsonObject && answer.size === 0) return [];
  return undefined;
}

function standardizeItems(items: readonly JsonValue[]): JsonValue[] {
  return items.map((item) => (typeof item === 'string' ? standardizeString(item) : item));
}

function matches(value: JsonValue, candidates: readonly JsonValue[], mode: CheckerMode): boolean {
  return mode === 'bfcl' ? pyIn(value, candidates) : looseIn(value, candidates);
}

/** `list_checker` (arrays and tuples). */
export function checkList(param: string, value: readonly JsonValue[], answers: readonly JsonValue[], mode: CheckerMode): CheckVerdict {
  const wanted = standardizeItems(value);
  const candidates = answers.flatMap((answer) => {
    const items = itemsOf(answer);
    return items === undefined ? [] : [standardizeItems(items)];
  });
  if (matches(wanted, candidates, mode)) return VALID;
  return invalid('value_error:list/tuple', `invalid value for parameter "${param}": ${show([...value])}; expected one of ${showAll(answers)}`);
}

/** `dict_checker`: the value must satisfy one possible answer that is not `""`. */
export function checkDict(param: string, value: JsonObject, answers: readonly JsonValue[], mode: CheckerMode): CheckVerdict {
  let result = invalid('dict_checker:unclear', `parameter "${param}" has no possible answer to compare with (it should be left out)`);
  for (const answer of answers) {
    if (answer === '') continue;
    result = checkOneDict(value, answer, mode);
    if (result.valid) return VALID;
  }
  return result;
}

function checkOneDict(value: JsonObject, answer: JsonValue, mode: CheckerMode): CheckVerdict {
  if (!(answer instanceof JsonObject)) return invalid('value_error:dict_key', `possible answer ${show(answer)} is not a dict`);
  let result: CheckVerdict = VALID;
  for (const [key, item] of value.entries()) {
    const accepted = answer.get(key);
    if (accepted === undefined) {
      result = invalid('value_error:dict_key', `unexpected dict key "${key}"`);
      break;
    }
    const candidates = standardizeItems(itemsOf(accepted) ?? []);
    const wanted = typeof item === 'string' ? standardizeString(item) : item;
    if (!matches(wanted, candidates, mode)) {
      result = invalid('value_error:dict_value', `invalid value for dict key "${key}": ${show(item)}; expected one of ${show(candidates)}`);
      break;
    }
  }
  // BFCL runs this loop even after a failure above, so a missing key's error type wins.
  for (const [key, accepted] of answer.entries()) {
    if (!value.has(key) && !allowsOmission(accepted)) {
      result = invalid('value_error:dict_key', `missing dict key "${key}"`);
      break;
    }
  }
  return result;
}

/** `"" in accepted`: true for a list holding "", any string (Python's substring test), and a dict with the key "". */
function allowsOmission(accepted: JsonValue): boolean {
  if (Array.isArray(accepted)) return accepted.some((item) => item === '');
  if (accepted instanceof JsonObject) return accepted.has('');
  return typeof accepted === 'string';
}

/** `list_dict_checker`: the dicts must match one possible answer's dicts, position by position. */
export function checkListOfDicts(param: string, value: readonly JsonValue[], answers: readonly JsonValue[], mode: CheckerMode): CheckVerdict {
  let result = invalid('list_dict_checker:unclear', `parameter "${param}" has no possible answer to compare with`);
  for (const answer of answers) {
    const expected = itemsOf(answer);
    if (expected === undefined || expected.length !== value.length) {
      result = invalid('value_error:list_dict_count', `parameter "${param}" has ${value.length} dicts; a possible answer has ${expected?.length ?? 'no'} dicts`);
      continue;
    }
    let allMatch = true;
    for (let i = 0; i < value.length; i++) {
      const item = value[i] as JsonValue;
      // The type check already required every item to be a dict.
      result = item instanceof JsonObject ? checkDict(param, item, [expected[i] as JsonValue], mode) : invalid('value_error:dict_value', `item ${i} of "${param}" is not a dict`);
      if (!result.valid) {
        allMatch = false;
        break;
      }
    }
    if (allMatch) return VALID;
  }
  return result;
}

/** The fallback comparison, `value in possible_answer[param]`, plain `==` in both modes. */
export function checkOthers(param: string, value: JsonValue, answers: readonly JsonValue[]): CheckVerdict {
  if (answers.some((answer) => pyEquals(value, answer))) return VALID;
  return invalid('value_error:others', `invalid value for parameter "${param}": ${show(value)}; expected one of ${showAll(answers)}`);
}
