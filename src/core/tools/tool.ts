import { getObject, getString, isJsonObject, JsonObject, type JsonValue } from '../json/jsonValue';

/** How a tool was written in its file. */
export type ToolShape = 'openai' | 'plain' | 'flat';

/**
 * One tool, unwrapped. `plain` is the `{name, description, parameters, …}` object exactly as the
 * user wrote it (keys, order and number lexemes kept), which is what every xLAM source serialises.
 */
export interface Tool {
  name: string;
  description: string | undefined;
  shape: ToolShape;
  plain: JsonObject;
  /** JSON Schema `parameters` (openai/plain), or the flat xlam-60k parameter map. */
  parameters: JsonObject | undefined;
  /** Index in the source array, for messages. */
  index: number;
}

/** Something about a tool list that is not a tool; the file still renders without it. */
export interface ToolProblem {
  index: number;
  message: string;
}

/**
 * xlam-function-calling-60k writes parameters flat: `{param: {type: "str, optional", …}}`.
 * A JSON Schema has `properties` or a string `type`; a flat map has neither (a flat map may
 * well have a *parameter* named `type`, whose value is then an object).
 */
export function isFlatParameters(parameters: JsonObject): boolean {
  if (parameters.has('properties') || typeof parameters.get('type') === 'string') return false;
  if (parameters.size === 0) return false;
  return parameters.entries().every(([, value]) => isJsonObject(value));
}

/** Reads a JSON array of tools in any of the three shapes. */
export function readTools(value: JsonValue): { tools: Tool[]; problems: ToolProblem[] } {
  const tools: Tool[] = [];
  const problems: ToolProblem[] = [];
  if (!Array.isArray(value)) {
    problems.push({ index: -1, message: 'a tools file must be a JSON array of tools' });
    return { tools, problems };
  }
  value.forEach((item, index) => {
    const tool = readTool(item, index);
    if (typeof tool === 'string') problems.push({ index, message: tool });
    else tools.push(tool);
  });
  return { tools, problems };
}

/** One tool, or a message saying why it is not one. */
export function readTool(item: JsonValue, index: number): Tool | string {
  if (!isJsonObject(item)) return `tool ${index} is not an object`;
  let plain = item;
  let wrapped = false;
  if (item.get('type') === 'function' && isJsonObject(item.get('function'))) {
    plain = item.get('function') as JsonObject;
    wrapped = true;
  }
  const name = getString(plain, 'name');
  if (name === undefined) return `tool ${index} has no string "name"`;
  const parameters = getObject(plain, 'parameters');
  const shape: ToolShape = wrapped ? 'openai' : parameters && isFlatParameters(parameters) ? 'flat' : 'plain';
  return { name, description: getString(plain, 'description'), shape, plain, parameters, index };
}
