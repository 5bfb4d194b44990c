import { grammarReportJson } from '../../core/engine/runReport';
import type { GenerateResult } from '../../core/engine/types';
import { JsonNumber, JsonObject, type JsonValue } from '../../core/json/jsonValue';

const int = (n: number): JsonNumber => JsonNumber.fromNumber(n);

/** `--json`: one object with the text, the calls, timings, and why the run ended. */
export function resultJson(result: GenerateResult): JsonObject {
  const t = result.timings;
  const timings = new JsonObject();
  if (t.loadMs !== undefined) timings.set('loadMs', int(t.loadMs));
  timings.set('promptTokens', int(t.promptTokens));
  timings.set('cachedPromptTokens', int(t.cachedPromptTokens));
  timings.set('ttftMs', int(t.ttftMs));
  timings.set('tokensPerSecond', JsonNumber.fromNumber(Math.round(t.tokensPerSecond * 10) / 10, true));
  timings.set('completionTokens', int(t.completionTokens));
  const calls: JsonValue[] = result.calls.map((call) => new JsonObject([['name', call.name], ['arguments', call.arguments]]));
  const out = new JsonObject([['text', result.text], ['calls', calls], ['content', result.content], ['timings', timings], ['finishReason', result.finishReason]]);
  if (result.grammar) out.set('grammar', grammarReportJson(result.grammar));
  return out;
}
