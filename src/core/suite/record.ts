import type { CheckVerdict } from '../check/types';
import type { FinishReason, GenerateTimings } from '../engine/types';
import { InputError } from '../errors';
import { isJsonObject, JsonNumber, JsonObject, type JsonValue } from '../json/jsonValue';
import { compactJson } from '../json/pyJsonDumps';
import { readJsonDocument } from '../json/readJsonDocument';
import type { ParsedCall } from '../parse/types';
import { confidenceJson, confidenceOfCall } from '../confidence/confidenceOutput';
import type { CallConfidence, RunConfidence } from '../confidence/types';
import type { RunSettings } from './plan';
import type { TrialOutcome } from './runCases';

/**
 * Run records (`xlam-lab test --record FILE`): JSONL, a header line then one line per case and
 * trial. Values go through the ordered JSON model, so `1.0` stays a float when a replay re-scores.
 */
export const RECORD_VERSION = 1;

export interface RecordHeader {
  suites: Array<{ file: string; name: string; sha256: string; settings: RunSettings }>;
  /** What --model named, the file's SHA-256 and its chat template's (local models only). */
  model: { ref: string; sha256?: string; chatTemplateSha256?: string | null };
  engine: { kind: string; model: string; backend: string };
  versions: Record<string, string>;
  startedAt: string;
}

const int = (n: number): JsonNumber => JsonNumber.fromNumber(Math.round(n));

/** A decode speed as records keep it (and summaries count it): to 0.1 tok/s. */
export function recordedSpeed(tokensPerSecond: number): number {
  return Math.round(tokensPerSecond * 10) / 10;
}

export function settingsJson(settings: RunSettings): JsonObject {
  const sampling = new JsonObject();
  for (const [key, value] of Object.entries(settings.sampling)) if (typeof value === 'number') sampling.set(key, JsonNumber.fromNumber(value));
  const out = new JsonObject([['format', settings.format]]);
  if (settings.variant !== undefined) out.set('variant', settings.variant);
  out.set('sampling', sampling).set('grammar', settings.grammar).set('trials', int(settings.trials)).set('checker', settings.checker);
  if (settings.confidence === true) out.set('confidence', true);
  return out;
}

export function headerLine(header: RecordHeader): string {
  const suites = header.suites.map((s) => new JsonObject([['file', s.file], ['name', s.name], ['sha256', s.sha256], ['settings', settingsJson(s.settings)]]));
  const model = new JsonObject([['ref', header.model.ref]]);
  if (header.model.sha256 !== undefined) model.set('sha256', header.model.sha256);
  if (header.model.chatTemplateSha256 !== undefined) model.set('chatTemplateSha256', header.model.chatTemplateSha256);
  const engine = new JsonObject([['kind', header.engine.kind], ['model', header.engine.model], ['backend', header.engine.backend]]);
  const out = new JsonObject([['type', 'header'], ['version', int(RECORD_VERSION)], ['suites', suites], ['model', model], ['engine', engine]]);
  out.set('versions', new JsonObject(Object.entries(header.versions))).set('startedAt', header.startedAt);
  return `${compactJson(out)}\n`;
}

export function timingsJson(t: GenerateTimings): JsonObject {
  const out = new JsonObject();
  if (t.loadMs !== undefined) out.set('loadMs', int(t.loadMs));
  out.set('promptTokens', int(t.promptTokens)).set('cachedPromptTokens', int(t.cachedPromptTokens)).set('ttftMs', int(t.ttftMs));
  out.set('tokensPerSecond', JsonNumber.fromNumber(recordedSpeed(t.tokensPerSecond), true)).set('completionTokens', int(t.completionTokens));
  return out;
}

export function verdictJson(v: CheckVerdict): JsonObject {
  return new JsonObject([['valid', v.valid], ['errorType', v.errorType], ['message', v.message]]);
}

/** The calls; with a run's confidence, each call's `confidence` ({p, alternatives} or null). */
export function callsJson(calls: readonly ParsedCall[], confidence?: RunConfidence): JsonValue[] {
  return calls.map((call, index) => {
    const out = new JsonObject([['name', call.name], ['arguments', call.arguments]]);
    if (confidence !== undefined) out.set('confidence', confidenceJson(confidenceOfCall(confidence, index)));
    return out;
  });
}

/** One trial as a JSON object (a record line, and each trial of `--json`). */
export function trialJson(o: TrialOutcome): JsonObject {
  const out = new JsonObject([['type', 'trial'], ['suite', o.suiteFile], ['case', o.caseId], ['category', o.category], ['trial', int(o.trial)]]);
  if (o.seed !== undefined) out.set('seed', int(o.seed));
  out.set('promptSha256', o.promptSha256).set('raw', o.raw).set('calls', callsJson(o.calls, o.confidence));
  if (o.confidence?.unavailable !== undefined) out.set('confidenceUnavailable', o.confidence.unavailable);
  if (o.parseError !== undefined) out.set('parseError', o.parseError);
  out.set('finishReason', o.finishReason).set('verdict', verdictJson(o.verdict));
  if (o.timings !== undefined) out.set('timings', timingsJson(o.timings));
  return out.set('wallMs', int(o.wallMs));
}

