/**
 * An ordered, lexeme-preserving JSON value model.
 *
 * Plain JS objects reorder integer-like keys and `JSON.parse` forgets whether `1.0` was a float,
 * but Python (which built every xLAM prompt) keeps both. Every value that ends up in a prompt goes
 * through this model so that `pyJsonDumps` can print exactly what Python would.
 */

export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | JsonObject;

/** A number as written in its source, e.g. `1.0`, `1e5`, `12345678901234567890`. */
export class JsonNumber {
  constructor(readonly lexeme: string) {}

  /** Python's `json.loads` makes an int exactly when there is no fraction and no exponent. */
  get isInteger(): boolean {
    return !/[.eE]/.test(this.lexeme) && !/^-?(NaN|Infinity)$/.test(this.lexeme);
  }

  get value(): number {
    if (this.lexeme === 'NaN') return NaN;
    if (this.lexeme === 'Infinity') return Infinity;
    if (this.lexeme === '-Infinity') return -Infinity;
    return Number(this.lexeme);
  }

  /** A JS number as Python would hold it: an integer-valued number becomes an int. */
  static fromNumber(n: number, asFloat = false): JsonNumber {
    if (Number.isNaN(n)) return new JsonNumber('NaN');
    if (!Number.isFinite(n)) return new JsonNumber(n > 0 ? 'Infinity' : '-Infinity');
    if (Number.isInteger(n) && !asFloat && Math.abs(n) <= Number.MAX_SAFE_INTEGER) {
      return new JsonNumber(Object.is(n, -0) ? '0' : String(n));
    }
    const text = String(n);
    return new JsonNumber(/[.eE]/.test(text) ? text : `${text}.0`);
  }
}

/** Objects up to this many keys are searched by a scan; larger ones get a key → position map. */
const SCAN_KEYS = 8;

/** An object that keeps insertion order for every key, integer-like keys included. */
export class JsonObject {
  /**
   * The keys in order, and their values in parallel: a lookup is one native indexOf, where a loop
   * over pairs runs in the interpreter until V8 optimises it (most of a cold lint's key lookups).
   */
  private names: string[];
  private values: JsonValue[];
  /**
   * Built once the object outgrows a scan: most objects (a schema node, a call's arguments) have
   * a few keys, and a Map each made parsing a large file allocation-bound.
   */
  private index: Map<string, number> | undefined;
  /** `entries()` as pairs, made on the first ask: most objects are only ever looked up by key. */
  private pairs: Array<readonly [string, JsonValue]> | undefined;

  constructor(entries?: Iterable<readonly [string, JsonValue]>) {
    this.names = [];
    this.values = [];
    this.index = undefined;
    this.pairs = undefined;
    if (entries !== undefined) for (const [key, value] of entries) this.set(key, value);
  }

  /**
   * An object of distinct `names` and their `values` (the arrays are taken, not copied): the
   * lint's parser builds each object's members on a stack and hands them over exactly sized.
   */
  static fromDistinct(names: string[], values: JsonValue[]): JsonObject {
    const obj = new JsonObject();
    obj.names = names;
    obj.values = values;
    if (names.length > SCAN_KEYS) obj.index = new Map(names.map((name, i) => [name, i]));
    return obj;
  }

  private find(key: string): number {
    if (this.index !== undefined) return this.index.get(key) ?? -1;
    return this.names.indexOf(key);
  }

  /** Like a Python dict: a repeated key keeps its first position and takes the last value. */
  set(key: string, value: JsonValue): this {
    const at = this.find(key);
    this.pairs = undefined;
    if (at >= 0) {
      this.values[at] = value;
      return this;
    }
    this.index?.set(key, this.names.length);
    this.names.push(key);
    this.values.push(value);
    if (this.index === undefined && this.names.length > SCAN_KEYS) this.index = new Map(this.names.map((name, i) => [name, i]));
    return this;
  }

  get(key: string): JsonValue | undefined {
    const at = this.find(key);
    return at < 0 ? undefined : this.values[at];
  }

  has(key: string): boolean {
    return this.find(key) >= 0;
  }

