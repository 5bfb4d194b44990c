import { JsonNumber, JsonObject, type JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';

/**
 * Python's view of JSON values, as BFCL's checker sees what `json.loads` gave it: the type names
 * its `type(x) == T` tests compare, `==` (where True == 1 == 1.0), and its string standardisation.
 */
export type PyType = 'str' | 'int' | 'float' | 'bool' | 'list' | 'dict' | 'NoneType';

export function pyType(value: JsonValue): PyType {
  if (value === null) return 'NoneType';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'string') return 'str';
  if (value instanceof JsonNumber) return value.isInteger ? 'int' : 'float';
  return Array.isArray(value) ? 'list' : 'dict';
}

/** `float(x)` of an int: the same number, now typed float. */
export function toFloat(value: JsonNumber): JsonNumber {
  return JsonNumber.fromNumber(value.value, true);
}

/** A number as Python compares it: ints (bools included) exactly, floats as doubles. */
function numberOf(value: JsonValue): { int?: bigint; num: number } | undefined {
  if (typeof value === 'boolean') return { int: value ? 1n : 0n, num: value ? 1 : 0 };
  if (!(value instanceof JsonNumber)) return undefined;
  if (value.isInteger) {
    try {
      return { int: BigInt(value.lexeme), num: value.value };
    } catch {
      return { num: value.value };
    }
  }
  return { num: value.value };
}

/**
 * Python compares an int with a float exactly, not after rounding the int to a double:
 * 9007199254740993 == 9007199254740992.0 is False there.
 */
function intEqualsFloat(int: bigint, float: number): boolean {
  return Number.isInteger(float) && BigInt(float) === int;
}

/** Python's `a == b` on values from `json.loads`. */
export function pyEquals(a: JsonValue, b: JsonValue): boolean {
  return equals(a, b, false);
}

/** `value in values`. */
export function pyIn(value: JsonValue, values: readonly JsonValue[]): boolean {
  return values.some((item) => pyEquals(value, item));
}

/**
 * The default checker's comparison: `==`, except that strings compare after BFCL's
 * standardisation at every depth (BFCL standardises only top-level strings and list items).
 */
export function looseEquals(a: JsonValue, b: JsonValue): boolean {
  return equals(a, b, true);
}

export function looseIn(value: JsonValue, values: readonly JsonValue[]): boolean {
  return values.some((item) => looseEquals(value, item));
}

function equals(a: JsonValue, b: JsonValue, loose: boolean): boolean {
  const x = numberOf(a);
  const y = numberOf(b);
  if (x !== undefined || y !== undefined) {
    if (x === undefined || y === undefined) return false;
    if (x.int !== undefined && y.int !== undefined) return x.int === y.int;
    if (x.int !== undefined) return intEqualsFloat(x.int, y.num);
    if (y.int !== undefined) return intEqualsFloat(y.int, x.num);
    return x.num === y.num;
  }
  if (typeof a === 'string' || typeof b === 'string') {
    if (typeof a !== 'string' || typeof b !== 'string') return false;
    return loose ? standardizeString(a) === standardizeString(b) : a === b;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((item, i) => equals(item, b[i] as JsonValue, loose));
  }
  if (a instanceof JsonObject || b instanceof JsonObject) {
    if (!(a instanceof JsonObject) || !(b instanceof JsonObject) || a.size !== b.size) return false;
    return a.entries().every(([key, item]) => b.has(key) && equals(item, b.get(key) as JsonValue, loose));
  }
  return a === b;
}

/**
 * BFCL's `standardize_string`: drop spaces and `,./-_*^`, lower-case, `'` → `"`, so that
 * "April 1, 2024" and "april 1 2024" compare equal.
 */
export function standardizeString(text: string): string {
  return text.replace(/[ ,./\-_*^]/g, '').toLowerCase().replace(/'/g, '"');
}

/** A value for messages, in Python's json.dumps spelling. */
export function show(value: JsonValue): string {
  const text = pyJsonDumps(value, { ensureAscii: false });
  return text.length > 200 ? `${text.slice(0, 197)}...` : text;
}

export function showAll(values: readonly JsonValue[]): string {
  return show([...values]);
}
