import type { ErrorObject } from 'ajv';
import { isJsonObject, toPlain, type JsonObject, type JsonValue } from '../json/jsonValue';
import type { CallSite, ToolSpec } from './callRules';
import { collectPatternSkips, type PatternSkip } from './patternEngine';
import type { Reporter } from './reporter';

/** Skipped pattern tests reported per call; the rest in one summary. */
const MAX_SKIP_REPORTS = 10;
/** Nodes of the arguments searched for the string a skipped test was given. */
const MAX_SEARCH_NODES = 10_000;

/**
 * ajv's other keywords (type, enum, required and unknown keys at the top level are reported by
 * checkCall), each error at the deepest node of its instance path. When the schema could not be
 * compiled, validation fails, or a pattern was not run, the call says what was not checked.
 */
export function checkConstraints(rep: Reporter, site: CallSite, args: JsonObject, spec: ToolSpec): void {
  const validate = spec.validator();
  if (typeof validate !== 'function') {
    rep.add('call-args-unchecked', site.anchor, `the arguments of "${site.name}" are not checked against its schema: ${validate.unchecked}`);
    return;
  }
  let outcome: { value: boolean; skips: PatternSkip[] };
  try {
    outcome = collectPatternSkips(() => validate(toPlain(args)));
  } catch (error) {
    // e.g. a $ref loop recursing until the stack overflows: the tools lint reports the schema itself
    rep.add('call-args-unchecked', site.anchor, `the arguments of "${site.name}" could not be checked against its schema: validation failed (${error instanceof Error ? error.message : String(error)})`);
    return;
  }
  for (const error of outcome.value ? [] : (validate.errors ?? [])) {
    if (ownedByRules(error, args)) continue;
    const parts = error.instancePath.split('/').slice(1).map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
    const span = parts.length === 0 ? site.anchor : (site.argAt(parts) ?? site.argKey(parts[0] as string) ?? site.anchor);
    const where = parts.length === 0 ? `the arguments of "${site.name}"` : `"${parts.join('.')}"`;
    rep.add('call-arg-constraint', span, `${where} ${error.message ?? `fails "${error.keyword}"`}${error.keyword === 'format' ? '' : ` (${error.keyword})`}`);
  }
  reportSkips(rep, site, args, outcome.skips);
}

function ownedByRules(error: ErrorObject, args: JsonObject): boolean {
  const depth = error.instancePath === '' ? 0 : error.instancePath.split('/').length - 1;
  if (depth === 0) return ['required', 'additionalProperties', 'type', 'unevaluatedProperties'].includes(error.keyword);
  if (depth === 1) return error.keyword === 'type' || error.keyword === 'enum';
  const top = args.get(error.instancePath.split('/')[1] ?? '');
  return depth === 2 && error.keyword === 'type' && Array.isArray(top);
}

/** One diagnostic per pattern and argument that was not tested, at that argument. */
function reportSkips(rep: Reporter, site: CallSite, args: JsonObject, skips: readonly PatternSkip[]): void {
  const seen = new Set<string>();
  let reported = 0;
  let more = 0;
  for (const skip of skips) {
    const path = pathOf(args, skip.input);
    const id = `${skip.pattern}\u0000${path?.join('\u0000') ?? skip.input}`;
    if (seen.has(id)) continue;
    seen.add(id);
    if (reported >= MAX_SKIP_REPORTS) {
      more++;
      continue;
    }
    reported++;
    const where = path === undefined || path.length === 0 ? `an argument of "${site.name}"` : `"${path.join('.')}"`;
    rep.add('call-args-unchecked', (path && site.argAt(path)) ?? site.anchor, `${where} is not checked against the pattern ${JSON.stringify(skip.pattern)}: ${skip.reason}`);
  }
  if (more > 0) rep.add('call-args-unchecked', site.anchor, `${more} more arguments of "${site.name}" are not checked against a pattern`);
}

/** The path of the first string value (or key) equal to `input` under `root`, breadth first. */
function pathOf(root: JsonValue, input: string): string[] | undefined {
  const queue: Array<{ value: JsonValue; path: string[] }> = [{ value: root, path: [] }];
  for (let visited = 0; visited < queue.length && visited < MAX_SEARCH_NODES; visited++) {
    const { value, path } = queue[visited] as { value: JsonValue; path: string[] };
    if (value === input) return path;
    if (Array.isArray(value)) value.forEach((item, i) => queue.push({ value: item, path: [...path, String(i)] }));
    else if (isJsonObject(value)) {
      for (const [key, item] of value.entries()) {
        if (key === input) return [...path, key];
        queue.push({ value: item, path: [...path, key] });
      }
    }
  }
  return undefined;
}