  /** The key's position in insertion order, or -1 (the lint keeps member spans by position). */
  indexOf(key: string): number {
    return this.find(key);
  }

  get size(): number {
    return this.names.length;
  }

  keys(): string[] {
    return this.names.slice();
  }

  /** The key at a position in insertion order (no copy of the keys, unlike `keys()`). */
  keyAt(index: number): string | undefined {
    return this.names[index];
  }

  /** The value at a position in insertion order. */
  valueAt(index: number): JsonValue | undefined {
    return this.values[index];
  }

  entries(): ReadonlyArray<readonly [string, JsonValue]> {
    return (this.pairs ??= this.names.map((name, i) => [name, this.values[i] as JsonValue] as const));
  }

  /** A shallow copy without the given keys, order kept. */
  without(...keys: string[]): JsonObject {
    return new JsonObject(this.entries().filter(([key]) => !keys.includes(key)));
  }
}

export function isJsonObject(value: unknown): value is JsonObject {
  return value instanceof JsonObject;
}

export function isJsonArray(value: JsonValue | undefined): value is JsonValue[] {
  return Array.isArray(value);
}

export function isJsonNumber(value: unknown): value is JsonNumber {
  return value instanceof JsonNumber;
}

/** The string at `key`, or undefined when absent or not a string. */
export function getString(obj: JsonObject, key: string): string | undefined {
  const value = obj.get(key);
  return typeof value === 'string' ? value : undefined;
}

export function getObject(obj: JsonObject, key: string): JsonObject | undefined {
  const value = obj.get(key);
  return value instanceof JsonObject ? value : undefined;
}

/**
 * Converts a plain JS value (e.g. from `JSON.parse` or a test) into the model.
 * Integer-valued numbers become ints: float-ness that JS already lost cannot come back.
 */
export function fromPlain(value: unknown): JsonValue {
  if (value === null || value === undefined) return null;
  if (value instanceof JsonObject || value instanceof JsonNumber) return value;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      return JsonNumber.fromNumber(value);
    case 'bigint':
      return new JsonNumber(value.toString());
    case 'object':
      if (Array.isArray(value)) return value.map(fromPlain);
      return new JsonObject(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, fromPlain(v)] as const));
    default:
      return null;
  }
}

/** Converts back to plain JS (for callers that do not care about order or float-ness). */
export function toPlain(value: JsonValue): unknown {
  if (value instanceof JsonNumber) return value.value;
  if (value instanceof JsonObject) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of value.entries()) setOwn(out, key, toPlain(item));
    return out;
  }
  if (Array.isArray(value)) return value.map(toPlain);
  return value;
}

/**
 * `out[key] = item` as JSON.parse does it: an own enumerable property even for `__proto__`, which a
 * plain assignment would turn into a prototype change (and so silently drop the key).
 */
export function setOwn(out: Record<string, unknown>, key: string, item: unknown): void {
  if (key === '__proto__') Object.defineProperty(out, key, { value: item, enumerable: true, writable: true, configurable: true });
  else out[key] = item;
}

/** Structural equality; numbers compare by value, as Python's `==` does (5 == 5.0). */
export function jsonEquals(a: JsonValue, b: JsonValue): boolean {
  if (a instanceof JsonNumber || b instanceof JsonNumber) {
    return a instanceof JsonNumber && b instanceof JsonNumber && a.value === b.value;
  }
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => jsonEquals(item, b[i] as JsonValue));
  }
  if (a instanceof JsonObject || b instanceof JsonObject) {
    if (!(a instanceof JsonObject && b instanceof JsonObject) || a.size !== b.size) return false;
    return a.entries().every(([key, item]) => b.has(key) && jsonEquals(item, b.get(key) as JsonValue));
  }
  return a === b;
}

/** "a number", "an array", …: what was found, for messages that say more than "must be". */
export function describeJsonType(value: JsonValue | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isJsonObject(value)) return 'an object';
  if (isJsonNumber(value)) return `the number ${value.lexeme}`;
  if (typeof value === 'boolean') return `${value}`;
  return 'a string';
}
