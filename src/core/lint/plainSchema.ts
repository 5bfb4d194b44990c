import { isJsonNumber, isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue';
import { JSON_TYPES } from './valueTypes';

/**
 * Whether a schema node is "plain": built only from keywords whose every allowed value the
 * draft-07 and the 2020-12 meta-schemas both accept, each with such a value. A schema whose every
 * node is plain is meta-valid in both dialects, so the lint skips meta-validating it (a JSON.parse
 * and a validator run per tool: most of a cold lint's meta-validation time, and never a diagnostic).
 *
 * Conservative by design: any other keyword, or any doubtful value, makes the node not plain and
 * the schema is meta-validated as before. Subschemas (under properties, items, …) must be objects
 * (checked as nodes of their own by the schema walk) or booleans. test/unit/lint/plainSchema.test.ts
 * checks against both generated meta-validators that plain schemas are meta-valid.
 */
export function isPlainSchemaNode(node: JsonObject): boolean {
  // By position: entries() would make a pair per key of every schema node.
  for (let i = 0; i < node.size; i++) {
    const check = PLAIN_KEYWORDS.get(node.keyAt(i) as string);
    if (check === undefined || !check(node.valueAt(i) as JsonValue)) return false;
  }
  return true;
}

/** Whether every value of a map (properties, $defs) is a subschema. */
function allSubschemas(map: JsonValue): boolean {
  if (!isJsonObject(map)) return false;
  for (let i = 0; i < map.size; i++) if (!isSubschema(map.valueAt(i) as JsonValue)) return false;
  return true;
}

const isString = (value: JsonValue) => typeof value === 'string';
const isNumber = (value: JsonValue) => isJsonNumber(value) && Number.isFinite(value.value);
/** As ajv checks a non-negative integer: `1.0` and `1e2` count (JSON.parse makes them 1 and 100). */
const isCount = (value: JsonValue) => isJsonNumber(value) && Number.isInteger(value.value) && value.value >= 0;
const isSubschema = (value: JsonValue) => isJsonObject(value) || typeof value === 'boolean';
const isTypeName = (value: JsonValue) => typeof value === 'string' && JSON_TYPES.has(value);
const unique = (items: readonly JsonValue[]) => new Set(items).size === items.length;

function distinctPrimitives(items: readonly JsonValue[]): boolean {
  const seen = new Set<string>();
  for (const item of items) {
    if (isJsonObject(item) || Array.isArray(item)) return false;
    const key = isJsonNumber(item) ? `n${item.value}` : typeof item === 'string' ? `s${item}` : String(item);
    if (seen.has(key)) return false;
    seen.add(key);
  }
  return true;
}

/** Keyword → the values both meta-schemas accept for it (a subset, where in doubt). */
const PLAIN_KEYWORDS = new Map<string, (value: JsonValue) => boolean>([
  ['type', (v) => isTypeName(v) || (Array.isArray(v) && v.length > 0 && v.every(isTypeName) && unique(v))],
  ['description', isString],
  ['title', isString],
  ['$comment', isString],
  ['$schema', isString],
  ['format', isString],
  // The meta-schemas say `"format": "regex"`, but the generated validators check no format.
  ['pattern', isString],
  ['$ref', isString],
  ['default', () => true],
  ['const', () => true],
  // draft-07 wants enum values, and distinct ones (2020-12 neither): primitives only, so that
  // "distinct" is simple to tell (1 and 1.0 count as the same, as they do for ajv).
  ['enum', (v) => Array.isArray(v) && v.length > 0 && distinctPrimitives(v)],
  ['examples', (v) => Array.isArray(v)],
  ['minimum', isNumber],
  ['maximum', isNumber],
  ['minLength', isCount],
  ['maxLength', isCount],
  ['minItems', isCount],
  ['maxItems', isCount],
  ['minProperties', isCount],
  ['maxProperties', isCount],
  ['required', (v) => Array.isArray(v) && v.every(isString) && unique(v)],
  ['properties', allSubschemas],
  ['$defs', allSubschemas],
  ['definitions', allSubschemas],
  // An object only: draft-07 also allows a non-empty array of schemas, 2020-12 does not.
  ['items', isSubschema],
  ['additionalProperties', isSubschema],
  ['not', isSubschema],
  ['anyOf', (v) => Array.isArray(v) && v.length > 0 && v.every(isSubschema)],
  ['oneOf', (v) => Array.isArray(v) && v.length > 0 && v.every(isSubschema)],
  ['allOf', (v) => Array.isArray(v) && v.length > 0 && v.every(isSubschema)],
]);
