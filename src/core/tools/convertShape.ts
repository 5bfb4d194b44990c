import { flatParametersToSchema } from '../grammar/flatTypes';
import { getString, isJsonArray, isJsonObject, JsonObject, type JsonValue } from '../json/jsonValue';
import { isFlatParameters, type Tool } from './tool';

/*
 * Conversions between a JSON Schema tool and the xlam-function-calling-60k flat shape
 * (`parameters: {param: {description, type: "str, optional", default}}`), the style fc v1 was
 * trained on. Descriptions and defaults travel; what flat cannot say (enum, nested schemas,
 * constraints) is lost and listed.
 */

export interface ShapeConversion {
  tool: JsonObject;
  /** What the target shape cannot express, e.g. `"unit": enum`. */
  lost: string[];
}

const PYTHON_TYPES: Record<string, string> = { string: 'str', integer: 'int', number: 'float', boolean: 'bool', object: 'dict', null: 'None' };
const KEPT_IN_FLAT = new Set(['type', 'description', 'default', 'items']);

/** A JSON Schema tool (plain or unwrapped) as a flat xlam-60k tool. */
export function toFlatTool(tool: Tool): ShapeConversion {
  const lost: string[] = [];
  const params = tool.parameters;
  const properties = params && isJsonObject(params.get('properties')) ? (params.get('properties') as JsonObject) : new JsonObject();
  const requiredList = params?.get('required');
  const required = new Set(isJsonArray(requiredList) ? requiredList.filter((r): r is string => typeof r === 'string') : []);
  const flat = new JsonObject();
  for (const [name, schema] of properties.entries()) {
    const spec = new JsonObject();
    const description = isJsonObject(schema) ? schema.get('description') : undefined;
    if (description !== undefined) spec.set('description', description);
    spec.set('type', `${pythonType(schema)}${required.has(name) ? '' : ', optional'}`);
    if (isJsonObject(schema) && schema.has('default')) spec.set('default', schema.get('default') as JsonValue);
    if (isJsonObject(schema)) for (const key of schema.keys()) if (!KEPT_IN_FLAT.has(key)) lost.push(`"${name}": ${key}`);
    flat.set(name, spec);
  }
  return { tool: withParameters(tool, flat), lost };
}

/** A flat xlam-60k tool as a plain JSON Schema tool (`required` from the non-optional types). */
export function toSchemaTool(tool: Tool): ShapeConversion {
  const params = tool.parameters;
  if (params === undefined || !isFlatParameters(params)) return { tool: tool.plain, lost: [] };
  const schema = flatParametersToSchema(params);
  const properties = schema.get('properties') as JsonObject;
  for (const [name, spec] of params.entries()) {
    const property = properties.get(name) as JsonObject;
    if (!isJsonObject(spec)) continue;
    const description = spec.get('description');
    // Description first, as people write schemas; then the type; then the default.
    const rebuilt = new JsonObject(description !== undefined ? [['description', description]] : []);
    for (const [key, value] of property.entries()) rebuilt.set(key, value);
    if (spec.has('default')) rebuilt.set('default', spec.get('default') as JsonValue);
    properties.set(name, rebuilt);
  }
  return { tool: withParameters(tool, schema), lost: [] };
}

function pythonType(schema: JsonValue): string {
  if (!isJsonObject(schema)) return 'Any';
  const type = getString(schema, 'type');
  if (type === 'array') {
    const items = schema.get('items');
    return `List[${isJsonObject(items) && getString(items, 'type') !== undefined ? pythonType(items) : 'Any'}]`;
  }
  return (type !== undefined ? PYTHON_TYPES[type] : undefined) ?? 'Any';
}

/** The tool's own object with `parameters` replaced, every other key kept in place. */
function withParameters(tool: Tool, parameters: JsonObject): JsonObject {
  const out = new JsonObject(tool.plain.entries());
  return out.set('parameters', parameters);
}
