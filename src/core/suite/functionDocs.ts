import type { BfclType, FunctionDoc, ParamDoc } from '../check/types';
import { flatParametersToSchema } from '../grammar/flatTypes';
import { isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue';
import { isFlatParameters, type Tool } from '../tools/tool';

/**
 * JSON Schema type names and BFCL's own (a BFCL-imported suite keeps BFCL's "dict", "float", …)
 * as the checker's types. A union or a missing type is "any".
 */
const TYPE_NAMES: Record<string, BfclType> = {
  string: 'string',
  integer: 'integer',
  number: 'float',
  float: 'float',
  boolean: 'boolean',
  array: 'array',
  tuple: 'tuple',
  object: 'dict',
  dict: 'dict',
  any: 'any',
};

function bfclType(schema: JsonValue | undefined): BfclType {
  if (!isJsonObject(schema)) return 'any';
  const type = schema.get('type');
  return typeof type === 'string' ? TYPE_NAMES[type] ?? 'any' : 'any';
}

function paramDoc(schema: JsonValue): ParamDoc {
  const type = bfclType(schema);
  const doc: ParamDoc = { type };
  if (isJsonObject(schema)) {
    if (type === 'array' || type === 'tuple') {
      const items = schema.get('items');
      if (isJsonObject(items)) doc.itemsType = bfclType(items);
    }
    const fallback = schema.get('default');
    if (fallback !== undefined) doc.default = fallback;
  }
  return doc;
}

/** The parameters as a JSON Schema object (xlam-60k flat maps converted). */
function parametersSchema(tool: Tool): JsonObject | undefined {
  const params = tool.parameters;
  if (params === undefined) return undefined;
  return isFlatParameters(params) ? flatParametersToSchema(params) : params;
}

/** A tool as the checker's function doc: parameter types, items types, defaults, required. */
export function functionDoc(tool: Tool): FunctionDoc {
  const schema = parametersSchema(tool);
  const params = new Map<string, ParamDoc>();
  const properties = schema?.get('properties');
  if (isJsonObject(properties)) for (const [name, value] of properties.entries()) params.set(name, paramDoc(value));
  const required = schema?.get('required');
  return { name: tool.name, params, required: Array.isArray(required) ? required.filter((r): r is string => typeof r === 'string') : [] };
}
