/**
 * A decoded JSON value read as calls, for the tolerant parser (its decisions are in tolerant.ts):
 * which shape it is, its calls, and what is wrong with them.
 */
import { getString, isJsonObject, JsonObject, type JsonValue } from '../json/jsonValue';
import { parsePythonJson } from '../json/parsePythonJson';
import type { OutputShape, ParsedCall } from './types';
import { MAX_JSON_DEPTH } from '../json/jsonDepth';

/** No Python stack reads deeper JSON, and consumers of the calls (pyJsonDumps, toPlain) recurse. */
export const PYTHON = { maxDepth: MAX_JSON_DEPTH };
const CALL_KEYS = new Set(['name', 'arguments', 'parameters', 'id', 'type']);

export interface Shape {
  calls: ParsedCall[];
  thought?: string;
  /** A `tool_calls`/`thought` object: a deliberate (possibly empty) answer even with no calls. */
  envelope: boolean;
  problems: Problem[];
  /** The shape of each value read, in order. */
  kinds: OutputShape[];
  /** Body offset of the first value (set once offsets are known, in `sequence`). */
  valueAt?: number;
}

/** `key`: the problem is the value of that member of the object, not the object. */
export interface Problem {
  message: string;
  key?: string;
}

/** One value's shape, or what several values read together are. */
export function overallShape(kinds: readonly OutputShape[]): OutputShape | undefined {
  if (kinds.length <= 1) return kinds[0];
  return kinds.every((kind) => kind === 'call-object') ? 'separated-calls' : 'several-values';
}

/** A decoded value as calls; `lone`: a whole text may be an empty array or a bare envelope. */
export function interpret(value: JsonValue, lone: boolean): Shape | undefined {
  if (Array.isArray(value)) return fromList(value, false, lone);
  if (!isJsonObject(value)) return undefined;
  const single = toCall(value);
  if (single) return { calls: [single.call], envelope: false, problems: single.problems, kinds: ['call-object'] };
  if (!value.has('tool_calls') && !value.has('thought')) return undefined;
  const list = value.get('tool_calls');
  const kinds: OutputShape[] = [value.has('thought') ? 'thought-object' : 'tool-calls-object'];
  let shape: Shape;
  if (Array.isArray(list)) shape = { ...(fromList(list, true, true) as Shape), kinds };
  else if (list === undefined || list === null) shape = { calls: [], envelope: true, problems: [], kinds };
  else {
    const one = toCall(list); // one call object instead of a list
    const problems: Problem[] = one ? one.problems : [{ message: `"tool_calls" is not a list of calls but ${describe(list)}; no calls read`, key: 'tool_calls' }];
    shape = { calls: one ? [one.call] : [], envelope: true, problems, kinds };
  }
  const thought = getString(value, 'thought');
  if (thought !== undefined) shape.thought = thought;
  return shape;
}

function describe(value: JsonValue): string {
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'boolean') return 'a boolean';
  if (isJsonObject(value)) return 'an object that is no {"name", "arguments"} call';
  return 'a number'; // lists and null do not come here
}

function fromList(items: JsonValue[], envelope: boolean, allowEmpty: boolean): Shape | undefined {
  const shape: Shape = { calls: [], envelope, problems: [], kinds: ['array'] };
  items.forEach((item, i) => {
    const call = toCall(item);
    if (call) {
      shape.calls.push(call.call);
      shape.problems.push(...call.problems);
    } else {
      shape.problems.push({ message: `item ${i + 1} of the call list is not a {"name", "arguments"} object; skipped` });
    }
  });
  // A list of data ([1, 2], or [] inside prose) is not a list of calls.
  if (!envelope && (items.length > 0 ? shape.calls.length === 0 : !allowEmpty)) return undefined;
  return shape;
}

function toCall(item: JsonValue): { call: ParsedCall; problems: Problem[] } | undefined {
  if (!isJsonObject(item)) return undefined;
  // OpenAI's {"type": "function", "function": {...}}: unwrapped once (no recursion on nested input).
  const wrapped = item.get('function');
  const value = isJsonObject(wrapped) && typeof wrapped.get('name') === 'string' ? wrapped : item;
  const name = value.get('name');
  if (typeof name !== 'string') return undefined;
  const hasArgs = value.has('arguments') || value.has('parameters');
  if (!hasArgs && !value.keys().every((key) => CALL_KEYS.has(key))) return undefined;
  if (!hasArgs) return { call: { name, arguments: new JsonObject(), argumentsMissing: true }, problems: [] };
  const raw = (value.has('arguments') ? value.get('arguments') : value.get('parameters')) as JsonValue;
  if (isJsonObject(raw)) return { call: { name, arguments: raw }, problems: [] };
  if (typeof raw === 'string') {
    const decoded = parsePythonJson(raw, PYTHON);
    if (decoded.ok && isJsonObject(decoded.value)) return { call: { name, arguments: decoded.value }, problems: [] };
    return { call: { name, arguments: raw }, problems: [{ message: `arguments of "${name}" is a string that is not a JSON object; kept as the string` }] };
  }
  return { call: { name, arguments: raw }, problems: [{ message: `arguments of "${name}" is not an object` }] };
}
