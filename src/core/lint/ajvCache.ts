import type Ajv from 'ajv';
import type { ErrorObject, Options, ValidateFunction } from 'ajv';
import { fullFormats } from 'ajv-formats/dist/formats';
import { META_VALIDATORS, type Dialect } from './metaValidators';
import { guardedRegExp } from './patternEngine';

export type { Dialect } from './metaValidators';

// Not strict: tool schemas carry annotations ajv does not know (example, x-…, nullable). The
// linter meta-validates separately (so it can locate each error) and never lets ajv print.
// Patterns go through guardedRegExp: ajv runs JS regexes with no timeout, and a `(a+)+` pattern
// on a long argument would hang the lint.
const OPTIONS: Options = { strict: false, allErrors: true, logger: false, validateSchema: false, code: { regExp: guardedRegExp } };
const MAX_ENTRIES = 4000;
/** Deeper schemas are not compiled: ajv's compile time and stack grow with the depth. */
const MAX_COMPILE_NESTING = 160;

/**
 * ajv itself is loaded on the first compile, not with the lint: meta-validation runs the
 * generated validators, and a tools lint compiles only what ajv must resolve itself, so most
 * lints never need it (loading ajv's ~90 modules was most of the lint's module load time).
 */
function makeAjv(dialect: Dialect): Ajv {
  /* eslint-disable @typescript-eslint/no-require-imports -- loaded lazily on purpose (see above) */
  const Draft07 = (require('ajv') as typeof import('ajv')).default;
  const Draft2020 = (require('ajv/dist/2020') as typeof import('ajv/dist/2020')).default;
  const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
  /* eslint-enable @typescript-eslint/no-require-imports */
  const ajv = dialect === '2020-12' ? new Draft2020(OPTIONS) : new Draft07(OPTIONS);
  addFormats(ajv);
  return ajv;
}

let shared: Partial<Record<Dialect, Ajv>> = {};

function ajvFor(dialect: Dialect): Ajv {
  return (shared[dialect] ??= makeAjv(dialect));
}

/** The dialect a schema asks for with `$schema`; `known: false` means it was not one we check. */
export function dialectOf(schemaUri: string | undefined): { dialect: Dialect; known: boolean } {
  if (schemaUri === undefined || /draft-07/.test(schemaUri)) return { dialect: 'draft-07', known: true };
  if (/2020-12/.test(schemaUri)) return { dialect: '2020-12', known: true };
  return { dialect: 'draft-07', known: false };
}

/** Whether ajv-formats knows a `format` (unknown formats are not validated). */
export function knownFormat(name: string): boolean {
  return Object.hasOwn(fullFormats, name);
}

/** cyrb53: a fast, stable 53-bit string hash (base 36), plus the length to spread collisions. */
export function stableHash(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return `${(4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36)}.${text.length.toString(36)}`;
}

interface Entry<T> {
  compact: string;
  value: T;
  /** The schema object ajv cached the validator under (to evict it from ajv too). */
  schema?: object;
  ajv?: Ajv;
}

/** Counters for tests and the bench: how much real ajv work the caches saved. */
export const ajvStats = { compiles: 0, metaValidations: 0 };

/** Per dialect (a key of its own, not a prefixed copy of every schema's text). */
let metaCache: Partial<Record<Dialect, Map<string, ErrorObject[]>>> = {};
const compileCache = new Map<string, Entry<CompileResult>>();

export type CompileResult = { ok: true; validate: ValidateFunction } | { ok: false; message: string };

function lookup<T>(cache: Map<string, Entry<T>>, key: string, compact: string): Entry<T> | undefined {
  const hit = cache.get(key);
  if (hit === undefined || hit.compact !== compact) return undefined;
  cache.delete(key); // most recently used goes last
  cache.set(key, hit);
  return hit;
}

function store<T>(cache: Map<string, Entry<T>>, key: string, entry: Entry<T>): void {
  cache.set(key, entry);
  while (cache.size > MAX_ENTRIES) {
    const [oldest, old] = cache.entries().next().value as [string, Entry<T>];
    cache.delete(oldest);
    if (old.schema !== undefined) old.ajv?.removeSchema(old.schema);
  }
}

/**
 * Meta-validation errors of a schema given as JSON text, cached by that text: a schema that did
 * not change is not validated again. (Keyed by the text as written, not by its value re-serialised:
 * a re-formatted schema costs one more validation, but every cold lint saved a stringify per schema.)
 */
export function metaValidate(json: string, dialect: Dialect): ErrorObject[] {
  const cache = (metaCache[dialect] ??= new Map<string, ErrorObject[]>());
  const hit = cache.get(json);
  if (hit !== undefined) {
    cache.delete(json); // most recently used goes last
    cache.set(json, hit);
    return hit;
  }
  ajvStats.metaValidations++;
  const validate = META_VALIDATORS[dialect];
  const errors: ErrorObject[] = validate(JSON.parse(json)) ? [] : (validate.errors ?? []);
  cache.set(json, errors);
  if (cache.size > MAX_ENTRIES) cache.delete(cache.keys().next().value as string);
  return errors;
}

/**
 * A compiled validator for a schema given as compact JSON text, cached by its hash: re-linting
 * after editing one tool compiles one schema. Never throws; failures are cached too.
 */
export function compileSchema(compact: string, dialect: Dialect): CompileResult {
  const key = `${dialect}:${stableHash(compact)}`;
  const hit = lookup(compileCache, key, compact);
  if (hit !== undefined) return hit.value;
  ajvStats.compiles++;
  if (tooNestedToCompile(compact)) {
    const value: CompileResult = { ok: false, message: `nested deeper than ${MAX_COMPILE_NESTING} levels; not compiled` };
    store(compileCache, key, { compact, value });
    return value;
  }
  // A schema with $id registers that id; a later edit of it would clash, so it gets its own ajv.
  const ajv = compact.includes('"$id"') ? makeAjv(dialect) : ajvFor(dialect);
  let schema: object | undefined;
  let value: CompileResult;
  try {
    schema = JSON.parse(compact) as object;
    value = { ok: true, validate: ajv.compile(schema) };
  } catch (error) {
    if (schema !== undefined) ajv.removeSchema(schema);
    value = { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
  store(compileCache, key, value.ok ? { compact, value, schema, ajv } : { compact, value });
  return value;
}

/** compileSchema refuses such a schema without asking ajv (its message says why). */
export function tooNestedToCompile(compact: string): boolean {
  return nesting(compact) > MAX_COMPILE_NESTING;
}

/** Deepest `{`/`[` nesting of JSON text (strings skipped). */
function nesting(json: string): number {
  let depth = 0;
  let max = 0;
  for (let i = 0; i < json.length; i++) {
    const c = json.charCodeAt(i);
    if (c === 34) {
      for (i++; i < json.length && json.charCodeAt(i) !== 34; i++) if (json.charCodeAt(i) === 92) i++;
    } else if (c === 123 || c === 91) {
      max = Math.max(max, ++depth);
    } else if (c === 125 || c === 93) {
      depth--;
    }
  }
  return max;
}

/** Forgets every cached result and compiling ajv instance (tests, and the bench's cold runs). */
export function clearAjvCache(): void {
  metaCache = {};
  compileCache.clear();
  shared = {};
}
