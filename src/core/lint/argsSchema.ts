import { flatArgumentsSchema } from '../grammar/flatTypes';
import { getString, isJsonObject, setOwn, toPlain, type JsonObject, type JsonValue } from '../json/jsonValue';
import { compactJson } from '../json/pyJsonDumps';
import { isFlatParameters } from '../tools/tool';
import { dialectOf, type Dialect } from './ajvCache';
import { normalizeTypeName } from './valueTypes';

/** Deeper parts of a schema are left as written (the schema walk reports the depth). */
export const MAX_SCHEMA_DEPTH = 64;

/** Keywords whose values are data, not schemas: never rewritten. */
const DATA_KEYWORDS = new Set(['enum', 'const', 'default', 'examples', 'example']);

export interface ArgumentsSchema {
  /** Compact JSON text of the schema arguments are validated with (the cache key). */
  compact: string;
  dialect: Dialect;
  flat: boolean;
  /** Flat parameters: the JSON Schema they were converted to. */
  converted?: JsonObject;
}

/**
 * The JSON Schema a tool's arguments are validated with: the parameters as written (`compact`
 * when the caller has it), xlam-60k flat maps converted (flatTypes.ts), BFCL/Python type names
 * (dict, float, str, …) replaced by JSON Schema's, and `{}` for a tool without parameters.
 */
export function argumentsSchema(params: JsonObject | undefined, compact?: string): ArgumentsSchema {
  if (params === undefined) return { compact: '{"type":"object","properties":{}}', dialect: 'draft-07', flat: false };
  if (isFlatParameters(params)) {
    const converted = flatArgumentsSchema(params);
    return { compact: compactJson(converted), dialect: 'draft-07', flat: true, converted };
  }
  const { dialect } = dialectOf(getString(params, '$schema'));
  if (hasNonstandardType(params, 0)) return { compact: JSON.stringify(normalize(toPlain(params), 0)), dialect, flat: false };
  return { compact: compact ?? compactJson(params), dialect, flat: false };
}

function isNonstandard(type: JsonValue | undefined): boolean {
  const names = typeof type === 'string' ? [type] : Array.isArray(type) ? type : [];
  return names.some((name) => typeof name === 'string' && normalizeTypeName(name) !== undefined && normalizeTypeName(name) !== name);
}

function hasNonstandardType(value: JsonValue, depth: number): boolean {
  if (depth > MAX_SCHEMA_DEPTH) return false;
  if (Array.isArray(value)) return value.some((item) => hasNonstandardType(item, depth + 1));
  if (!isJsonObject(value)) return false;
  if (isNonstandard(value.get('type'))) return true;
  return value.entries().some(([key, item]) => !DATA_KEYWORDS.has(key) && hasNonstandardType(item, depth + 1));
}

function normalize(value: unknown, depth: number): unknown {
  if (depth > MAX_SCHEMA_DEPTH || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((item) => normalize(item, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) {
    if (key === 'type' && (typeof item === 'string' || Array.isArray(item))) {
      const names = (typeof item === 'string' ? [item] : (item as unknown[])).map((name) => (typeof name === 'string' ? (normalizeTypeName(name) ?? name) : name));
      if (names.includes('any')) continue;
      setOwn(out, key, typeof item === 'string' ? names[0] : names);
    } else {
      setOwn(out, key, DATA_KEYWORDS.has(key) ? item : normalize(item, depth + 1));
    }
  }
  return out;
}
