import { isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue';
import type { JsonPath, Span } from './diagnostic';
import { pointerSegments } from './metaErrors';
import type { SchemaScope } from './schemaRules';

/** One `$ref` in a schema: its text, the pointer of the schema holding it, and where it is written. */
export interface RefUse {
  ref: string;
  pointer: string;
  span: Span | undefined;
  path: JsonPath;
}

/** `#/a/b` → `/a/b`, `#` → `` (the pointer of the schema root). */
function targetPointer(ref: string): string {
  return ref.slice(1);
}

function resolve(root: JsonValue, pointer: string): JsonValue | undefined {
  let node: JsonValue | undefined = root;
  for (const part of pointerSegments(pointer)) {
    if (isJsonObject(node)) node = node.get(part);
    else if (Array.isArray(node) && /^\d+$/.test(part)) node = node[Number(part)];
    else return undefined;
  }
  return node;
}

const inside = (pointer: string, container: string) => container === '' || pointer === container || pointer.startsWith(`${container}/`);

/**
 * `$ref`s that do not resolve (error), that only lead to other `$ref`s in a loop (error: no
 * validator can compile them), and that are recursive (info: the grammar follows them, fc v1
 * shows the model the raw "$ref" text).
 */
export function checkRefs(scope: SchemaScope, root: JsonObject, refs: readonly RefUse[]): void {
  for (const use of refs) {
    if (!use.ref.startsWith('#')) {
      scope.rep.add('ref-unresolved', use.span, `$ref "${use.ref}" is not local: only "#/…" references inside the parameters are followed`, { path: use.path });
      continue;
    }
    if (resolve(root, targetPointer(use.ref)) === undefined) {
      scope.rep.add('ref-unresolved', use.span, `$ref "${use.ref}" does not resolve inside the parameters`, { path: use.path });
      continue;
    }
    if (isPureCycle(root, use)) {
      scope.rep.add('ref-unresolved', use.span, `$ref "${use.ref}" only leads back to itself (a $ref loop with no schema in between)`, { path: use.path });
      continue;
    }
    if (isRecursive(refs, use)) {
      scope.rep.add('ref-recursive', use.span, `recursive $ref "${use.ref}": the grammar mode follows it; the fc v1 prompt shows the model the raw "$ref" text`, { path: use.path });
    }
  }
}

/** The schema holding this $ref is reached again by following only `$ref`s from it. */
function isPureCycle(root: JsonObject, use: RefUse): boolean {
  const seen = new Set<string>([use.pointer]);
  let pointer = targetPointer(use.ref);
  for (let steps = 0; steps < 1000; steps++) {
    if (seen.has(pointer)) return true;
    seen.add(pointer);
    const node = resolve(root, pointer);
    const next = isJsonObject(node) ? node.get('$ref') : undefined;
    if (typeof next !== 'string' || !next.startsWith('#')) return false;
    pointer = targetPointer(next);
  }
  return true;
}

/** Following `$ref`s found inside the target leads back to the same target. */
function isRecursive(refs: readonly RefUse[], use: RefUse): boolean {
  const start = targetPointer(use.ref);
  if (inside(use.pointer, start)) return true;
  const queue = [start];
  const seen = new Set(queue);
  while (queue.length > 0) {
    const container = queue.shift() as string;
    for (const other of refs) {
      if (!other.ref.startsWith('#') || !inside(other.pointer, container)) continue;
      const target = targetPointer(other.ref);
      if (inside(use.pointer, target)) return true;
      if (!seen.has(target)) {
        seen.add(target);
        queue.push(target);
      }
    }
  }
  return false;
}
