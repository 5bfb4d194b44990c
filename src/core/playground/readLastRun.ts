import type { FinishReason } from '../engine/types';
import { FORMAT_IDS, type FormatId } from '../formats/types';
import { getString, isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue';
import { numberOf, typeName, type FieldReader } from './fieldReader';
import type { ExpectedCheck } from './expectedCheck';
import type { PlaygroundRun, RunCall } from './types';

const FINISH_REASONS: readonly FinishReason[] = ['stop', 'length', 'cancelled'];
const TIMING_KEYS = ['loadMs', 'wallMs', 'ttftMs', 'tokensPerSecond', 'promptTokens', 'cachedPromptTokens', 'completionTokens'] as const;

/**
 * `lastRun`, written by the host after a run. It is a cache of what was seen, so anything wrong
 * with it is a warning and the run is dropped: the conversation and tools still open.
 */
export function readLastRun(value: JsonValue | undefined, reader: FieldReader): PlaygroundRun | undefined {
  if (value === undefined) return undefined;
  const problem = (path: Array<string | number>, message: string): undefined => {
    reader.warning(['lastRun', ...path], `${message}; the last run is not shown`);
    return undefined;
  };
  if (!isJsonObject(value)) return problem([], `must be an object, not ${typeName(value)}`);
  const output = value.get('output');
  if (typeof output !== 'string') return problem(['output'], `must be the raw output text, not ${typeName(output)}`);
  const callsValue = value.get('calls') ?? [];
  if (!Array.isArray(callsValue)) return problem(['calls'], `must be a list of calls, not ${typeName(callsValue)}`);
  const calls: RunCall[] = [];
  for (const [index, call] of callsValue.entries()) {
    const name = isJsonObject(call) ? getString(call, 'name') : undefined;
    if (!isJsonObject(call) || name === undefined) return problem(['calls', index], 'a call must be an object with a string "name"');
    calls.push({ name, arguments: call.get('arguments') ?? null });
  }
  const run: PlaygroundRun = { output, calls };
  const finish = value.get('finishReason');
  if (finish !== undefined) {
    if (!FINISH_REASONS.includes(finish as FinishReason)) return problem(['finishReason'], `must be one of ${FINISH_REASONS.join(', ')}`);
    run.finishReason = finish as FinishReason;
  }
  const format = value.get('format');
  if (format !== undefined) {
    if (!FORMAT_IDS.includes(format as FormatId)) return problem(['format'], `must be one of ${FORMAT_IDS.join(', ')}`);
    run.format = format as FormatId;
  }
  for (const key of ['variant', 'at'] as const) {
    const text = value.get(key);
    if (text === undefined) continue;
    if (typeof text !== 'string') return problem([key], `must be a string, not ${typeName(text)}`);
    run[key] = text;
  }
  const timings = value.get('timings');
  if (timings !== undefined) {
    if (!isJsonObject(timings)) return problem(['timings'], `must be an object, not ${typeName(timings)}`);
    run.timings = {};
    for (const key of TIMING_KEYS) {
      const item = timings.get(key);
      if (item === undefined) continue;
      const n = numberOf(item);
      if (n === undefined || n < 0) return problem(['timings', key], 'must be a number ≥ 0');
      run.timings[key] = n;
    }
  }
  const engine = value.get('engine');
  if (engine !== undefined) {
    const read = readEngine(engine);
    if (read === undefined) return problem(['engine'], 'must be {"kind": "local" | "remote", "model", "backend"}');
    run.engine = read;
  }
  const error = value.get('error');
  if (error !== undefined) {
    const code = isJsonObject(error) ? getString(error, 'code') : undefined;
    const message = isJsonObject(error) ? getString(error, 'message') : undefined;
    if (code === undefined || message === undefined) return problem(['error'], 'must be {"code", "message"}');
    run.error = { code, message };
  }
  const check = value.get('expectedCheck');
  if (check !== undefined) {
    const read = readCheck(check);
    if (read === undefined) return problem(['expectedCheck'], 'must be {"pass": true | false, "errorType": string | null, "message", "mode": "default" | "bfcl"}');
    run.expectedCheck = read;
  }
  return run;
}

function readCheck(value: JsonValue): ExpectedCheck | undefined {
  if (!isJsonObject(value)) return undefined;
  const pass = value.get('pass');
  const errorType = value.get('errorType');
  const message = getString(value, 'message');
  const mode = value.get('mode');
  if (typeof pass !== 'boolean' || (errorType !== null && typeof errorType !== 'string') || message === undefined || (mode !== 'default' && mode !== 'bfcl')) return undefined;
  return { pass, errorType, message, mode };
}

function readEngine(value: JsonValue): PlaygroundRun['engine'] {
  if (!isJsonObject(value)) return undefined;
  const obj: JsonObject = value;
  const kind = getString(obj, 'kind');
  const model = getString(obj, 'model');
  const backend = getString(obj, 'backend');
  if ((kind !== 'local' && kind !== 'remote') || model === undefined || backend === undefined) return undefined;
  return { kind, model, backend };
}
