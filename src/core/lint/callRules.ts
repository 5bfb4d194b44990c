import type { ValidateFunction } from 'ajv';
import { isJsonObject, jsonEquals, type JsonObject, type JsonValue } from '../json/jsonValue';
import { checkConstraints } from './constraintRules';
import { compactJson } from '../json/pyJsonDumps';
import type { Tool } from '../tools/tool';
import type { JsonPath, Span } from './diagnostic';
import type { Reporter } from './reporter';
import { closest } from './textUtil';
import { declaredTypes, describeValue, matchesAnyType, orList, valueKind } from './valueTypes';

/** A tool ready for checking calls: its arguments schema (flat maps converted) and validator. */
export interface ToolSpec {
  tool: Tool;
  schema: JsonObject;
  /**
   * The arguments validator, compiled on first use (a tool no call names is never compiled), or
   * why there is none: the calls' constraints then go unchecked.
   */
  validator: () => ValidateFunction | { unchecked: string };
}

/** One call to check, from `calls` (exact spans) or found in `output` (spans located structurally). */
export interface CallSite {
  name: string;
  args: JsonValue;
  /** Where call-level problems point (the name). */
  anchor: Span | undefined;
  /** The arguments value, when known. */
  argsSpan: Span | undefined;
  argKey: (key: string) => Span | undefined;
  argValue: (key: string) => Span | undefined;
  /** The deepest node of an instance path under the arguments (keys; indexes as digits). */
  argAt: (path: readonly string[]) => Span | undefined;
  path?: JsonPath;
}

/** Bad items of one array argument reported one by one; the rest in one summary. */
const MAX_ITEM_REPORTS = 10;

/** Unknown function, arguments not an object, missing/unexpected arguments, BFCL types, enum, ajv constraints. */
export function checkCall(rep: Reporter, site: CallSite, specs: ReadonlyMap<string, ToolSpec>): void {
  const spec = specs.get(site.name);
  const path = site.path;
  if (spec === undefined) {
    const near = closest(site.name, specs.keys());
    rep.add('call-unknown-function', site.anchor, `unknown function "${site.name}"${near ? `; did you mean "${near}"?` : ''}`, {
      ...(near ? { data: { fix: 'rename-call', from: site.name, to: near } } : {}),
      ...(path ? { path: [...path, 'name'] } : {}),
    });
    return;
  }
  const args = site.args;
  if (!isJsonObject(args)) {
    rep.add('call-arguments-not-object', site.argsSpan ?? site.anchor, `the arguments of "${site.name}" are ${describeValue(args)}, not an object`);
    return;
  }
  const properties = spec.schema.get('properties');
  const props = isJsonObject(properties) ? properties : undefined;
  const required = spec.schema.get('required');
  for (const name of Array.isArray(required) ? required : []) {
    if (typeof name === 'string' && !args.has(name)) {
      rep.add('call-missing-arg', site.anchor, `"${site.name}" is missing the required argument "${name}"`, { data: { fix: 'add-argument', name }, ...(path ? { path } : {}) });
    }
  }
  for (const [key, value] of args.entries()) {
    const prop = props?.get(key);
    if (prop === undefined) {
      const near = props ? closest(key, props.keys()) : undefined;
      rep.add('call-unexpected-arg', site.argKey(key) ?? site.anchor, `"${site.name}" has no parameter "${key}"${near ? `; did you mean "${near}"?` : ''}`, near ? { data: { fix: 'rename-argument', from: key, to: near } } : {});
      continue;
    }
    if (isJsonObject(prop)) checkValue(rep, site, key, value, prop);
  }
  checkConstraints(rep, site, args, spec);
}

function checkValue(rep: Reporter, site: CallSite, key: string, value: JsonValue, prop: JsonObject): void {
  const span = site.argValue(key) ?? site.argKey(key) ?? site.anchor;
  const types = declaredTypes(prop);
  if (types !== undefined && !matchesAnyType(value, types)) {
    const kind = valueKind(value);
    const why = kind === 'float' && types.includes('integer') ? ' (BFCL does not accept a float for an integer)' : kind === 'boolean' && types.some((t) => t === 'number' || t === 'integer') ? ' (a boolean is never a number)' : '';
    rep.add('call-arg-type', span, `"${key}" is ${describeValue(value)}; expected ${orList(types)}${why}`);
    return;
  }
  const items = prop.get('items');
  const itemTypes = isJsonObject(items) ? declaredTypes(items) : undefined;
  if (Array.isArray(value) && itemTypes !== undefined) {
    let bad = 0;
    value.forEach((item, index) => {
      if (matchesAnyType(item, itemTypes)) return;
      if (++bad <= MAX_ITEM_REPORTS) rep.add('call-arg-type', site.argAt([key, String(index)]) ?? span, `"${key}"[${index}] is ${describeValue(item)}; expected ${orList(itemTypes)}`);
    });
    if (bad > MAX_ITEM_REPORTS) rep.add('call-arg-type', span, `"${key}" has ${bad - MAX_ITEM_REPORTS} more items that are not ${orList(itemTypes)}`);
  }
  const choices = prop.get('enum');
  if (Array.isArray(choices) && !choices.some((choice) => jsonEquals(choice, value))) {
    rep.add('call-arg-enum', span, `"${key}" is ${describeValue(value)}; expected one of ${orList(choices.map((c) => compactJson(c)))}`);
  }
}

/** The calls against `expected`: order-free (each expected call takes the first equal unused one) unless `ordered`. */
export function compareExpected(rep: Reporter, actual: readonly CallSite[], expected: ReadonlyArray<{ name: string; args: JsonValue; span: Span | undefined; path: JsonPath }>, ordered: boolean, fallback: Span | undefined): void {
  const same = (a: CallSite, e: { name: string; args: JsonValue }) => a.name === e.name && jsonEquals(a.args, e.args);
  const show = (c: { name: string; args: JsonValue }) => `${c.name}(${compactJson(c.args).slice(0, 80)})`;
  if (ordered) {
    for (let i = 0; i < Math.max(actual.length, expected.length); i++) {
      const a = actual[i];
      const e = expected[i];
      if (a !== undefined && e !== undefined && !same(a, e)) rep.add('calls-differ-expected', a.anchor ?? fallback, `call ${i + 1} is ${show(a)}; expected ${show(e)}`);
      else if (a === undefined && e !== undefined) rep.add('calls-differ-expected', e.span, `expected call ${show(e)} was not made (only ${actual.length} calls)`, { path: e.path });
      else if (a !== undefined && e === undefined) rep.add('calls-differ-expected', a.anchor ?? fallback, `call ${show(a)} is not expected (expected ${expected.length} calls)`);
    }
    return;
  }
  const used = new Set<number>();
  for (const e of expected) {
    const index = actual.findIndex((a, i) => !used.has(i) && same(a, e));
    if (index >= 0) used.add(index);
    else rep.add('calls-differ-expected', e.span, `expected call ${show(e)} is not among the calls`, { path: e.path });
  }
  actual.forEach((a, i) => {
    if (!used.has(i)) rep.add('calls-differ-expected', a.anchor ?? fallback, `call ${show(a)} is not expected`);
  });
}
