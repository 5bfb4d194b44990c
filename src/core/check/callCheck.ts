import { JsonNumber, JsonObject, type JsonValue } from '../json/jsonValue';
import { looseEquals, pyType, show, toFloat } from './pyValue';
import { pythonTypeOf, typeCheck } from './typeCheck';
import { invalid, VALID, type CheckerMode, type CheckVerdict, type ExpectedCall, type FunctionDoc, type ModelCall, type ParamDoc } from './types';
import { checkDict, checkList, checkListOfDicts, checkOthers, checkString } from './valueCheck';

/**
 * One model call against one possible answer, as BFCL's `simple_function_checker` does it
 * (Python categories): the name, required parameters, then each argument in the order the model
 * wrote them (the first problem is the one reported), then omitted parameters.
 *
 * BFCL reads the answer's parameters whatever its function name; the caller picks `doc` by it.
 */
export function checkCall(doc: FunctionDoc, call: ModelCall, expected: ExpectedCall, mode: CheckerMode): CheckVerdict {
  if (call.name !== doc.name) {
    return invalid('simple_function_checker:wrong_func_name', `function "${doc.name}" not found in the model output (got "${call.name}")`);
  }
  for (const param of doc.required) {
    if (!call.args.has(param)) return invalid('simple_function_checker:missing_required', `missing required parameter "${param}"`);
  }
  for (const [param, value] of call.args.entries()) {
    const paramDoc = doc.params.get(param);
    const answers = expected.params.get(param);
    if (paramDoc === undefined || answers === undefined) {
      if (paramDoc !== undefined && mode === 'default' && statesDefault(doc, param, paramDoc, value)) continue;
      return invalid('simple_function_checker:unexpected_param', `unexpected parameter "${param}"${paramDoc === undefined ? '' : ' (not in the possible answer)'}`);
    }
    const verdict = checkArgument(param, value, answers, paramDoc, mode);
    if (!verdict.valid) return verdict;
  }
  for (const [param, answers] of expected.params) {
    if (!call.args.has(param) && !answers.includes('')) {
      return invalid('simple_function_checker:missing_optional', `parameter "${param}" not provided, and the possible answer does not mark it optional`);
    }
  }
  return VALID;
}

/**
 * A parameter the possible answer leaves out is one the call should not change: stating its
 * declared default is the same call. Only the default checker accepts it.
 */
function statesDefault(doc: FunctionDoc, param: string, paramDoc: ParamDoc, value: JsonValue): boolean {
  return !doc.required.includes(param) && paramDoc.default !== undefined && looseEquals(value, paramDoc.default);
}

function checkArgument(param: string, given: JsonValue, answers: readonly JsonValue[], paramDoc: ParamDoc, mode: CheckerMode): CheckVerdict {
  if (paramDoc.type === 'any' && mode === 'default') {
    // BFCL maps "any" to str and so rejects a number unless the first answer is one.
    return typeof given === 'string' ? checkString(param, given, answers) : checkOthers(param, given, answers);
  }
  const type = pythonTypeOf(paramDoc.type);
  const nested = paramDoc.itemsType === undefined ? undefined : pythonTypeOf(paramDoc.itemsType);
  // Python would take an int where a float is declared; BFCL allows it here, at the top level only.
  const value = paramDoc.type === 'float' && given instanceof JsonNumber && pyType(given) === 'int' ? toFloat(given) : given;
  const typed = typeCheck(param, value, answers, nested === undefined ? { type } : { type, nested }, mode);
  if (!typed.ok) return invalid(typed.errorType, typed.message);
  // A variable name in place of a value is compared as it is, below.
  if (!typed.isVariable) {
    if (type === 'dict') return checkDict(param, value as JsonObject, answers, mode);
    if (type === 'list' && nested === 'dict') return checkListOfDicts(param, value as JsonValue[], answers, mode);
    if (type === 'str') return checkString(param, value as string, answers);
    if (type === 'list') return checkList(param, value as JsonValue[], answers, mode);
  }
  return checkOthers(param, value, answers);
}

/** For messages about a whole call. */
export function showCall(call: ModelCall): string {
  return show(new JsonObject([[call.name, call.args]]));
}
