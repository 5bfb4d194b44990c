import { isJsonObject, jsonEquals, type JsonObject, type JsonValue } from '../json/jsonValue';
import { knownFormat } from './ajvCache';
import { MAX_SCHEMA_DEPTH } from './argsSchema';
import type { JsonPath } from './diagnostic';
import type { Locator } from './jsonTree';
import type { Reporter } from './reporter';
import { checkRefs, type RefUse } from './refRules';
import { resolvePointer } from './metaErrors';
import { fastPaths } from './fastPaths';
import { isPlainSchemaNode } from './plainSchema';
import { patternRisk } from './regexSafety';
import { declaredTypes, describePath, describeValue, JSON_TYPES, matchesAnyType, NONSTANDARD_TYPES, orList, typeMismatch } from './valueTypes';

const SCHEMA_MAPS = ['properties', 'patternProperties', '$defs', 'definitions', 'dependentSchemas'];
const SCHEMA_ONE = ['additionalProperties', 'additionalItems', 'not', 'if', 'then', 'else', 'contains', 'propertyNames', 'unevaluatedProperties', 'unevaluatedItems', 'items'];
const SCHEMA_LISTS = ['anyOf', 'oneOf', 'allOf', 'prefixItems', 'items'];
const SUBSCHEMA_KEYS = new Set([...SCHEMA_MAPS, ...SCHEMA_ONE, ...SCHEMA_LISTS]);
function hasSubschemaKey(node: JsonObject): boolean {
  for (let i = 0; i < node.size; i++) if (SUBSCHEMA_KEYS.has(node.keyAt(i) as string)) return true;
  return false;
}
/** Schema nodes visited per tool at most (a generated 10 MB schema still lints in bounded time). */
const MAX_NODES = 20_000;

export interface SchemaScope {
  text: string;
  rep: Reporter;
  loc: Locator;
  /** Path of the parameters object in the document. */
  base: JsonPath;
}

export interface SchemaWalk {
  refs: RefUse[];
  /** Instance paths (under the parameters) other rules explained: meta-validation skips them. */
  explained: Set<string>;
  tooDeep: boolean;
  /** Every node was visited and is plain (plainSchema.ts): the schema is meta-valid in both dialects. */
  plain: boolean;
}

