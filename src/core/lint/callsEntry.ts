import { FORMAT_IDS, type FormatId } from '../formats/types';
import { isJsonObject, JsonObject, type JsonValue } from '../json/jsonValue';
import type { ParseMode } from '../parse/types';
import type { JsonPath, Span } from './diagnostic';
import type { Locator } from './jsonTree';
import type { Reporter } from './reporter';
import { closest } from './textUtil';

/** A call written in a calls entry (`calls` or `expected`), with where it is. */
export interface WrittenCall {
  name: string;
  args: JsonValue;
  item: JsonObject;
  span: Span | undefined;
  path: JsonPath;
}

/** One checked-in sample: which tools, which format, what the model wrote, what was expected. */
export interface CallsEntry {
  obj: JsonObject;
  /** Path of the entry in its document ([] for a JSONL line or a single-entry file). */
  base: JsonPath;
  tools: string | JsonValue[];
  format: FormatId;
  parser: ParseMode;
  output?: string;
  calls?: WrittenCall[];
  expected?: WrittenCall[];
  ordered: boolean;
}

const PARSERS: readonly ParseMode[] = ['tolerant', 'vllm'];

/** Reads and checks the shape of one entry; undefined (after reporting why) when it cannot be used. */
export function readCallsEntry(value: JsonValue, span: Span | undefined, base: JsonPath, loc: Locator, rep: Reporter): CallsEntry | undefined {
  if (!isJsonObject(value)) {
    rep.add('calls-entry-invalid', span, 'a calls entry must be an object with "tools", "format", and "output" or "calls"', { path: base });
    return undefined;
  }
  const head = loc.head(value);
  const bad = (key: string, message: string) => {
    rep.add('calls-entry-invalid', loc.value(value, key) ?? head, message, { path: [...base, key] });
    return undefined;
  };
  const tools = value.get('tools');
  if (tools === undefined) return bad('tools', 'the entry needs "tools": a tools file path (relative to this file) or an array of tools');
  if (typeof tools !== 'string' && !Array.isArray(tools)) return bad('tools', '"tools" must be a path string or an array of tools');
  const format = value.get('format');
  if (format === undefined) return bad('format', `the entry needs "format": ${FORMAT_IDS.join(', ')}`);
  if (typeof format !== 'string' || !(FORMAT_IDS as readonly string[]).includes(format)) {
    const near = typeof format === 'string' ? closest(format, FORMAT_IDS) : undefined;
    return bad('format', `"format" must be one of ${FORMAT_IDS.join(', ')}${near ? `; did you mean "${near}"?` : ''}`);
  }
  const parser = value.get('parser') ?? 'tolerant';
  if (typeof parser !== 'string' || !(PARSERS as readonly string[]).includes(parser)) return bad('parser', '"parser" must be "tolerant" (default) or "vllm"');
  const ordered = value.get('ordered') ?? false;
  if (typeof ordered !== 'boolean') return bad('ordered', '"ordered" must be true or false');
  const entry: CallsEntry = { obj: value, base, tools, format: format as FormatId, parser: parser as ParseMode, ordered };
  const output = value.get('output');
  const calls = value.get('calls');
  if ((output === undefined) === (calls === undefined)) {
    rep.add('calls-entry-invalid', output === undefined ? head : loc.key(value, 'calls'), 'the entry needs exactly one of "output" (the raw model text) and "calls" (a list of calls)', { path: base });
    return undefined;
  }
  if (output !== undefined) {
    if (typeof output !== 'string') return bad('output', '"output" must be a string: the raw text the model wrote');
    entry.output = output;
  } else {
    const list = readCallList(value, 'calls', base, loc, rep, true);
    if (list === undefined) return undefined;
    entry.calls = list;
  }
  if (value.has('expected')) {
    const list = readCallList(value, 'expected', base, loc, rep, false);
    if (list === undefined) return undefined;
    entry.expected = list;
  }
  return entry;
}

function readCallList(entry: JsonObject, key: string, base: JsonPath, loc: Locator, rep: Reporter, lenientArgs: boolean): WrittenCall[] | undefined {
  const list = entry.get(key);
  if (!Array.isArray(list)) {
    rep.add('calls-entry-invalid', loc.value(entry, key), `"${key}" must be an array of {"name", "arguments"} objects`, { path: [...base, key] });
    return undefined;
  }
  const calls: WrittenCall[] = [];
  for (let i = 0; i < list.length; i++) {
    const item = list[i] as JsonValue;
    const path = [...base, key, i];
    const name = isJsonObject(item) ? item.get('name') : undefined;
    if (!isJsonObject(item) || typeof name !== 'string') {
      rep.add('calls-entry-invalid', loc.item(list, i), `each item of "${key}" must be an object with a string "name"`, { path });
      return undefined;
    }
    const args = item.get('arguments') ?? item.get('parameters');
    if (!lenientArgs && args !== undefined && !isJsonObject(args)) {
      rep.add('calls-entry-invalid', loc.value(item, 'arguments'), `"arguments" in "${key}" must be an object`, { path: [...path, 'arguments'] });
      return undefined;
    }
    calls.push({ name, args: args ?? new JsonObject(), item, span: loc.item(list, i), path });
  }
  return calls;
}
