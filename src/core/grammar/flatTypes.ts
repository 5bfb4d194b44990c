import { getString, isJsonObject, JsonObject, type JsonValue } from '../json/jsonValue';

/**
 * xlam-function-calling-60k writes parameter types the Python way: `str`, `int, optional`,
 * `List[int]`, `Dict[str, Any]`. This maps them to JSON Schema so the grammar and the checks
 * can use one code path. A parameter is required unless its type says `optional`.
 */
export function flatParametersToSchema(params: JsonObject): JsonObject {
  const properties = new JsonObject();
  const required: JsonValue[] = [];
  for (const [name, spec] of params.entries()) {
    const typeText = isJsonObject(spec) ? getString(spec, 'type') ?? '' : '';
    const { schema, optional } = pythonTypeToSchema(typeText);
    properties.set(name, schema);
    if (!optional) required.push(name);
  }
  return new JsonObject([['type', 'object'], ['properties', properties], ['required', required]]);
}

export function pythonTypeToSchema(typeText: string): { schema: JsonObject; optional: boolean } {
  let text = typeText.trim();
  let optional = false;
  const suffix = /,\s*optional\s*$/i;
  if (suffix.test(text)) {
    optional = true;
    text = text.replace(suffix, '').trim();
  }
  const wrapped = /^Optional\[(.*)\]$/.exec(text);
  if (wrapped) {
    optional = true;
    text = (wrapped[1] as string).trim();
  }
  return { schema: typeToSchema(text), optional };
}

function typeToSchema(text: string): JsonObject {
  const generic = /^(List|list|Tuple|tuple|Set|set|Sequence)\[(.*)\]$/.exec(text);
  if (generic) return new JsonObject([['type', 'array'], ['items', typeToSchema((generic[2] as string).split(',')[0]?.trim() ?? '')]]);
  const base = text.replace(/\[.*$/, '').toLowerCase();
  const type = ({ str: 'string', string: 'string', int: 'integer', integer: 'integer', float: 'number', number: 'number', bool: 'boolean', boolean: 'boolean', list: 'array', tuple: 'array', dict: 'object', object: 'object' } as Record<string, string>)[base];
  return type === undefined ? new JsonObject() : new JsonObject([['type', type]]);
}

/**
 * xlam-60k flat parameters as the JSON Schema that arguments are checked and generated with:
 * the conversion above, plus what it leaves out for a faithful shape conversion: `Optional[X]` also
 * accepts null (Python's Optional is X or None), and a parameter's `enum` is kept.
 */
export function flatArgumentsSchema(params: JsonObject): JsonObject {
  const schema = flatParametersToSchema(params);
  const properties = schema.get('properties');
  if (!isJsonObject(properties)) return schema;
  for (const [name, spec] of params.entries()) {
    const prop = properties.get(name);
    if (!isJsonObject(spec) || !isJsonObject(prop)) continue;
    const nullable = isNullablePythonType(getString(spec, 'type') ?? '');
    const type = prop.get('type');
    if (nullable && typeof type === 'string') prop.set('type', [type, 'null']);
    const choices = spec.get('enum');
    if (Array.isArray(choices)) prop.set('enum', nullable && !choices.includes(null) ? [...choices, null] : choices);
  }
  return schema;
}

/** `Optional[X]` (with or without ", optional"): None is a value; "X, optional" only may be left out. */
export function isNullablePythonType(typeText: string): boolean {
  return /^Optional\[.*\]$/.test(typeText.trim().replace(/,\s*optional\s*$/i, '').trim());
}
