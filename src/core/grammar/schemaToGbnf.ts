import { isJsonObject, JsonNumber, type JsonObject, type JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import { literal, RuleSet } from './gbnf';

/** A schema keyword the grammar cannot enforce; the output may still violate it. */
export interface DroppedKeyword {
  path: string;
  keyword: string;
}

/**
 * A GBNF expression and the most characters any text it matches can have (Infinity only for a
 * recursive `$ref`). Every repeat in our grammars is bounded, so the worst case is finite, and
 * the tools grammar can choose bounds that fit the run's token budget.
 */
export interface Piece {
  expr: string;
  max: number;
}

/** Bounds on what the grammar lets a model write; the same bounds every rule uses. */
export interface GrammarBounds {
  /** Longest string value, in characters (escapes count as one). */
  maxStringChars: number;
  /** Most items in an array without its own `maxItems`, and in free-form objects. */
  maxItems: number;
}

// Python's json.dumps separators: the spacing every xLAM model saw in training. A fixed
// separator also bounds whitespace, so a weak model cannot loop on spaces until max tokens.
export const ITEM_SEP = '", "';
export const KEY_SEP = '": "';
const SEP_CHARS = 2;

/** Free-form values (`{}` schemas, untyped properties) nest at most this many containers deep. */
const FREE_DEPTH = 2;
const INTEGER_MAX = 19; // "-" and 18 digits
const NUMBER_MAX = INTEGER_MAX + 18 + 5; // fraction ".ddd…" (17 digits) and exponent "e+ddd"

/** `(SEP item){0,n}`'s worst case after a first item: n more items, each with its separator. */
export const repeatMax = (item: number, more: number): number => (more === 0 ? 0 : more * (SEP_CHARS + item));

/**
 * Rules every grammar shares, with their worst-case lengths. Digit counts, strings, free-form
 * containers and their nesting are all bounded for the same reason as whitespace: anything
 * unbounded lets a weak model write until max tokens.
 */
export function primitiveRules(bounds: GrammarBounds): { rules: ReadonlyArray<[string, string]>; max: ReadonlyMap<string, number> } {
  const s = bounds.maxStringChars;
  const n = bounds.maxItems;
  const rules: Array<[string, string]> = [
    ['char', '[^"\\\\\\x00-\\x1f] | "\\\\" (["\\\\/bfnrt] | "u" [0-9a-fA-F]{4})'],
    ['string', `"\\"" char{0,${s}} "\\""`],
    ['integer', '"-"? ("0" | [1-9] [0-9]{0,17})'],
    ['number', 'integer ("." [0-9]{1,17})? ([eE] [-+]? [0-9]{1,3})?'],
    ['boolean', '"true" | "false"'],
    ['null', '"null"'],
    ['scalar', 'string | number | boolean | null'],
  ];
  const max = new Map<string, number>([['string', s + 2], ['integer', INTEGER_MAX], ['number', NUMBER_MAX], ['boolean', 5], ['null', 4]]);
  max.set('scalar', Math.max(s + 2, NUMBER_MAX));
  // value-0 is a scalar; value-d adds objects and arrays of value-(d-1). `value` is the deepest.
  let inner = 'scalar';
  for (let d = 1; d <= FREE_DEPTH; d++) {
    const obj = d === FREE_DEPTH ? 'object-any' : `object-any-${d}`;
    const arr = d === FREE_DEPTH ? 'array-any' : `array-any-${d}`;
    const val = d === FREE_DEPTH ? 'value' : `value-${d}`;
    const innerMax = max.get(inner) as number;
    const entry = s + 2 + SEP_CHARS + innerMax;
    rules.push([obj, `"{" (string ${KEY_SEP} ${inner} (${ITEM_SEP} string ${KEY_SEP} ${inner}){0,${n - 1}})? "}"`]);
    rules.push([arr, `"[" (${inner} (${ITEM_SEP} ${inner}){0,${n - 1}})? "]"`]);
    rules.push([val, `${obj} | ${arr} | scalar`]);
    max.set(obj, 2 + entry + repeatMax(entry, n - 1));
    max.set(arr, 2 + innerMax + repeatMax(innerMax, n - 1));
    max.set(val, Math.max(max.get(obj) as number, max.get(arr) as number, max.get('scalar') as number));
    inner = val;
  }
  return { rules, max };
}

/** The empty set of unguarded references, shared (never added to: compileRef makes its own). */
const NONE: Set<string> = new Set();

/** What a drops-only compile returns: no text, no bound. */
const NO_TEXT: Piece = { expr: '', max: 0 };

const sharedMaxes = new WeakMap<GrammarBounds, ReadonlyMap<string, number>>();

/** The shared rules' worst cases, built once per bounds (the lint runs a compiler per tool). */
function sharedMax(bounds: GrammarBounds): ReadonlyMap<string, number> {
  let max = sharedMaxes.get(bounds);
  if (max === undefined) sharedMaxes.set(bounds, (max = primitiveRules(bounds).max));
  return max;
}

const ANNOTATIONS = new Set(['description', 'title', 'default', 'examples', 'example', '$schema', '$id', '$comment', 'deprecated', 'readOnly', 'writeOnly', '$defs', 'definitions', 'nullable']);
const HANDLED = new Set(['type', 'properties', 'required', 'items', 'enum', 'const', '$ref', 'oneOf', 'anyOf', 'minLength', 'maxLength', 'minItems', 'maxItems', 'additionalProperties']);
const MAX_DEPTH = 48;
const DEFAULT_BOUNDS: GrammarBounds = { maxStringChars: 1000, maxItems: 16 };

/**
 * Compiles the JSON Schema subset a grammar can enforce into GBNF rules: types, enum/const,
 * oneOf/anyOf, $ref (recursive too), objects with ordered properties where only `required` ones
 * are mandatory, arrays with bounded counts, string lengths. Everything else is reported.
 */
export class SchemaCompiler {
  readonly dropped: DroppedKeyword[] = [];
  private readonly refRules = new Map<string, Piece>();
  /**
   * References being compiled with no text written since they began: a reference that leads back
   * to one of them before any text would be a left-recursive rule (`A ::= B | …`, `B ::= A | …`),
   * which llama.cpp refuses outright.
   */
  private unguarded: Set<string> = NONE;
  /** ref → the refs its rule may start with (before any text): the graph left recursion is a cycle in. */
  private readonly leftEdges = new Map<string, Set<string>>();
  private readonly shared: ReadonlyMap<string, number>;

  constructor(
    private readonly rules: RuleSet,
    private readonly root: JsonValue,
    private readonly bounds: GrammarBounds = DEFAULT_BOUNDS,
    /**
     * Only `dropped` is wanted (the lint): no rule text is built. Every branch that can drop a
     * keyword is still taken in the same order, so the drops are the same.
     */
    private readonly dropsOnly = false,
  ) {
    this.shared = sharedMax(bounds);
  }

  /** A GBNF expression (usually a rule name) matching JSON values of `schema`, and its worst case. */
  compile(schema: JsonValue | undefined, path: string, hint: string, depth = 0): Piece {
    if (depth > MAX_DEPTH) {
      this.drop(path, `nesting deeper than ${MAX_DEPTH}`);
      return this.named('value');
    }
    if (schema === true || schema === undefined || !isJsonObject(schema)) return this.named('value');
    for (let i = 0; i < schema.size; i++) {
      const key = schema.keyAt(i) as string;
      if (!ANNOTATIONS.has(key) && !HANDLED.has(key)) this.drop(path, key);
    }
    const ref = schema.get('$ref');
    if (typeof ref === 'string') return this.compileRef(ref, path, depth);
    const listed = schema.get('enum');
    if (this.dropsOnly && (schema.has('const') || (Array.isArray(listed) && listed.length > 0))) return NO_TEXT;
    if (schema.has('const')) return this.literalPiece(pyJsonDumps(schema.get('const') as JsonValue, { ensureAscii: false }));
    const enumValues = schema.get('enum');
    if (Array.isArray(enumValues) && enumValues.length > 0) {
      return this.alternatives(`${hint}-enum`, enumValues.map((v) => this.literalPiece(pyJsonDumps(v, { ensureAscii: false }))));
    }
    const variants = schema.get('oneOf') ?? schema.get('anyOf');
    if (Array.isArray(variants) && variants.length > 0) {
      const options = variants.map((v, i) => this.compile(v, `${path}/${schema.has('oneOf') ? 'oneOf' : 'anyOf'}/${i}`, `${hint}-${i}`, depth + 1));
      return this.alternatives(`${hint}-alt`, options);
    }
    const type = schema.get('type');
    if (Array.isArray(type)) {
      const options = type.filter((t): t is string => typeof t === 'string').map((t) => this.compileType(t, schema, path, `${hint}-${t}`, depth));
      return options.length === 0 ? this.named('value') : this.alternatives(`${hint}-types`, options);
    }
    if (typeof type === 'string') return this.compileType(type, schema, path, hint, depth);
    if (schema.has('properties')) return this.compileType('object', schema, path, hint, depth);
    if (schema.has('items')) return this.compileType('array', schema, path, hint, depth);
    return this.named('value');
  }

  private compileType(type: string, schema: JsonObject, path: string, hint: string, depth: number): Piece {
    switch (type) {
      case 'string':
        return this.compileString(schema, hint);
      case 'integer':
      case 'number':
      case 'boolean':
      case 'null':
        return this.named(type);
      case 'array':
        return this.compileArray(schema, path, hint, depth);
      case 'object':
        return this.compileObject(schema, path, hint, depth);
      default:
        this.drop(path, `type "${type}"`);
        return this.named('value');
    }
  }

  /** A schema's own `maxLength` wins; without one, the grammar's bound (or `minLength` if larger). */
  private compileString(schema: JsonObject, hint: string): Piece {
    if (this.dropsOnly) return NO_TEXT;
    const min = nonNegativeInt(schema.get('minLength'));
    const max = Math.max(nonNegativeInt(schema.get('maxLength')) ?? this.bounds.maxStringChars, min ?? 0);
    if (min === undefined && max === this.bounds.maxStringChars) return this.named('string');
    return { expr: this.rules.add(`${hint}-string`, `"\\"" char{${min ?? 0},${max}} "\\""`), max: max + 2 };
  }

  private compileArray(schema: JsonObject, path: string, hint: string, depth: number): Piece {
    const item = this.guarded(schema.get('items'), `${path}/items`, `${hint}-item`, depth + 1);
    if (this.dropsOnly) return NO_TEXT;
    const min = nonNegativeInt(schema.get('minItems')) ?? 0;
    const max = Math.max(nonNegativeInt(schema.get('maxItems')) ?? this.bounds.maxItems, min);
    if (max === 0) return this.literalPiece('[]');
    const more = Math.max(0, max - 1);
    const rest = `(${ITEM_SEP} ${item.expr}){${Math.max(0, min - 1)},${more}}`;
    const body = min === 0 ? `"[" (${item.expr} ${rest})? "]"` : `"[" ${item.expr} ${rest} "]"`;
    return { expr: this.rules.add(`${hint}-array`, body), max: 2 + item.max + repeatMax(item.max, more) };
  }

  private compileObject(schema: JsonObject, path: string, hint: string, depth: number): Piece {
    const properties = schema.get('properties');
    if (!isJsonObject(properties) || properties.size === 0) {
      return schema.get('additionalProperties') === false || isJsonObject(properties) ? this.literalPiece('{}') : this.named('object-any');
    }
    if (schema.get('additionalProperties') !== undefined && schema.get('additionalProperties') !== false) {
      this.drop(path, 'additionalProperties (only the declared properties are generated)');
    }
    const requiredList = schema.get('required');
    if (this.dropsOnly) {
      // Guarded as in the full compile (the key's text comes first), so a $ref cycle is judged the same.
      for (let i = 0; i < properties.size; i++) this.guarded(properties.valueAt(i), `${path}/properties/${properties.keyAt(i) as string}`, '', depth + 1);
      return NO_TEXT;
    }
    const required = new Set(Array.isArray(requiredList) ? requiredList.filter((r): r is string => typeof r === 'string') : []);
    const pairs = properties.entries().map(([name, sub]) => {
      const key = pyJsonDumps(name, { ensureAscii: false });
      const value = this.guarded(sub, `${path}/properties/${name}`, `${hint}-${name}`, depth + 1);
      return { required: required.has(name), kv: `${literal(key)} ${KEY_SEP} ${value.expr}`, max: key.length + SEP_CHARS + value.max };
    });
    // Properties come in declared order; optional ones may be skipped. rest(i) follows a written
    // property (so each item starts with a separator); first(i) writes at least one property.
    // Both are chains of rules, so the grammar grows linearly with the property count.
    const restRules: string[] = [];
    for (let i = pairs.length - 1; i >= 0; i--) {
      const pair = pairs[i] as (typeof pairs)[number];
      const next = restRules[i + 1];
      const item = pair.required ? `${ITEM_SEP} ${pair.kv}` : `(${ITEM_SEP} ${pair.kv})?`;
      restRules[i] = this.rules.add(`${hint}-rest-${i}`, next === undefined ? item : `${item} ${next}`);
    }
    let first: string | undefined;
    for (let i = pairs.length - 1; i >= 0; i--) {
      const pair = pairs[i] as (typeof pairs)[number];
      const next = restRules[i + 1];
      const written = next === undefined ? pair.kv : `${pair.kv} ${next}`;
      first = this.rules.add(`${hint}-first-${i}`, pair.required || first === undefined ? written : `${written} | ${first}`);
    }
    const anyRequired = pairs.some((p) => p.required);
    // The longest object writes every property, each but the first after a separator.
    const max = 2 + pairs.reduce((sum, p) => sum + p.max, 0) + SEP_CHARS * (pairs.length - 1);
    return { expr: this.rules.add(`${hint}-object`, anyRequired ? `"{" ${first as string} "}"` : `"{" ${first as string}? "}"`), max };
  }

  /** Compiles what comes after an opening `[` or `{`: references there are no longer left-recursive. */
  private guarded(schema: JsonValue | undefined, path: string, hint: string, depth: number): Piece {
    const outer = this.unguarded;
    this.unguarded = NONE; // a Set of its own only once a $ref is compiled here (most schemas have none)
    try {
      return this.compile(schema, path, hint, depth);
    } finally {
      this.unguarded = outer;
    }
  }

  private compileRef(ref: string, path: string, depth: number): Piece {
    if (this.startsWithUnguarded(ref)) {
      // `A: anyOf [A, string]` means no more than its other options; a bare cycle means nothing.
      this.drop(path, `$ref "${ref}" (leads back to itself before any text: a left-recursive rule llama.cpp refuses, so any value is allowed here)`);
      return this.named('value');
    }
    for (const owner of this.unguarded) this.leftEdges.get(owner)?.add(ref);
    const known = this.refRules.get(ref);
    if (known !== undefined) return known;
    const target = resolvePointer(this.root, ref);
    if (target === undefined) {
      this.drop(path, `$ref "${ref}" (not found in this schema)`);
      return this.named('value');
    }
    // While the target compiles, a reference back to it is a cycle: no finite worst case.
    const name = this.rules.reserve(`ref-${ref}`);
    const piece: Piece = { expr: name, max: Infinity };
    this.refRules.set(ref, piece);
    this.leftEdges.set(ref, new Set());
    if (this.unguarded === NONE) this.unguarded = new Set();
    this.unguarded.add(ref);
    const body = this.compile(target, ref, `ref-${ref}`, depth + 1);
    this.unguarded.delete(ref);
    this.rules.set(name, body.expr);
    piece.max = body.max;
    return piece;
  }

  /** Whether `ref`'s rule may start, through refs at the start of refs, with one being compiled unguarded. */
  private startsWithUnguarded(ref: string): boolean {
    if (this.unguarded.size === 0) return false;
    const seen = new Set<string>();
    const todo = [ref];
    for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
      if (this.unguarded.has(next)) return true;
      if (seen.has(next)) continue;
      seen.add(next);
      todo.push(...(this.leftEdges.get(next) ?? []));
    }
    return false;
  }

  private named(rule: string): Piece {
    return { expr: rule, max: this.shared.get(rule) ?? Infinity };
  }

  private literalPiece(text: string): Piece {
    return { expr: literal(text), max: [...text].length };
  }

  private alternatives(hint: string, options: readonly Piece[]): Piece {
    if (this.dropsOnly) return NO_TEXT;
    return { expr: this.rules.add(hint, options.map((o) => o.expr).join(' | ')), max: Math.max(...options.map((o) => o.max)) };
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
