import { isJsonObject, JsonNumber, JsonObject, type JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import { literal, RuleSet } from './gbnf';

/** A schema keyword the grammar cannot enforce; the output may still violate it. */
export interface DroppedKeyword {
  path: string;
  keyword: string;
}

// Python's json.dumps separators: the spacing every xLAM model saw in training. A fixed
// separator also bounds whitespace, so a weak model cannot loop on spaces until max tokens.
export const ITEM_SEP = '", "';
export const KEY_SEP = '": "';

/**
 * Rules every grammar shares. Digit counts are bounded for the same reason as whitespace, and so
 * are strings (`maxStringChars`): an unbounded string lets a weak model write until max tokens.
 */
export function primitiveRules(maxStringChars: number): ReadonlyArray<[string, string]> {
  return [
    ['char', '[^"\\\\\\x00-\\x1f] | "\\\\" (["\\\\/bfnrt] | "u" [0-9a-fA-F]{4})'],
    ['string', `"\\"" char{0,${maxStringChars}} "\\""`],
    ['integer', '"-"? ("0" | [1-9] [0-9]{0,17})'],
    ['number', 'integer ("." [0-9]{1,17})? ([eE] [-+]? [0-9]{1,3})?'],
    ['boolean', '"true" | "false"'],
    ['null', '"null"'],
    ['value', 'object-any | array-any | string | number | boolean | null'],
    ['object-any', `"{" (string ${KEY_SEP} value (${ITEM_SEP} string ${KEY_SEP} value)*)? "}"`],
    ['array-any', `"[" (value (${ITEM_SEP} value)*)? "]"`],
  ];
}

const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'example', '$schema', '$id', '$comment', 'deprecated', 'readOnly', 'writeOnly', '$defs', 'definitions', 'nullable']);
const HANDLED = new Set(['type', 'properties', 'required', 'items', 'enum', 'const', '$ref', 'oneOf', 'anyOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'additionalProperties']);
const MAX_DEPTH = 48;

/**
 * Compiles the JSON Schema subset a grammar can enforce into GBNF rules: types, enum/const,
 * oneOf/anyOf, $ref (recursive too), objects with ordered properties where only `required` ones
 * are mandatory, arrays with bounded counts, string lengths. Everything else is reported.
 */
export class SchemaCompiler {
  readonly dropped: DroppedKeyword[] = [];
  private readonly refRules = new Map<string, string>();

  constructor(
    private readonly rules: RuleSet,
    private readonly root: JsonValue,
  ) {}

  /** A GBNF expression (usually a rule name) matching JSON values of `schema`. */
  compile(schema: JsonValue | undefined, path: string, hint: string, depth = 0): string {
    if (depth > MAX_DEPTH) {
      this.drop(path, `nesting deeper than ${MAX_DEPTH}`);
      return 'value';
    }
    if (schema === true || schema === undefined || !isJsonObject(schema)) return 'value';
    for (const key of schema.keys()) {
      if (!ANNOTATIONS.has(key) && !HANDLED.has(key)) this.drop(path, key);
    }
    const ref = schema.get('$ref');
    if (typeof ref === 'string') return this.compileRef(ref, path, depth);
    if (schema.has('const')) return literal(pyJsonDumps(schema.get('const') as JsonValue, { ensureAscii: false }));
    const enumValues = schema.get('enum');
    if (Array.isArray(enumValues) && enumValues.length > 0) {
      return this.rules.add(`${hint}-enum`, enumValues.map((v) => literal(pyJsonDumps(v, { ensureAscii: false }))).join(' | '));
    }
    const variants = schema.get('oneOf') ?? schema.get('anyOf');
    if (Array.isArray(variants) && variants.length > 0) {
      const options = variants.map((v, i) => this.compile(v, `${path}/${schema.has('oneOf') ? 'oneOf' : 'anyOf'}/${i}`, `${hint}-${i}`, depth + 1));
      return this.rules.add(`${hint}-alt`, options.join(' | '));
    }
    const type = schema.get('type');
    if (Array.isArray(type)) {
      const options = type.filter((t): t is string => typeof t === 'string').map((t) => this.compileType(t, schema, path, `${hint}-${t}`, depth));
      return options.length === 0 ? 'value' : this.rules.add(`${hint}-types`, options.join(' | '));
    }
    if (typeof type === 'string') return this.compileType(type, schema, path, hint, depth);
    if (schema.has('properties')) return this.compileType('object', schema, path, hint, depth);
    if (schema.has('items')) return this.compileType('array', schema, path, hint, depth);
    return 'value';
  }

  private compileType(type: string, schema: JsonObject, path: string, hint: string, depth: number): string {
    switch (type) {
      case 'string':
        return this.compileString(schema, hint);
      case 'integer':
      case 'number':
      case 'boolean':
      case 'null':
        return type;
      case 'array':
        return this.compileArray(schema, path, hint, depth);
      case 'object':
        return this.compileObject(schema, path, hint, depth);
      default:
        this.drop(path, `type "${type}"`);
        return 'value';
    }
  }

  private compileString(schema: JsonObject, hint: string): string {
    const min = nonNegativeInt(schema.get('minLength'));
    const max = nonNegativeInt(schema.get('maxLength'));
    if (min === undefined && max === undefined) return 'string';
    return this.rules.add(`${hint}-string`, `"\\"" char{${min ?? 0},${max ?? ''}} "\\""`);
  }

  private compileArray(schema: JsonObject, path: string, hint: string, depth: number): string {
    const item = this.compile(schema.get('items'), `${path}/items`, `${hint}-item`, depth + 1);
    const min = nonNegativeInt(schema.get('minItems')) ?? 0;
    const max = nonNegativeInt(schema.get('maxItems'));
    if (max === 0) return literal('[]');
    const rest = `(${ITEM_SEP} ${item}){${Math.max(0, min - 1)},${max === undefined ? '' : max - 1}}`;
    const body = min === 0 ? `"[" (${item} ${rest})? "]"` : `"[" ${item} ${rest} "]"`;
    return this.rules.add(`${hint}-array`, body);
  }

  private compileObject(schema: JsonObject, path: string, hint: string, depth: number): string {
    const properties = schema.get('properties');
    if (!isJsonObject(properties) || properties.size === 0) {
      return schema.get('additionalProperties') === false || isJsonObject(properties) ? literal('{}') : 'object-any';
    }
    if (schema.get('additionalProperties') !== undefined && schema.get('additionalProperties') !== false) {
      this.drop(path, 'additionalProperties (only the declared properties are generated)');
    }
    const requiredList = schema.get('required');
    const required = new Set(Array.isArray(requiredList) ? requiredList.filter((r): r is string => typeof r === 'string') : []);
    const pairs = properties.entries().map(([name, sub]) => ({
      required: required.has(name),
      kv: `${literal(pyJsonDumps(name, { ensureAscii: false }))} ${KEY_SEP} ${this.compile(sub, `${path}/properties/${name}`, `${hint}-${name}`, depth + 1)}`,
    }));
    // Properties come in declared order; optional ones may be skipped. rest(i) follows a written
    // property (so each item starts with a separator); first(i) writes at least one property.
    // Both are chains of rules, so the grammar grows linearly with the property count.
    const restRules: string[] = [];
    for (let i = pairs.length - 1; i >= 0; i--) {
      const pair = pairs[i] as { required: boolean; kv: string };
      const next = restRules[i + 1];
      const item = pair.required ? `${ITEM_SEP} ${pair.kv}` : `(${ITEM_SEP} ${pair.kv})?`;
      restRules[i] = this.rules.add(`${hint}-rest-${i}`, next === undefined ? item : `${item} ${next}`);
    }
    let first: string | undefined;
    for (let i = pairs.length - 1; i >= 0; i--) {
      const pair = pairs[i] as { required: boolean; kv: string };
      const next = restRules[i + 1];
      const written = next === undefined ? pair.kv : `${pair.kv} ${next}`;
      first = this.rules.add(`${hint}-first-${i}`, pair.required || first === undefined ? written : `${written} | ${first}`);
    }
    const anyRequired = pairs.some((p) => p.required);
    return this.rules.add(`${hint}-object`, anyRequired ? `"{" ${first as string} "}"` : `"{" ${first as string}? "}"`);
  }

  private compileRef(ref: string, path: string, depth: number): string {
    const known = this.refRules.get(ref);
    if (known !== undefined) return known;
    const target = resolvePointer(this.root, ref);
    if (target === undefined) {
      this.drop(path, `$ref "${ref}" (not found in this schema)`);
      return 'value';
    }
    const name = this.rules.reserve(`ref-${ref}`);
    this.refRules.set(ref, name);
    this.rules.set(name, this.compile(target, ref, `ref-${ref}`, depth + 1));
    return name;
  }

  private drop(path: string, keyword: string): void {
    this.dropped.push({ path: path || '/', keyword });
  }
}

function nonNegativeInt(value: JsonValue | undefined): number | undefined {
  if (!(value instanceof JsonNumber)) return undefined;
  const n = value.value;
  return Number.isInteger(n) && n >= 0 && n <= 100_000 ? n : undefined;
}

/** Resolves a local JSON pointer (`#/$defs/A`); other references are not followed. */
function resolvePointer(root: JsonValue, ref: string): JsonValue | undefined {
  if (!ref.startsWith('#')) return undefined;
  let node: JsonValue | undefined = root;
  for (const raw of ref.slice(1).split('/').filter((p) => p !== '')) {
    const part = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (isJsonObject(node)) node = node.get(part);
    else if (Array.isArray(node)) node = node[Number(part)];
    else return undefined;
  }
  return node;
}
