import { isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue';
import { metaValidate, tooNestedToCompile, type Dialect } from './ajvCache';
import type { Locator } from './jsonTree';
import { pointerSegments } from './metaErrors';
import type { RefUse } from './refRules';

/** Keywords that make ajv resolve references against base URIs and anchors we do not model. */
const ID_KEYWORDS = /"\$(?:id|anchor|dynamicRef|dynamicAnchor|recursiveRef|recursiveAnchor)"/;
/**
 * `#/…` refs ajv reads exactly as refRules.ts does: no `%` (ajv percent-decodes the fragment),
 * no space, `?`, `#`, brackets or non-ASCII (the URI library may encode or reject them).
 */
const PLAIN_REF = /^#(?:\/[A-Za-z0-9_.~$!'()*+,;=:@&-]*)*$/;

/**
 * Whether the tools lint must compile a meta-valid schema that uses `$ref` to learn whether ajv
 * accepts it. Compiling costs ~30× a meta-validation, so a schema is left to be compiled when a
 * calls file first needs its validator unless ajv's reference resolution could differ from ours:
 * ids or anchors, a ref we did not walk, a ref outside the plain `#/…` form, or a target that is
 * not a schema valid on its own (a draft-07 meta-schema does not look inside `$defs`, ajv does
 * when it follows a ref there). When in doubt, compile: the answer is then ajv's own.
 */
export function refsNeedCompile(root: JsonObject, json: string, refs: readonly RefUse[], dialect: Dialect, loc: Locator, text: string): boolean {
  if (ID_KEYWORDS.test(json) || tooNestedToCompile(json)) return true;
  if (json.split('"$ref"').length - 1 !== refs.length) return true;
  const checked = new Set<JsonValue>();
  for (const use of refs) {
    if (!PLAIN_REF.test(use.ref)) return true;
    const target = follow(root, use.ref);
    if (target === undefined) return true;
    if (typeof target === 'boolean' || checked.has(target)) continue;
    checked.add(target);
    const span = loc.container(target);
    if (span === undefined || metaValidate(text.slice(span.offset, span.offset + span.length), dialect).length > 0) return true;
  }
  return false;
}

/** The object or boolean a plain ref points at, read the way ajv reads it (array indexes canonical). */
function follow(root: JsonObject, ref: string): JsonObject | boolean | undefined {
  let node: JsonValue | undefined = root;
  for (const part of pointerSegments(ref)) {
    if (isJsonObject(node) && node.has(part)) node = node.get(part);
    else if (Array.isArray(node) && /^(?:0|[1-9]\d*)$/.test(part)) node = node[Number(part)];
    else return undefined;
  }
  return isJsonObject(node) || typeof node === 'boolean' ? node : undefined;
}
