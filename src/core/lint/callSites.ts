import { isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue';
import type { ParsedCall } from '../parse/types';
import type { CallSite } from './callRules';
import type { WrittenCall } from './callsEntry';
import type { Span } from './diagnostic';
import { Locator, parseJsonTree } from './jsonTree';
import { MarkScanner, OPEN_BRACE, OPEN_BRACKET } from './splitArray';
import { StringOffsets } from './textUtil';

/** A call from `calls`: every span is exact. */
export function writtenSite(call: WrittenCall, loc: Locator): CallSite {
  const args = call.args;
  const argsKey = call.item.has('arguments') ? 'arguments' : 'parameters';
  return {
    name: call.name,
    args,
    anchor: loc.value(call.item, 'name') ?? call.span,
    argsSpan: loc.value(call.item, argsKey),
    argKey: (key) => (isJsonObject(args) ? loc.key(args, key) : undefined),
    argValue: (key) => (isJsonObject(args) ? loc.value(args, key) : undefined),
    argAt: (path) => deepest(loc, args, path),
    path: call.path,
  };
}

/** The span of the deepest node of `path` (keys; array indexes as digits) that exists under `root`. */
export function deepest(loc: Locator, root: JsonValue, path: readonly string[]): Span | undefined {
  let node: JsonValue | undefined = root;
  let span: Span | undefined;
  for (const part of path) {
    if (isJsonObject(node) && node.has(part)) {
      span = loc.value(node, part);
      node = node.get(part);
    } else if (Array.isArray(node) && /^\d+$/.test(part) && Number(part) < node.length) {
      span = loc.item(node, Number(part));
      node = node[Number(part)];
    } else {
      break;
    }
  }
  return span;
}

const CALL_KEYS = new Set(['name', 'arguments', 'parameters', 'id', 'type']);

/** A call object found in the output, as the tolerant parser reads one (parse/callValue.ts). */
interface Located {
  name: string;
  /** The object holding name and arguments (the inner one of an OpenAI wrapper). */
  call: JsonObject;
  loc: Locator;
}

function asCall(value: JsonValue | undefined): JsonObject | undefined {
  if (!isJsonObject(value)) return undefined;
  const wrapped = value.get('function');
  const call = isJsonObject(wrapped) && typeof wrapped.get('name') === 'string' ? wrapped : value;
  if (typeof call.get('name') !== 'string') return undefined;
  if (call.has('arguments') || call.has('parameters') || call.keys().every((key) => CALL_KEYS.has(key))) return call;
  return undefined;
}

/** The call objects of one decoded value: a call, a list of calls, or a `tool_calls` envelope. */
function callsOf(value: JsonValue, loc: Locator, out: Located[]): void {
  const add = (item: JsonValue | undefined) => {
    const call = asCall(item);
    if (call !== undefined) out.push({ name: call.get('name') as string, call, loc });
  };
  if (Array.isArray(value)) {
    value.forEach(add);
    return;
  }
  if (!isJsonObject(value)) return;
  if (asCall(value) !== undefined) {
    add(value);
    return;
  }
  const list = value.get('tool_calls');
  if (Array.isArray(list)) list.forEach(add);
  else add(list);
}

/**
 * Every call object in the output, in order, with positions: the JSON value starting at each `[`
 * or `{` (outside values already read) is parsed with spans, as the tolerant parser decodes
 * candidates at any `[`/`{`. A call's arguments are never searched for calls, so a tool name
 * written as an argument value is not taken for the next call. Failed attempts are bounded in
 * total, like the parser's own (a text of 100,000 `[` does not take 100,000 parses).
 */
export function locateCalls(output: string): Located[] {
  const found: Located[] = [];
  let budget = Math.max(1_000_000, 8 * output.length);
  const marks = new MarkScanner(output);
  let i = 0;
  while (i < output.length && budget > 0) {
    const at = Math.min(marks.next(OPEN_BRACE, i), marks.next(OPEN_BRACKET, i));
    if (at === Infinity) break;
    const parsed = parseJsonTree(output, at, output.length, 995, true);
    if (parsed.ok) {
      callsOf(parsed.tree.value, new Locator(parsed.tree), found);
      i = parsed.tree.span.offset + parsed.tree.span.length;
    } else {
      budget -= Math.max(1, parsed.offset - at);
      i = at + 1;
    }
  }
  return found;
}

/**
 * Sites of calls parsed out of an `output` string. The parsers return values, not positions, so
 * each parsed call is matched (in order, by name) to the next call object `locateCalls` found;
 * positions inside the output map through the JSON escapes of the string literal to the
 * document (StringOffsets: linear over all calls). Not found: `fallback`.
 */
export function outputSites(text: string, outputSpan: Span | undefined, output: string, calls: readonly ParsedCall[], fallback: Span | undefined): CallSite[] {
  if (calls.length === 0) return [];
  const located = locateCalls(output);
  const byName = new Map<string, number[]>();
  located.forEach((call, index) => {
    const list = byName.get(call.name);
    if (list === undefined) byName.set(call.name, [index]);
    else list.push(index);
  });
  const next = new Map<string, number>(); // per name: the first entry of its list not yet passed
  let cursor = 0;
  const offsets = outputSpan === undefined ? undefined : new StringOffsets(text, outputSpan);
  const map = (span: Span | undefined): Span | undefined => (span === undefined ? undefined : offsets === undefined ? fallback : offsets.sub(span.offset, span.offset + span.length));
  return calls.map((call) => {
    const args: JsonValue = call.arguments;
    const list = byName.get(call.name) ?? [];
    let k = next.get(call.name) ?? 0;
    while (k < list.length && (list[k] as number) < cursor) k++;
    const index = list[k];
    if (index === undefined) return { name: call.name, args, anchor: fallback, argsSpan: undefined, argKey: () => undefined, argValue: () => undefined, argAt: () => undefined };
    next.set(call.name, k + 1);
    cursor = index + 1;
    const { call: obj, loc } = located[index] as Located;
    const argsKey = obj.has('arguments') ? 'arguments' : 'parameters';
    const written = obj.get(argsKey);
    const argsObject = isJsonObject(written) ? written : undefined;
    return {
      name: call.name,
      args,
      anchor: map(loc.value(obj, 'name')),
      argsSpan: map(loc.value(obj, argsKey)),
      argKey: (key) => (argsObject === undefined ? undefined : map(loc.key(argsObject, key))),
      argValue: (key) => (argsObject === undefined ? undefined : map(loc.value(argsObject, key))),
      argAt: (path) => (argsObject === undefined ? undefined : map(deepest(loc, argsObject, path))),
    };
  });
}
