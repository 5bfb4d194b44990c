import { JsonNumber, JsonObject, type JsonValue } from '../json/jsonValue';
import type { PlaygroundRun } from './types';

/** A run as the file stores it (readLastRun reads it back): output first, then what it meant. */
export function runJson(run: PlaygroundRun): JsonObject {
  const out = new JsonObject([
    ['output', run.output],
    ['calls', run.calls.map((call) => new JsonObject([['name', call.name], ['arguments', call.arguments]]))],
  ]);
  if (run.finishReason !== undefined) out.set('finishReason', run.finishReason);
  if (run.format !== undefined) out.set('format', run.format);
  if (run.variant !== undefined) out.set('variant', run.variant);
  if (run.timings !== undefined) {
    // Timings are for people: one decimal is all the precision a stored run needs.
    const entries: Array<[string, JsonValue]> = Object.entries(run.timings)
      .filter((entry): entry is [string, number] => typeof entry[1] === 'number')
      .map(([key, n]) => [key, JsonNumber.fromNumber(Math.round(n * 10) / 10)]);
    out.set('timings', new JsonObject(entries));
  }
  if (run.engine !== undefined) out.set('engine', new JsonObject([['kind', run.engine.kind], ['model', run.engine.model], ['backend', run.engine.backend]]));
  if (run.error !== undefined) out.set('error', new JsonObject([['code', run.error.code], ['message', run.error.message]]));
  if (run.expectedCheck !== undefined) {
    const check = run.expectedCheck;
    out.set('expectedCheck', new JsonObject([['pass', check.pass], ['errorType', check.errorType], ['message', check.message], ['mode', check.mode]]));
  }
  if (run.at !== undefined) out.set('at', run.at);
  return out;
}
