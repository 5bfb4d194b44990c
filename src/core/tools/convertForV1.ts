import { getObject, isJsonArray, isJsonObject, JsonObject, type JsonValue } from '../json/jsonValue';
import { isFlatParameters, type Tool } from './tool';

/** What a conversion dropped from a tool, so diagnostics can tell the user. */
export interface ConversionLoss {
  tool: string;
  kind: 'type' | 'required' | 'extra-key' | 'nested-ref' | 'non-object-parameters';
  detail: string;
}

export type V1ToolStyle = 'card' | 'bfcl';

/**
 * The v1 (fc and general) tool conversion of reference §3 step 1:
 * `{name, description, parameters: properties}`; `bfcl` also appends `"required": true`.
 * Flat xlam-60k parameter maps are already in this form and pass through unchanged.
 */
export function convertToolForV1(tool: Tool, style: V1ToolStyle, losses: ConversionLoss[]): JsonObject {
  const params = tool.parameters;
  let properties: JsonObject;
  if (params === undefined) {
    properties = new JsonObject();
    if (tool.plain.has('parameters')) {
      losses.push({ tool: tool.name, kind: 'non-object-parameters', detail: '"parameters" is not an object and was replaced by {}' });
    }
  } else if (isFlatParameters(params)) {
    properties = params;
  } else {
    properties = getObject(params, 'properties') ?? new JsonObject();
    const type = params.get('type');
    if (type !== undefined) losses.push({ tool: tool.name, kind: 'type', detail: `"type": ${JSON.stringify(type)} of "parameters" is dropped` });
    const required = params.get('required');
    if (isJsonArray(required) && required.length > 0 && style === 'card') {
      losses.push({ tool: tool.name, kind: 'required', detail: `"required" (${required.filter((r) => typeof r === 'string').join(', ')}) is dropped: the model cannot tell required from optional` });
    }
    for (const [key] of params.entries()) {
      if (key !== 'type' && key !== 'properties' && key !== 'required') {
        losses.push({ tool: tool.name, kind: 'extra-key', detail: `"${key}" of "parameters" is dropped` });
      }
    }
    if (containsRef(properties)) losses.push({ tool: tool.name, kind: 'nested-ref', detail: '"$ref" inside the parameters is passed as text; the model never sees its target' });
    if (style === 'bfcl' && isJsonArray(required)) properties = markRequired(properties, required);
  }
  return new JsonObject([
    ['name', tool.name],
    ['description', tool.plain.get('description') ?? null],
    ['parameters', properties],
  ]);
}

/** BFCL's handler appends `"required": true` as the last key of each required property. */
function markRequired(properties: JsonObject, required: JsonValue[]): JsonObject {
  const out = new JsonObject(properties.entries());
  for (const name of required) {
    if (typeof name !== 'string') continue;
    const prop = out.get(name);
    if (!isJsonObject(prop)) continue;
    // Python's `prop["required"] = True`: an existing key keeps its place.
    out.set(name, new JsonObject(prop.entries()).set('required', true));
  }
  return out;
}

/** Plain loops: it runs over every schema node of every tool on every render. */
function containsRef(value: JsonValue): boolean {
  if (isJsonObject(value)) {
    if (value.has('$ref')) return true;
    // By position: entries() would make a pair per key (the lint and every render run this on every tool).
    for (let i = 0; i < value.size; i++) if (containsRef(value.valueAt(i) as JsonValue)) return true;
  } else if (Array.isArray(value)) {
    for (const item of value) if (containsRef(item)) return true;
  }
  return false;
}

export function convertToolsForV1(tools: readonly Tool[], style: V1ToolStyle): { tools: JsonObject[]; losses: ConversionLoss[] } {
  const losses: ConversionLoss[] = [];
  return { tools: tools.map((tool) => convertToolForV1(tool, style, losses)), losses };
}
