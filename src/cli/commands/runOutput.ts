import { grammarReportJson } from '../../core/engine/runReport';
import type { GenerateResult } from '../../core/engine/types';
import { confidenceJson, confidenceOfCall, confidenceText } from '../../core/confidence/confidenceOutput';
import { JsonNumber, JsonObject, type JsonValue } from '../../core/json/jsonValue';

const int = (n: number): JsonNumber => JsonNumber.fromNumber(n);

/**
 * `--json`: one object with the text, the calls, timings, and why the run ended. A run that asked
 * for confidence gives each call `confidence` ({p, alternatives} or null) and, when the engine had
 * none at all, `confidenceUnavailable` with the reason.
 */
export function resultJson(result: GenerateResult): JsonObject {
  const t = result.timings;
  const timings = new JsonObject();
  if (t.loadMs !== undefined) timings.set('loadMs', int(t.loadMs));
  timings.set('promptTokens', int(t.promptTokens));
  timings.set('cachedPromptTokens', int(t.cachedPromptTokens));
  timings.set('ttftMs', int(t.ttftMs));
  timings.set('tokensPerSecond', JsonNumber.fromNumber(Math.round(t.tokensPerSecond * 10) / 10, true));
  timings.set('completionTokens', int(t.completionTokens));
  const calls: JsonValue[] = result.calls.map((call, index) => {
    const out = new JsonObject([['name', call.name], ['arguments', call.arguments]]);
    if (result.confidence) out.set('confidence', confidenceJson(confidenceOfCall(result.confidence, index)));
    return out;
  });
  const out = new JsonObject([['text', result.text], ['calls', calls], ['content', result.content], ['timings', timings], ['finishReason', result.finishReason]]);
  if (result.grammar) out.set('grammar', grammarReportJson(result.grammar));
  if (result.confidence?.unavailable !== undefined) out.set('confidenceUnavailable', result.confidence.unavailable);
  return out;
}

/** Text output: one stderr line per call, `confidence get_weather: 0.62 (get_weather 0.62 · get_forecast 0.35)`. */
export function confidenceLines(result: GenerateResult): string[] {
  const run = result.confidence;
  if (run === undefined) return [];
  if (run.unavailable !== undefined) return [`confidence ${run.unavailable}`];
  return result.calls.map((call, index) => {
    const confidence = confidenceOfCall(run, index);
    return `confidence ${call.name}: ${confidence ? confidenceText(confidence) : 'unknown (the name was not found in the tokens)'}`;
  });
}
