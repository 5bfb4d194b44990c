import type { ErrorObject } from 'ajv';
import { isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue';
import type { JsonPath, Span } from './diagnostic';
import type { Locator } from './jsonTree';
import { orList } from './valueTypes';

/** A node reached by a JSON pointer: its value, its span, and its path below the pointer's root. */
export interface PointerTarget {
  value: JsonValue | undefined;
  span: Span | undefined;
  /** The object holding the value, and the key, so a caller can point at the key instead. */
  parent?: JsonObject;
  key?: string;
  path: JsonPath;
  /** False when the pointer went past what exists (the target is the deepest node found). */
  complete: boolean;
}

export function pointerSegments(pointer: string): string[] {
  const body = pointer.charCodeAt(0) === 35 ? pointer.slice(1) : pointer; // a leading '#'
  const parts = body.split('/').slice(1);
  // Unescaping only when there is an escape: nearly every pointer has none.
  return body.includes('~') ? parts.map((part) => part.replace(/~1/g, '/').replace(/~0/g, '~')) : parts;
}

/** Follows a pointer (`/properties/a`, `#/$defs/b`) from `root` as far as it goes. */
export function resolvePointer(loc: Locator, root: JsonValue, rootSpan: Span | undefined, segments: readonly string[]): PointerTarget {
  // One path array and one span, for the node reached (the lint resolves a pointer per grammar gap).
  let value: JsonValue | undefined = root;
  let parent: JsonObject | undefined;
  let key: string | undefined;
  let list: JsonValue[] | undefined;
  let index = 0;
  const path: JsonPath = [];
  let complete = true;
  for (const segment of segments) {
    const node: JsonValue | undefined = value;
    if (isJsonObject(node) && node.has(segment)) {
      value = node.get(segment);
      parent = node;
      key = segment;
      list = undefined;
      path.push(segment);
    } else if (Array.isArray(node) && /^\d+$/.test(segment) && Number(segment) < node.length) {
      index = Number(segment);
      value = node[index];
      parent = undefined;
      key = undefined;
      list = node;
      path.push(index);
    } else {
      complete = false;
      break;
    }
  }
  if (parent !== undefined && key !== undefined) return { value, span: loc.value(parent, key), parent, key, path, complete };
  return { value, span: list !== undefined ? loc.item(list, index) : rootSpan, path, complete };
}

/** Keywords whose errors are about the object as a whole (point at its `{`). */
const OBJECT_KEYWORDS = new Set(['required', 'additionalProperties', 'dependencies', 'dependentRequired', 'minProperties', 'maxProperties', 'propertyNames', 'unevaluatedProperties']);

export interface MappedError {
  span: Span | undefined;
  path: JsonPath;
  message: string;
}

/**
 * Turns ajv meta-validation errors into one message per failing node. An anyOf/oneOf failure and
 * the failures of its branches become one message ("must be one of …" when a branch was an enum).
 * `skip` lists instance paths other rules already explain (e.g. a BFCL type name).
 */
export function mapMetaErrors(errors: readonly ErrorObject[], loc: Locator, root: JsonObject, rootSpan: Span | undefined, skip: ReadonlySet<string>): MappedError[] {
  const groups = new Map<string, ErrorObject[]>();
  for (const error of errors) {
    if ([...skip].some((path) => error.instancePath === path || error.instancePath.startsWith(`${path}/`))) continue;
    const group = groups.get(error.instancePath);
    if (group === undefined) groups.set(error.instancePath, [error]);
    else group.push(error);
  }
  const out: MappedError[] = [];
  for (const [instancePath, group] of groups) {
    const target = resolvePointer(loc, root, rootSpan, pointerSegments(instancePath));
    const label = target.key !== undefined ? `"${target.key}"` : target.path.length > 0 ? `item ${String(target.path[target.path.length - 1])}` : '"parameters"';
    // An anyOf/oneOf failure comes with its branches' failures (reached through $refs, so their
    // schema paths need not share a prefix): one message for the node says it all.
    const combinator = group.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
    // 2020-12's meta-schema reaches one keyword through each vocabulary's meta-schema
    // ($dynamicRef): the same failure comes once per route. One message each.
    const said = new Set<string>();
    for (const error of combinator !== undefined ? [combinator] : group) {
      let message = error.message ?? `fails "${error.keyword}"`;
      if (error === combinator) {
        const allowed = group.find((e) => e.keyword === 'enum')?.params as { allowedValues?: unknown[] } | undefined;
        const branchTypes = group.filter((e) => e.keyword === 'type').map((e) => String((e.params as { type?: unknown }).type)).map((type) => (type === 'object,boolean' ? 'a schema' : type));
        message = allowed?.allowedValues
          ? `must be one of ${orList(allowed.allowedValues.map(String))}${branchTypes.includes('array') ? ' (or an array of them)' : ''}`
          : `does not match any allowed form${branchTypes.length > 0 ? ` (expected ${orList(branchTypes)})` : ''}`;
      } else if (error.keyword === 'enum') {
        message = `must be one of ${orList(((error.params as { allowedValues?: unknown[] }).allowedValues ?? []).map((v) => JSON.stringify(v)))}`;
      } else if (error.keyword === 'additionalProperties') {
        message = `must not have "${String((error.params as { additionalProperty?: unknown }).additionalProperty)}"`;
      } else if (error.keyword === 'type' && String((error.params as { type?: unknown }).type) === 'object,boolean') {
        message = 'must be a schema (an object, or true or false)';
      }
      if (said.has(message)) continue;
      said.add(message);
      let span = target.span;
      if (OBJECT_KEYWORDS.has(error.keyword) && span !== undefined) span = { offset: span.offset, length: 1 };
      else if (!target.complete && target.parent !== undefined && target.key !== undefined) span = loc.key(target.parent, target.key) ?? span;
      out.push({ span, path: target.path, message: `${label} ${message}` });
    }
  }
  return out;
}