export function trialLine(o: TrialOutcome): string {
  return `${compactJson(trialJson(o))}\n`;
}

/** What a replay reads back from a trial line: the model's side, to be scored again. */
export interface RecordedTrial {
  suite: string;
  caseId: string;
  trial: number;
  seed?: number;
  promptSha256: string;
  raw: string;
  calls: ParsedCall[];
  parseError?: string;
  finishReason: FinishReason | 'error';
  /** The verdict when recorded (an engine failure stays one). */
  verdict: { valid: boolean; errorType: string | null; message: string };
  timings?: GenerateTimings;
  confidence?: RunConfidence;
  wallMs: number;
}

export type RecordLine = { type: 'header'; value: JsonObject } | { type: 'trial'; trial: RecordedTrial };

/** One line of a record; a bad line is an InputError at `file:line`. */
export function readRecordLine(text: string, line: number, file: string): RecordLine {
  let value: JsonValue;
  try {
    value = readJsonDocument(text, file).value;
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    throw new InputError(error.message, { file, line, column: error.location?.column ?? 1, offset: 0 });
  }
  const bad = (message: string): never => {
    throw new InputError(`not a run record line: ${message}`, { file, line, column: 1, offset: 0 });
  };
  if (!isJsonObject(value)) return bad('not a JSON object');
  const type = value.get('type');
  if (type === 'header') return { type: 'header', value };
  if (type !== 'trial') return bad('"type" is neither "header" nor "trial"');
  const str = (key: string): string => {
    const v = value.get(key);
    return typeof v === 'string' ? v : bad(`"${key}" must be a string`);
  };
  const num = (obj: JsonObject, key: string): number => {
    const v = obj.get(key);
    return v instanceof JsonNumber ? v.value : bad(`"${key}" must be a number`);
  };
  const calls = value.get('calls');
  if (!Array.isArray(calls)) return bad('"calls" must be a list');
  const verdict = value.get('verdict');
  if (!isJsonObject(verdict) || typeof verdict.get('valid') !== 'boolean') return bad('"verdict" must be {"valid", "errorType", "message"}');
  const errorType = verdict.get('errorType');
  const timings = value.get('timings');
  const finish = str('finishReason');
  if (!['stop', 'length', 'cancelled', 'error'].includes(finish)) bad(`"finishReason" ${JSON.stringify(finish)} is unknown`);
  const parseError = value.get('parseError');
  const seed = value.get('seed');
  return {
    type: 'trial',
    trial: {
      suite: str('suite'),
      caseId: str('case'),
      trial: num(value, 'trial'),
      ...(seed instanceof JsonNumber ? { seed: seed.value } : {}),
      promptSha256: str('promptSha256'),
      raw: str('raw'),
      calls: calls.map((call) => {
        const name = isJsonObject(call) ? call.get('name') : undefined;
        if (!isJsonObject(call) || typeof name !== 'string') return bad('each call must be {"name", "arguments"}');
        return { name, arguments: call.get('arguments') ?? new JsonObject() };
      }),
      ...(typeof parseError === 'string' ? { parseError } : {}),
      finishReason: finish as FinishReason | 'error',
      verdict: { valid: verdict.get('valid') === true, errorType: typeof errorType === 'string' ? errorType : null, message: typeof verdict.get('message') === 'string' ? (verdict.get('message') as string) : '' },
      ...(isJsonObject(timings) ? { timings: readTimings(timings, num) } : {}),
      ...recordedConfidence(value, calls),
      wallMs: num(value, 'wallMs'),
    },
  };
}

/** A trial's confidence as recorded: `confidenceUnavailable`, or the calls' `confidence` (a record without any has none). */
function recordedConfidence(trial: JsonObject, calls: readonly JsonValue[]): { confidence?: RunConfidence } {
  const unavailable = trial.get('confidenceUnavailable');
  if (typeof unavailable === 'string') return { confidence: { unavailable } };
  if (!calls.some((call) => isJsonObject(call) && call.has('confidence'))) return {};
  return { confidence: { calls: calls.map((call) => (isJsonObject(call) ? readCallConfidence(call.get('confidence')) : null)) } };
}

function readCallConfidence(value: JsonValue | undefined): CallConfidence | null {
  if (!isJsonObject(value)) return null;
  const p = value.get('p');
  const alternatives = value.get('alternatives');
  if (!(p instanceof JsonNumber) || !Array.isArray(alternatives)) return null;
  const read = alternatives.flatMap((a) => {
    const name = isJsonObject(a) ? a.get('name') : undefined;
    const ap = isJsonObject(a) ? a.get('p') : undefined;
    return typeof name === 'string' && ap instanceof JsonNumber ? [{ name, p: ap.value }] : [];
  });
  return { p: p.value, alternatives: read };
}

function readTimings(t: JsonObject, num: (obj: JsonObject, key: string) => number): GenerateTimings {
  return {
    ...(t.has('loadMs') ? { loadMs: num(t, 'loadMs') } : {}),
    promptTokens: num(t, 'promptTokens'),
    cachedPromptTokens: num(t, 'cachedPromptTokens'),
    ttftMs: num(t, 'ttftMs'),
    tokensPerSecond: num(t, 'tokensPerSecond'),
    completionTokens: num(t, 'completionTokens'),
  };
}
