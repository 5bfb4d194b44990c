import { getString, isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue';
import { isFlatParameters, readTool } from '../tools/tool';
import { compileSchema, dialectOf, metaValidate } from './ajvCache';
import { argumentsSchema } from './argsSchema';
import { reportGrammarGaps, reportV1Losses } from './derivedRules';
import type { JsonPath, Span } from './diagnostic';
import type { Locator } from './jsonTree';
import { mapMetaErrors } from './metaErrors';
import { refsNeedCompile } from './refCompile';
import { lintFlatParameters, lintRootSchema } from './paramRules';
import type { Reporter } from './reporter';
import { walkSchema, type SchemaScope, type SchemaWalk } from './schemaRules';
import { closest, compactSlice } from './textUtil';

export const TOOL_NAME = /^[a-zA-Z0-9_-]{1,64}$/;
export const MIN_TOOL_DESCRIPTION = 20;
const TOOL_KEYS = ['name', 'description', 'parameters', 'function'];
const REFERENCES = /"\$(?:ref|id|anchor|dynamicRef|dynamicAnchor|recursiveRef|recursiveAnchor)"/;

export interface ToolScope {
  text: string;
  rep: Reporter;
  loc: Locator;
}

/** What the file-level pass needs from one tool (paths are relative to the tool). */
export interface ToolSummary {
  name?: string;
  nameSpan?: Span;
  namePath?: JsonPath;
}

/**
 * Every rule on one item of a tools array that depends on that item alone. Paths start at the
 * item and messages do not mention its index, so the result can be cached by the item's text.
 */
export function lintTool(scope: ToolScope, item: JsonValue, span: Span | undefined): ToolSummary {
  const { rep, loc } = scope;
  if (!isJsonObject(item)) {
    rep.add('tool-not-object', span, 'a tool must be an object', { path: [] });
    return {};
  }
  let plain = item;
  let base: JsonPath = [];
  const wrapper = item.get('function');
  if (item.get('type') === 'function') {
    if (isJsonObject(wrapper)) {
      plain = wrapper;
      base = ['function'];
    } else {
      rep.add('tool-shape', loc.value(item, 'function') ?? loc.value(item, 'type'), '"type": "function" needs a "function" object holding name, description and parameters', { path: [] });
      return {};
    }
  } else if (isJsonObject(wrapper) && !item.has('name')) {
    rep.add('tool-shape', loc.key(item, 'function'), 'an OpenAI-wrapped tool needs "type": "function" next to "function"', { data: { fix: 'add-wrapper-type' }, path: [] });
    return {};
  }
  const summary: ToolSummary = {};

  for (let i = 0; i < plain.size; i++) {
    const key = plain.keyAt(i) as string;
    if (TOOL_KEYS.includes(key)) continue;
    const near = closest(key, TOOL_KEYS);
    if (near !== undefined && !plain.has(near)) {
      rep.add('tool-key-typo', loc.key(plain, key), `"${key}" is not a tool key; did you mean "${near}"?`, { data: { fix: 'rename-key', from: key, to: near }, path: [...base, key] });
    } else {
      const why = key === '__proto__' ? ' (and JavaScript code that copies tools with Object.assign makes it the prototype)' : '';
      rep.add('tool-key-unknown', loc.key(plain, key), `"${key}" is not a tool key, so it is ignored as one: fc v1 and general v1 drop it, xLAM-2 shows it to the model as written${why}`, { path: [...base, key] });
    }
  }
  if (plain !== item) {
    for (const key of item.keys()) {
      if (key !== 'type' && key !== 'function') rep.add('tool-key-unknown', loc.key(item, key), `"${key}" is outside "function": every format drops it`, { path: [key] });
    }
  }

  const name = plain.get('name');
  const nameSpan = loc.value(plain, 'name');
  const anchor = nameSpan ?? loc.head(plain);
  if (name === undefined) {
    rep.add('tool-name-missing', anchor, 'the tool has no "name"', { path: base });
  } else if (typeof name !== 'string') {
    rep.add('tool-shape', nameSpan, '"name" must be a string', { path: [...base, 'name'] });
  } else {
    if (!TOOL_NAME.test(name)) {
      rep.add('tool-name-invalid', nameSpan, `tool name "${name}" must match ^[a-zA-Z0-9_-]{1,64}$ (letters, digits, _ and -, at most 64)`, { path: [...base, 'name'] });
    }
    summary.name = name;
    if (nameSpan !== undefined) summary.nameSpan = nameSpan;
    summary.namePath = [...base, 'name'];
  }

  const description = plain.get('description');
  if (description === undefined) {
    rep.add('tool-description-missing', anchor, typeof name === 'string' ? `tool "${name}" has no description` : 'the tool has no description', { data: { fix: 'add-description' }, path: base });
  } else if (typeof description !== 'string') {
    rep.add('tool-shape', loc.value(plain, 'description'), '"description" must be a string', { path: [...base, 'description'] });
  } else if (description.trim().length < MIN_TOOL_DESCRIPTION) {
    rep.add('tool-description-short', loc.value(plain, 'description'), `the description is under ${MIN_TOOL_DESCRIPTION} characters: say what the tool does and when to use it`, { path: [...base, 'description'] });
  }

  const params = plain.get('parameters');
  if (params === undefined) return summary;
  if (!isJsonObject(params)) {
    rep.add('tool-shape', loc.value(plain, 'parameters'), '"parameters" must be an object (a JSON Schema, or an xlam-60k parameter map)', { path: [...base, 'parameters'] });
    return summary;
  }
  const schemaScope: SchemaScope = { text: scope.text, rep, loc, base: [...base, 'parameters'] };
  if (isFlatParameters(params)) {
    lintFlatParameters(schemaScope, params);
    return summary;
  }
  const walk = lintSchemaParameters(schemaScope, params);
  const tool = readTool(item, 0);
  if (typeof tool !== 'string') rep.guard(anchor, 'the fc v1 conversion', () => reportV1Losses(schemaScope, tool, params, walk.refs));
  rep.guard(anchor, 'the grammar', () => reportGrammarGaps(schemaScope, params));
  return summary;
}

/** JSON Schema parameters: the schema walk, root rules, ajv meta-validation, then a compile. */
function lintSchemaParameters(scope: SchemaScope, params: JsonObject): SchemaWalk {
  const { rep, loc, text } = scope;
  const before = rep.errorCount;
  const walk = walkSchema(scope, params);
  lintRootSchema(scope, params);
  const schemaUri = getString(params, '$schema');
  const { dialect, known } = dialectOf(schemaUri);
  if (!known) rep.add('schema-dialect', loc.value(params, '$schema'), `$schema "${schemaUri ?? ''}" is not draft-07 or 2020-12: checked as draft-07`, { path: [...scope.base, '$schema'] });
  const span = loc.container(params);
  if (walk.tooDeep || span === undefined) return walk;
  const json = text.slice(span.offset, span.offset + span.length);
  // A plain schema is meta-valid in both dialects: validating it could report nothing.
  for (const error of walk.plain ? [] : mapMetaErrors(metaValidate(json, dialect), loc, params, span, walk.explained)) {
    rep.add('schema-invalid', error.span, error.message, { path: [...scope.base, ...error.path] });
  }
  if (rep.errorCount > before) return walk; // the schema's own errors say why it would not compile
  // A meta-valid schema whose patterns compile and whose $refs resolve here compiles in ajv too,
  // except where ajv's reference resolution (URI rules, ids) could differ from ours: only those
  // are compiled now. The rest are compiled (and cached by hash) when a validator is first needed.
  // includes() first: a native search, where the regex would be tried at every quote of every schema.
  if (!json.includes('"$') || !REFERENCES.test(json) || !refsNeedCompile(params, json, walk.refs, dialect, loc, text)) return walk;
  const args = argumentsSchema(params, compactSlice(text, span));
  const compiled = compileSchema(args.compact, args.dialect);
  if (!compiled.ok) rep.add('schema-compile', loc.head(params), `ajv cannot compile the parameters: ${compiled.message}`, { path: scope.base });
  return walk;
}
