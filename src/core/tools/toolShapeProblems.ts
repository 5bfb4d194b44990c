import { describeJsonType, isJsonObject } from '../json/jsonValue';
import type { Tool } from './tool';

/** A tool field of the wrong type: where in the tool (keys from the tool item), and why. */
export interface ToolShapeProblem {
  path: Array<string | number>;
  message: string;
}

/**
 * The field types lint calls `tool-shape`/`schema-invalid` errors that a tool can still be read
 * with: a description that is not a string, parameters that are not an object, `properties` that
 * is not an object, `required` that is not a list of strings. Render warns (the prompt still has
 * what the file says); the server refuses them, as vLLM's request model does.
 */
export function toolShapeProblems(tool: Tool): ToolShapeProblem[] {
  const base = tool.shape === 'openai' ? ['function'] : [];
  const problems: ToolShapeProblem[] = [];
  const description = tool.plain.get('description');
  if (description !== undefined && typeof description !== 'string') {
    problems.push({ path: [...base, 'description'], message: `"description" must be a string, not ${describeJsonType(description)}` });
  }
  const parameters = tool.plain.get('parameters');
  if (parameters !== undefined && !isJsonObject(parameters)) {
    problems.push({ path: [...base, 'parameters'], message: `"parameters" must be an object (a JSON Schema, or an xlam-60k parameter map), not ${describeJsonType(parameters)}` });
  }
  if (tool.parameters !== undefined && tool.shape !== 'flat') {
    const properties = tool.parameters.get('properties');
    if (properties !== undefined && !isJsonObject(properties)) {
      problems.push({ path: [...base, 'parameters', 'properties'], message: `"parameters.properties" must be an object, not ${describeJsonType(properties)}` });
    }
    const required = tool.parameters.get('required');
    if (required !== undefined && !(Array.isArray(required) && required.every((r) => typeof r === 'string'))) {
      problems.push({ path: [...base, 'parameters', 'required'], message: `"parameters.required" must be a list of strings, not ${describeJsonType(required)}${Array.isArray(required) ? ' holding other values' : ''}` });
    }
  }
  return problems;
}