const escapePointer = (key: string) => (key.includes('~') || key.includes('/') ? key.replace(/~/g, '~0').replace(/\//g, '~1') : key);

/** Rules that look at every schema node of a tool's JSON Schema parameters. */
export function walkSchema(scope: SchemaScope, root: JsonObject): SchemaWalk {
  const walk: SchemaWalk = { refs: [], explained: new Set(), tooDeep: false, plain: fastPaths.plainSchemas };
  let nodes = 0;
  const visit = (node: JsonValue | undefined, pointer: string, path: JsonPath, depth: number): void => {
    if (!isJsonObject(node)) return;
    if (nodes++ > MAX_NODES) {
      walk.plain = false;
      return;
    }
    if (walk.plain && !isPlainSchemaNode(node)) walk.plain = false;
    if (depth > MAX_SCHEMA_DEPTH) {
      if (!walk.tooDeep) scope.rep.add('schema-too-deep', scope.loc.head(node), `schema nested deeper than ${MAX_SCHEMA_DEPTH} levels: the rest is not checked (nor meta-validated or compiled)`, { path: [...scope.base, ...path] });
      walk.tooDeep = true;
      return;
    }
    checkNode(scope, walk, node, pointer, path);
    if (!hasSubschemaKey(node)) return; // most nodes are leaves: skip 21 lookups
    // Indexed loops: no iterator objects in the first lint, before V8 optimises this.
    for (let k = 0; k < SCHEMA_MAPS.length; k++) {
      const key = SCHEMA_MAPS[k] as string;
      const map = node.get(key);
      if (!isJsonObject(map)) continue;
      for (let i = 0; i < map.size; i++) {
        const sub = map.valueAt(i);
        const name = map.keyAt(i) as string;
        if (isJsonObject(sub)) visit(sub, `${pointer}/${key}/${escapePointer(name)}`, path.concat(key, name), depth + 1);
      }
    }
    // Pointers and paths are built only for keys that are there: most nodes have none of them.
    for (let k = 0; k < SCHEMA_ONE.length; k++) {
      const key = SCHEMA_ONE[k] as string;
      const sub = node.get(key);
      if (isJsonObject(sub)) visit(sub, `${pointer}/${key}`, path.concat(key), depth + 1);
    }
    for (let k = 0; k < SCHEMA_LISTS.length; k++) {
      const key = SCHEMA_LISTS[k] as string;
      const list = node.get(key);
      if (Array.isArray(list)) list.forEach((sub, i) => visit(sub, `${pointer}/${key}/${i}`, path.concat(key, i), depth + 1));
    }
  };
  visit(root, '', [], 0);
  checkRefs(scope, root, walk.refs);
  return walk;
}

function checkNode(scope: SchemaScope, walk: SchemaWalk, node: JsonObject, pointer: string, path: JsonPath): void {
  // No closures, arrays or spans unless something is reported: this runs on every schema node.
  const { rep, loc } = scope;
  const type = node.get('type');
  if (typeof type === 'string') {
    if (!JSON_TYPES.has(type)) checkTypeName(scope, walk, node, type, undefined, pointer, path);
  } else if (Array.isArray(type)) {
    type.forEach((name, i) => {
      if (typeof name === 'string' && !JSON_TYPES.has(name)) checkTypeName(scope, walk, node, name, i, pointer, path);
    });
  }

  const enumValues = node.get('enum');
  if (Array.isArray(enumValues)) {
    const types = declaredTypes(node);
    if (types !== undefined) {
      enumValues.forEach((value, i) => {
        if (!matchesAnyType(value, types)) rep.add('enum-type-mismatch', loc.item(enumValues, i), `enum value ${describeValue(value)} is not ${orList(types)}`, { path: fullPath(scope, path, 'enum', i) });
      });
    }
  }

  if (node.has('default')) checkDefault(scope, node, fullPath(scope, path, 'default'));

  const required = node.get('required');
  if (Array.isArray(required)) {
    const properties = node.get('properties');
    if (isJsonObject(properties)) {
      required.forEach((name, i) => {
        if (typeof name !== 'string' || properties.has(name)) return;
        rep.add('required-unknown', loc.item(required, i), `"required" names "${name}", which "properties" does not declare`, {
          data: { fix: 'remove-required', name, index: i },
          path: fullPath(scope, path, 'required', i),
        });
      });
    }
  }

  const pattern = node.get('pattern');
  const patternVerdict = typeof pattern === 'string' ? regexVerdict(pattern) : null;
  if (patternVerdict !== null) rep.add(patternVerdict.code, loc.value(node, 'pattern'), patternVerdict.message, { path: fullPath(scope, path, 'pattern') });
  const patternProperties = node.get('patternProperties');
  if (isJsonObject(patternProperties)) {
    for (const key of patternProperties.keys()) {
      const verdict = regexVerdict(key);
      if (verdict !== null) rep.add(verdict.code, loc.key(patternProperties, key), verdict.message, { path: fullPath(scope, path, 'patternProperties', key) });
    }
  }

  const format = node.get('format');
  if (typeof format === 'string' && !knownFormat(format)) {
    rep.add('format-unknown', loc.value(node, 'format'), `format "${format}" is not one validators know; it is not checked`, { path: fullPath(scope, path, 'format') });
  }

  const ref = node.get('$ref');
  if (typeof ref === 'string') walk.refs.push({ ref, pointer, span: loc.value(node, '$ref'), path: fullPath(scope, path, '$ref') });
}

/** The document path of a node's key (or deeper), built only when a rule reports there. */
function fullPath(scope: SchemaScope, path: JsonPath, ...rest: JsonPath): JsonPath {
  return scope.base.concat(path, rest);
}

/** A type name that is not a JSON Schema type: BFCL's names get a fix; others are meta-validation's. */
function checkTypeName(scope: SchemaScope, walk: SchemaWalk, node: JsonObject, name: string, index: number | undefined, pointer: string, path: JsonPath): void {
  const standard = NONSTANDARD_TYPES[name];
  if (standard === undefined) return; // meta-validation says what is allowed
  const type = node.get('type');
  const span = index !== undefined && Array.isArray(type) ? scope.loc.item(type, index) : scope.loc.value(node, 'type');
  const message = standard === 'any' ? `"any" is not a JSON Schema type: omit "type" to accept any value` : `"${name}" is not a JSON Schema type: write "${standard}" (it is read as "${standard}")`;
  scope.rep.add('type-nonstandard', span, message, { data: { fix: 'replace-type', from: name, to: standard }, path: index !== undefined ? fullPath(scope, path, 'type', index) : fullPath(scope, path, 'type') });
  walk.explained.add(`${pointer}/type`);
}

/**
 * A default (null is always allowed: "no value") against the schema's types, items and
 * properties, at the deepest node that is wrong, then against `enum`. Shared with flat tools.
 */
export function checkDefault(scope: SchemaScope, schema: JsonObject, path: JsonPath, owner: JsonObject = schema, typeText?: string): void {
  const { rep, loc } = scope;
  const value = owner.get('default') as JsonValue;
  if (value === null) return;
  const mismatch = typeMismatch(value, schema);
  const of = typeText === undefined ? '' : ` (type "${typeText}")`;
  if (mismatch !== undefined) {
    const target = resolvePointer(loc, value, loc.value(owner, 'default'), mismatch.path.map(String));
    const what = mismatch.path.length === 0 ? 'default' : `${describePath('default', mismatch.path)} of the default`;
    rep.add('default-mismatch', target.span, `${what} ${describeValue(mismatch.value)} is not ${orList(mismatch.expected)}${of}`, { path: [...path, ...target.path] });
    return;
  }
  const enumValues = owner.get('enum');
  if (Array.isArray(enumValues) && !enumValues.some((item) => jsonEquals(item, value))) {
    rep.add('default-mismatch', loc.value(owner, 'default'), `default ${describeValue(value)} is not one of the enum values`, { path });
  }
}

/** What is wrong with a pattern, by its source: patterns repeat across tools, and the verdict is the source's alone. */
interface RegexVerdict {
  code: 'pattern-invalid' | 'pattern-unsafe';
  message: string;
}
const MAX_VERDICTS = 4000;
const regexVerdicts = new Map<string, RegexVerdict | null>();

/** Forgets the cached pattern verdicts (with the lint's other caches). */
export function clearRegexVerdicts(): void {
  regexVerdicts.clear();
}

function regexVerdict(source: string): RegexVerdict | null {
  let verdict = regexVerdicts.get(source);
  if (verdict !== undefined) return verdict;
  verdict = null;
  try {
    new RegExp(source, 'u');
  } catch (error) {
    verdict = { code: 'pattern-invalid', message: error instanceof Error ? error.message : `invalid regular expression ${source}` };
  }
  if (verdict === null) {
    const risk = patternRisk(source);
    if (risk.exponential !== undefined) verdict = { code: 'pattern-unsafe', message: `this pattern can take exponential time on some strings: ${risk.exponential}; arguments are not checked against it` };
  }
  if (regexVerdicts.size >= MAX_VERDICTS) regexVerdicts.clear();
  regexVerdicts.set(source, verdict);
  return verdict;
}

