import { FORMAT_IDS, VARIANTS, type FormatId } from '../formats/types';
import { getString, isJsonObject, type JsonValue } from '../json/jsonValue';
import { COMPARE_MAX_COLUMNS, COMPARE_MIN_COLUMNS, type ColumnEngine, type CompareColumn } from './compareColumns';
import { endpointUrlProblem, ggufPathProblem } from './columnEngineRules';
import { typeName, type FieldReader } from './fieldReader';
import { readSamplingAt } from './readSampling';
import type { FieldPath, FormatChoice, PlaygroundSampling } from './types';

/*
 * `compare`: the Compare tab's columns, kept in the file so that a comparison set up once is
 * there when the file is reopened (or opened by a colleague). Like `lastRun` it is a view's
 * settings, not the conversation: anything wrong with it is a warning and the columns are
 * dropped, so the tools and messages still open.
 */


/** Which engine a stored column runs on (compareColumns.ts's ColumnEngine, as written in the file). */
export type StoredColumnEngine = ColumnEngine;

export interface StoredCompareColumn {
  format: FormatChoice;
  variant: string;
  grammar: boolean;
  /** Overrides of the document's sampling (absent keys: the document's). */
  sampling: PlaygroundSampling;
  engine: StoredColumnEngine;
}

const COLUMN_KEYS = ['format', 'variant', 'grammar', 'sampling', 'engine'];
const ALL_VARIANTS = new Set(['auto', ...Object.values(VARIANTS).flat()]);

/** Reads `compare: {"columns": [...]}`; undefined when absent or unreadable (with a warning saying why). */
export function readCompare(value: JsonValue | undefined, reader: FieldReader): StoredCompareColumn[] | undefined {
  if (value === undefined) return undefined;
  let dropped = false;
  const problem = (path: FieldPath, message: string): undefined => {
    if (!dropped) reader.warning(['compare', ...path], `${message}; the Compare columns are not restored`);
    dropped = true;
    return undefined;
  };
  if (!isJsonObject(value)) return problem([], `must be an object {"columns": [...]}, not ${typeName(value)}`);
  const list = value.get('columns');
  if (!Array.isArray(list)) return problem(['columns'], `must be a list of ${COMPARE_MIN_COLUMNS}–${COMPARE_MAX_COLUMNS} columns, not ${typeName(list)}`);
  if (list.length < COMPARE_MIN_COLUMNS || list.length > COMPARE_MAX_COLUMNS) return problem(['columns'], `must hold ${COMPARE_MIN_COLUMNS}–${COMPARE_MAX_COLUMNS} columns, not ${list.length}`);
  const columns: StoredCompareColumn[] = [];
  for (const [index, item] of list.entries()) {
    const column = readColumn(item, ['columns', index], reader, problem);
    if (column === undefined) return undefined;
    columns.push(column);
  }
  return columns;
}

type Problem = (path: FieldPath, message: string) => undefined;

function readColumn(item: JsonValue, path: FieldPath, reader: FieldReader, problem: Problem): StoredCompareColumn | undefined {
  if (!isJsonObject(item)) return problem(path, `a column is an object {format, variant, grammar, sampling, engine}, not ${typeName(item)}`);
  for (const key of item.keys()) if (!COLUMN_KEYS.includes(key)) return problem([...path, key], `unknown key "${key}" (a column has ${COLUMN_KEYS.join(', ')})`);
  const format = item.get('format') ?? 'auto';
  if (format !== 'auto' && !FORMAT_IDS.includes(format as FormatId)) return problem([...path, 'format'], `must be "auto" or one of ${FORMAT_IDS.join(', ')}`);
  const variant = item.get('variant') ?? 'auto';
  if (typeof variant !== 'string' || !ALL_VARIANTS.has(variant) || (format !== 'auto' && variant !== 'auto' && !VARIANTS[format as FormatId].includes(variant))) {
    return problem([...path, 'variant'], `must be "auto" or a variant of ${format === 'auto' ? 'a format' : (format as string)}`);
  }
  const grammar = item.get('grammar') ?? true;
  if (typeof grammar !== 'boolean') return problem([...path, 'grammar'], `must be true or false, not ${typeName(grammar)}`);
  // Paths are relative to `compare` here; the sink puts them under it.
  const sampling = readSamplingAt(item.get('sampling'), [...path, 'sampling'], { error: problem, warning: (at, message) => reader.warning(['compare', ...at], message) });
  if (sampling === undefined) return undefined;
  const engine = readEngine(item.get('engine'), [...path, 'engine'], problem);
  if (engine === undefined) return undefined;
  return { format: format as FormatChoice, variant, grammar, sampling, engine };
}

function readEngine(value: JsonValue | undefined, path: FieldPath, problem: Problem): StoredColumnEngine | undefined {
  if (value === undefined) return { kind: 'current' };
  const kind = isJsonObject(value) ? getString(value, 'kind') : undefined;
  if (!isJsonObject(value) || kind === undefined) return problem(path, 'must be {"kind": "current"}, {"kind": "local", "path": …} or {"kind": "endpoint", "baseUrl": …}');
  if (kind === 'current') return { kind };
  if (kind === 'local') {
    const file = getString(value, 'path');
    // A model file is the machine's, not the repository's: only an absolute path to a .gguf means one file.
    if (file === undefined) return problem([...path, 'path'], 'must be the absolute path of a .gguf file');
    const pathProblem = ggufPathProblem(file);
    if (pathProblem !== undefined) return problem([...path, 'path'], `${pathProblem} (the absolute path of a .gguf file)`);
    return { kind, path: file };
  }
  if (kind === 'endpoint') {
    const baseUrl = getString(value, 'baseUrl');
    if (baseUrl === undefined) return problem([...path, 'baseUrl'], 'must be an http(s) URL');
    const urlProblem = endpointUrlProblem(baseUrl);
    if (urlProblem !== undefined) return problem([...path, 'baseUrl'], urlProblem);
    const engine: StoredColumnEngine = { kind, baseUrl };
    const model = value.get('model');
    if (model !== undefined) {
      if (typeof model !== 'string' || model === '') return problem([...path, 'model'], `must be a model id (a non-empty string), not ${typeName(model)}`);
      engine.model = model;
    }
    const mode = value.get('mode');
    if (mode !== undefined) {
      if (mode !== 'chat' && mode !== 'raw') return problem([...path, 'mode'], 'must be "chat" or "raw"');
      engine.mode = mode;
    }
    return engine;
  }
  return problem([...path, 'kind'], `must be "current", "local" or "endpoint", not "${kind}"`);
}

/** A Compare column as the file keeps it: sampling overrides as an object, null ones left out. */
export function storedColumn(column: CompareColumn): StoredCompareColumn {
  const sampling: PlaygroundSampling = {};
  for (const key of SAMPLING_KEYS) {
    const value = column[key];
    if (value !== null) sampling[key] = value;
  }
  return { format: column.format, variant: column.variant, grammar: column.grammar, sampling, engine: column.engine };
}

/** The file's column as the Compare pane edits it (absent sampling keys: null, the document's). */
export function columnOfStored(stored: StoredCompareColumn): CompareColumn {
  const { sampling } = stored;
  return { format: stored.format, variant: stored.variant, engine: stored.engine, grammar: stored.grammar, temperature: sampling.temperature ?? null, topP: sampling.topP ?? null, maxTokens: sampling.maxTokens ?? null, seed: sampling.seed ?? null };
}

const SAMPLING_KEYS = ['temperature', 'topP', 'maxTokens', 'seed'] as const;
