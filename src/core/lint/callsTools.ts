import { JsonObject, type JsonValue } from '../json/jsonValue';
import { readTools, type Tool } from '../tools/tool';
import { compileSchema } from './ajvCache';
import { argumentsSchema } from './argsSchema';
import type { ToolSpec } from './callRules';
import { LineIndex } from './diagnostic';
import { Locator, parseJsonTree } from './jsonTree';
import { compactSlice } from './textUtil';

/** Returns the text of a tools file named in a calls entry, or undefined when it cannot be read. */
export type ToolsResolver = (ref: string) => string | undefined;

export interface ResolvedTools {
  specs: Map<string, ToolSpec>;
  /** Why the tools are not (all) usable; the specs hold whatever could be read. */
  problem?: string;
  /** The resolver had no text for the reference. */
  unresolved?: boolean;
}

/** Specs for tools read from `value` (a tools array) whose source is `text` as parsed by `loc`. */
export function toolSpecs(value: JsonValue, text: string, loc: Locator): ResolvedTools {
  const { tools, problems } = readTools(value);
  const specs = new Map<string, ToolSpec>();
  for (const tool of tools) if (!specs.has(tool.name)) specs.set(tool.name, toolSpec(tool, text, loc));
  const first = problems[0];
  return first === undefined ? { specs } : { specs, problem: first.message };
}

function toolSpec(tool: Tool, text: string, loc: Locator): ToolSpec {
  const params = tool.parameters;
  const span = params === undefined ? undefined : loc.container(params);
  const args = argumentsSchema(params, span === undefined ? undefined : compactSlice(text, span));
  const schema = args.converted ?? params ?? new JsonObject();
  let validator: ReturnType<ToolSpec['validator']> | undefined;
  const compile = () => {
    const compiled = compileSchema(args.compact, args.dialect);
    return compiled.ok ? compiled.validate : { unchecked: `tool "${tool.name}"'s parameters do not compile (${compiled.message})` };
  };
  return { tool, schema, validator: () => (validator ??= compile()) };
}

/** Reads the tools file `ref` through the resolver (a throwing resolver counts as unreadable). */
export function resolveToolsFile(ref: string, resolve: ToolsResolver): ResolvedTools {
  let text: string | undefined;
  try {
    text = resolve(ref);
  } catch {
    text = undefined;
  }
  if (text === undefined) return { specs: new Map(), unresolved: true, problem: `cannot read tools file "${ref}"` };
  const prepared = text.charCodeAt(0) === 0xfeff ? ` ${text.slice(1)}` : text;
  const parsed = parseJsonTree(prepared);
  if (!parsed.ok) {
    const at = new LineIndex(prepared).position(parsed.offset);
    return { specs: new Map(), problem: `tools file "${ref}" is not valid JSON (${at.line}:${at.column}: ${parsed.message})` };
  }
  const resolved = toolSpecs(parsed.tree.value, prepared, new Locator(parsed.tree));
  if (resolved.problem !== undefined) resolved.problem = `tools file "${ref}": ${resolved.problem}`;
  return resolved;
}
