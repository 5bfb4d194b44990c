import { isJsonNumber, isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue';
import { compactJson } from '../json/pyJsonDumps';

/** JSON Schema's type names. */
export const JSON_TYPES: ReadonlySet<string> = new Set(['string', 'number', 'integer', 'boolean', 'array', 'object', 'null']);

/**
 * Type names BFCL and Python-minded authors write in a JSON Schema `type`, with the JSON Schema
 * name they mean (BFCL's checker: dict, float, tuple, any; Python: str, int, bool, list).
 */
export const NONSTANDARD_TYPES: Readonly<Record<string, string>> = {
  dict: 'object',
  float: 'number',
  tuple: 'array',
  any: 'any',
  str: 'string',
  int: 'integer',
  bool: 'boolean',
  list: 'array',
};

/** A type name as JSON Schema (or 'any'); undefined when it is neither standard nor a known alias. */
export function normalizeTypeName(name: string): string | undefined {
  return JSON_TYPES.has(name) ? name : NONSTANDARD_TYPES[name];
}

/**
 * The types a schema declares, normalised; undefined when it declares none, or 'any', or a name
 * nobody knows (then no value can be said to be wrong).
 */
export function declaredTypes(schema: JsonObject): string[] | undefined {
  const type = schema.get('type');
  const names = typeof type === 'string' ? [type] : Array.isArray(type) ? type : [];
  if (names.length === 0) return undefined;
  const out: string[] = [];
  for (const name of names) {
    const normal = typeof name === 'string' ? normalizeTypeName(name) : undefined;
    if (normal === undefined || normal === 'any') return undefined;
    out.push(normal);
  }
  return out;
}

export type ValueKind = 'string' | 'integer' | 'float' | 'boolean' | 'array' | 'object' | 'null';

/** What Python's json.loads makes of a value (an int is written without fraction or exponent). */
export function valueKind(value: JsonValue): ValueKind {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'boolean') return 'boolean';
  if (isJsonNumber(value)) return value.isInteger ? 'integer' : 'float';
  return Array.isArray(value) ? 'array' : 'object';
}

/**
 * BFCL's exact type check (xlam-formats.md §7): an int is accepted for a number, a float never
 * for an integer, and a bool is never a number.
 */
export function matchesType(value: JsonValue, type: string): boolean {
  const kind = valueKind(value);
  switch (type) {
    case 'number':
      return kind === 'integer' || kind === 'float';
    case 'any':
      return true;
    default:
      return kind === type;
  }
}

export function matchesAnyType(value: JsonValue, types: readonly string[]): boolean {
  return types.some((type) => matchesType(value, type));
}

/** A short rendering of a value for messages: `5.0 (float)`, `"abc" (string)`. */
export function describeValue(value: JsonValue): string {
  let text = compactJson(value);
  if (text.length > 40) text = `${text.slice(0, 37)}...`;
  return `${text} (${valueKind(value)})`;
}

/** `a or b` lists for messages. */
export function orList(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? '') : `${items.slice(0, -1).join(', ')} or ${items[items.length - 1] as string}`;
}

/** Where a value breaks its schema's types, below the value (keys; indexes as numbers). */
export interface TypeMismatch {
  path: Array<string | number>;
  value: JsonValue;
  expected: string[];
}

/**
 * The first part of `value` whose type `schema` rejects by BFCL's rules: its own `type`, then
 * `items` of arrays and `properties` of objects (nested up to a few levels; `$ref`s are not
 * followed). Undefined when nothing is declared or everything matches.
 */
export function typeMismatch(value: JsonValue, schema: JsonObject, depth = 0): TypeMismatch | undefined {
  if (depth > 16) return undefined;
  const types = declaredTypes(schema);
  if (types !== undefined && !matchesAnyType(value, types)) return { path: [], value, expected: types };
  const items = schema.get('items');
  if (Array.isArray(value) && isJsonObject(items)) {
    for (let i = 0; i < value.length; i++) {
      const inner = typeMismatch(value[i] as JsonValue, items, depth + 1);
      if (inner !== undefined) return { ...inner, path: [i, ...inner.path] };
    }
  }
  const properties = schema.get('properties');
  if (isJsonObject(value) && isJsonObject(properties)) {
    for (const [key, item] of value.entries()) {
      const sub = properties.get(key);
      const inner = isJsonObject(sub) ? typeMismatch(item, sub, depth + 1) : undefined;
      if (inner !== undefined) return { ...inner, path: [key, ...inner.path] };
    }
  }
  return undefined;
}

/** `"tags"[1]`, `default.a[0]`: a path for messages. */
export function describePath(head: string, path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((out, part) => (typeof part === 'number' ? `${out}[${part}]` : `${out}.${part}`), head);
}
