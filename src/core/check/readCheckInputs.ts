import { InputError } from '../errors';
import { JsonObject, type JsonValue } from '../json/jsonValue';
import { locatePath, readJsonDocument, type JsonDocument } from '../json/readJsonDocument';
import type { CheckInput } from './checkCalls';
import { BFCL_TYPES, type BfclType, type CheckCategory, type DecodedOutput, type ExpectedCall, type FunctionDoc, type ModelCall, type ParamDoc } from './types';

/** A file's text and the name to locate errors in. */
export interface SourceText {
  text: string;
  file?: string;
}

type Path = Array<string | number>;

function fail(doc: JsonDocument, path: Path, message: string): never {
  throw new InputError(message, locatePath(doc, path), path);
}

function objectAt(doc: JsonDocument, value: JsonValue | undefined, path: Path, what: string): JsonObject {
  if (value instanceof JsonObject) return value;
  return fail(doc, path, `${what} must be an object`);
}

/**
 * The three files of `xlam-lab check`, in BFCL's own shapes, read into checker values. Everything
 * BFCL's checker would crash on (a missing doc, an unknown type name, an answer that is not a
 * list of values) is an InputError at its place; a decoded output of the wrong shape is not an
 * input error but BFCL's `ast_decoder:decoder_wrong_output_format` verdict.
 */
export function readCheckInputs(category: CheckCategory, functions: SourceText, expected: SourceText | undefined, output: SourceText): CheckInput {
  const docs = readFunctionDocs(readJsonDocument(functions.text, functions.file));
  const answerDoc = expected === undefined ? undefined : readJsonDocument(expected.text, expected.file);
  const answers = readExpected(answerDoc, docs, category);
  return { category, functions: docs, expected: answers, output: readDecodedOutput(readJsonDocument(output.text, output.file).value) };
}

/** BFCL's function doc list (a single doc object is taken as a list of one, as BFCL does). */
export function readFunctionDocs(doc: JsonDocument): FunctionDoc[] {
  const items = Array.isArray(doc.value) ? doc.value : [doc.value];
  const prefix = (i: number): Path => (Array.isArray(doc.value) ? [i] : []);
  if (items.length === 0) fail(doc, [], 'the function doc list is empty');
  return items.map((item, i) => {
    const fn = objectAt(doc, item, prefix(i), 'a function doc');
    const name = fn.get('name');
    if (typeof name !== 'string') fail(doc, [...prefix(i), 'name'], 'a function doc needs a string "name"');
    const parameters = objectAt(doc, fn.get('parameters'), [...prefix(i), 'parameters'], '"parameters"');
    const propsPath = [...prefix(i), 'parameters', 'properties'];
    const properties = objectAt(doc, parameters.get('properties') ?? new JsonObject(), propsPath, '"properties"');
    const params = new Map<string, ParamDoc>();
    for (const [param, value] of properties.entries()) params.set(param, readParamDoc(doc, value, [...propsPath, param]));
    const required = parameters.get('required') ?? [];
    const requiredPath = [...prefix(i), 'parameters', 'required'];
    if (!Array.isArray(required) || !required.every((r) => typeof r === 'string')) fail(doc, requiredPath, '"required" must be a list of parameter names');
    return { name, params, required };
  });
}

function readParamDoc(doc: JsonDocument, value: JsonValue, path: Path): ParamDoc {
  const param = objectAt(doc, value, path, 'a parameter doc');
  const type = bfclType(doc, param.get('type'), [...path, 'type']);
  const out: ParamDoc = { type };
  if (type === 'array' || type === 'tuple') {
    // BFCL reads items.type of every array it checks; without it, its checker raises KeyError.
    const items = objectAt(doc, param.get('items'), [...path, 'items'], `an ${type} parameter's "items"`);
    out.itemsType = bfclType(doc, items.get('type'), [...path, 'items', 'type']);
  }
  const fallback = param.get('default');
  if (fallback !== undefined) out.default = fallback;
  return out;
}

function bfclType(doc: JsonDocument, value: JsonValue | undefined, path: Path): BfclType {
  if (typeof value === 'string' && (BFCL_TYPES as readonly string[]).includes(value)) return value as BfclType;
  return fail(doc, path, `a parameter type must be one of BFCL's ${BFCL_TYPES.join(', ')} (got ${value === undefined ? 'none' : JSON.stringify(value)})`);
}

/** The possible answer, `[{"fn": {"param": [values…]}}]`; irrelevance has none (absent or `[]`). */
export function readExpected(doc: JsonDocument | undefined, functions: readonly FunctionDoc[], category: CheckCategory): ExpectedCall[] {
  if (category === 'irrelevance') {
    if (doc !== undefined && !(Array.isArray(doc.value) && doc.value.length === 0)) fail(doc, [], 'an irrelevance case expects no call: its possible answer is [] (or leave --expected out)');
    return [];
  }
  if (doc === undefined) throw new InputError(`a ${category} case needs a possible answer`);
  if (!Array.isArray(doc.value)) fail(doc, [], 'the possible answer must be a list of {"function_name": {"param": [values…]}}');
  const single = category === 'simple' || category === 'multiple';
  if (single ? doc.value.length !== 1 : doc.value.length === 0) {
    fail(doc, [], `a ${category} possible answer has ${single ? 'exactly one call' : 'at least one call'} (got ${doc.value.length})`);
  }
  return doc.value.map((item, i) => {
    const call = objectAt(doc, item, [i], 'a possible answer call');
    const [entry, ...extra] = call.entries();
    if (entry === undefined || extra.length > 0) fail(doc, [i], 'a possible answer call has exactly one key, the function name');
    const [name, body] = entry;
    if (!functions.some((fn) => fn.name === name)) fail(doc, [i, name], `no function "${name}" in the function docs`);
    const params = new Map<string, readonly JsonValue[]>();
    for (const [param, values] of objectAt(doc, body, [i, name], 'the parameters of a possible answer').entries()) {
      if (!Array.isArray(values)) fail(doc, [i, name, param], `the possible values of "${param}" must be a list ("" in it marks the parameter optional)`);
      params.set(param, values);
    }
    return { name, params };
  });
}

/** A decoded model output, `[{"fn": {args}}]` (`[]` for no call), judged as BFCL judges its format. */
export function readDecodedOutput(value: JsonValue): DecodedOutput {
  if (!Array.isArray(value)) return { ok: false, reason: 'the decoded output is not a list of {"function_name": {arguments}}' };
  const calls: ModelCall[] = [];
  for (const [i, item] of value.entries()) {
    const entries = item instanceof JsonObject ? item.entries() : [];
    const [name, args] = entries[0] ?? [];
    if (entries.length !== 1 || name === undefined || !(args instanceof JsonObject)) {
      return { ok: false, reason: `item ${i} of the decoded output is not {"function_name": {arguments}}` };
    }
    calls.push({ name, args });
  }
  return { ok: true, calls };
}
