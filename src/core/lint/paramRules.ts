import { pythonTypeToSchema } from '../grammar/flatTypes';
import { isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue';
import type { JsonPath } from './diagnostic';
import { checkDefault, type SchemaScope } from './schemaRules';
import { describeValue, orList, typeMismatch } from './valueTypes';

export const MIN_PARAM_DESCRIPTION = 8;
const TYPED_BY = ['type', 'enum', 'const', '$ref', 'anyOf', 'oneOf', 'allOf', 'not'];

function isTyped(spec: JsonObject): boolean {
  for (const key of TYPED_BY) if (spec.has(key)) return true;
  return false;
}

/** Rules on the root of JSON Schema parameters and on each top-level parameter. */
export function lintRootSchema(scope: SchemaScope, params: JsonObject): void {
  const { rep, loc, base } = scope;
  const type = params.get('type');
  if (typeof type === 'string' && type !== 'object' && type !== 'dict') {
    rep.add('parameters-not-object', loc.value(params, 'type'), `"parameters" has type "${type}": arguments are always an object`, { path: [...base, 'type'] });
  }
  const properties = params.get('properties');
  if (!isJsonObject(properties)) return;
  if (properties.size > 0 && !params.has('required')) {
    const names = properties.entries().filter(([, sub]) => !(isJsonObject(sub) && sub.has('default'))).map(([name]) => name);
    rep.add('required-absent', loc.key(params, 'properties'), 'no parameter is required: a call with no arguments is valid', {
      data: { fix: 'add-required', names },
      path: [...base, 'properties'],
    });
  }
  const required = params.get('required');
  // By position, not entries(): this runs on every tool, mostly before V8 optimises it.
  for (let i = 0; i < properties.size; i++) {
    const name = properties.keyAt(i) as string;
    const sub = properties.valueAt(i);
    if (!isJsonObject(sub)) continue;
    // The key's span and path only when a rule reports (most parameters are fine).
    checkDescription(scope, sub, name, properties, base, 'properties');
    const description = sub.get('description');
    if (Array.isArray(required) && !required.includes(name) && typeof description === 'string' && saysRequired(description)) {
      rep.add('required-unlisted', loc.value(sub, 'description'), `the description of "${name}" says it is required, but "required" does not list it`, {
        data: { fix: 'add-required', names: [name] },
        path: [...base, 'properties'],
      });
    }
    if (!isTyped(sub)) {
      rep.add('param-type-missing', loc.key(properties, name), `parameter "${name}" has no type: the model may write any value`, { path: [...base, 'properties', name] });
    }
  }
}

/** "Required.", "(required)", "required: the city": but not "not required", "required if …", "optional". */
export function saysRequired(description: string): boolean {
  return /(?:^|[^\w-])required(?![\w-])/i.test(description) && !/\b(?:not|non|if|when|unless|only|optional|optionally)\b/i.test(description);
}

/** Rules on an xlam-60k flat parameter map: `{param: {type: "str, optional", description, default}}`. */
export function lintFlatParameters(scope: SchemaScope, params: JsonObject): void {
  const { rep, loc, base } = scope;
  for (const [name, spec] of params.entries()) {
    if (!isJsonObject(spec)) continue;
    const keySpan = loc.key(params, name);
    const path = [...base, name];
    checkDescription(scope, spec, name, params, base);
    const type = spec.get('type');
    if (type === undefined) {
      rep.add('param-type-missing', keySpan, `parameter "${name}" has no type: the model may write any value`, { path });
      continue;
    }
    if (typeof type !== 'string') {
      rep.add('python-type-unknown', loc.value(spec, 'type'), `the type of "${name}" must be a string such as "str" or "List[int], optional"`, { path: [...path, 'type'] });
      continue;
    }
    const problem = pythonTypeProblem(type);
    if (problem !== undefined) rep.add('python-type-unknown', loc.value(spec, 'type'), problem, { path: [...path, 'type'] });
    const schema = pythonTypeToSchema(type).schema;
    const enumValues = spec.get('enum');
    if (Array.isArray(enumValues)) {
      enumValues.forEach((value, i) => {
        const mismatch = value === null ? undefined : typeMismatch(value, schema);
        if (mismatch !== undefined) rep.add('enum-type-mismatch', loc.item(enumValues, i), `enum value ${describeValue(value)} is not ${orList(mismatch.expected)} (type "${type}")`, { path: [...path, 'enum', i] });
      });
    }
    if (spec.has('default')) checkDefault(scope, schema, [...path, 'default'], spec, type);
  }
}

/** What is not understood in an xlam-60k Python type, as flatTypes.ts reads it. */
export function pythonTypeProblem(text: string): string | undefined {
  if (text.trim() === '') return 'empty type: any value is accepted';
  const { schema } = pythonTypeToSchema(text);
  if (/\bany\b/i.test(text)) return undefined;
  if (schema.size === 0) return `Python type "${text}" is not understood: any value is accepted`;
  const items = schema.get('items');
  if (isJsonObject(items) && items.size === 0) return `the element type of "${text}" is not understood: any element is accepted`;
  return undefined;
}

/** `spec` is `owner[name]`; its path is `[...base, ...under, name]` (under: 'properties' for JSON Schema). */
function checkDescription(scope: SchemaScope, spec: JsonObject, name: string, owner: JsonObject, base: JsonPath, ...under: string[]): void {
  const { rep, loc } = scope;
  const description: JsonValue | undefined = spec.get('description');
  if (typeof description !== 'string') {
    if (description !== undefined) return; // meta-validation reports a non-string description
    rep.add('param-description-missing', loc.key(owner, name), `parameter "${name}" has no description`, { data: { fix: 'add-description' }, path: [...base, ...under, name] });
  } else if (description.trim().length < MIN_PARAM_DESCRIPTION) {
    rep.add('param-description-short', loc.value(spec, 'description'), `the description of "${name}" is under ${MIN_PARAM_DESCRIPTION} characters`, { path: [...base, ...under, name, 'description'] });
  }
}
