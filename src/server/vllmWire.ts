import { randomUUID } from 'node:crypto';
import type { GenerateTimings } from '../core/engine/types';
import { JsonNumber, JsonObject, type JsonValue } from '../core/json/jsonValue';

/*
 * Response shapes in vLLM's wire format (vllm/entrypoints/openai/protocol.py and serving_chat.py /
 * serving_completion.py, v0.10.1): key order is pydantic's field order; streamed chat chunks are
 * `model_dump_json(exclude_unset=True)` (only fields vLLM set), streamed completion chunks and whole
 * responses dump every field, so unset ones appear as null.
 */

const int = (n: number): JsonNumber => JsonNumber.fromNumber(Math.round(n));

/** `random_uuid()`: uuid4 as 32 hex digits. */
export function randomHex(): string {
  return randomUUID().replace(/-/g, '');
}

/** vLLM's xlam parser ids: `call_<index>_<random_uuid()>`. */
export function toolCallId(index: number): string {
  return `call_${index}_${randomHex()}`;
}

/** What every chunk of one response repeats. */
export interface ResponseIdentity {
  id: string;
  created: number;
  model: string;
}

export function newIdentity(prefix: 'chatcmpl' | 'cmpl', model: string): ResponseIdentity {
  return { id: `${prefix}-${randomHex()}`, created: Math.floor(Date.now() / 1000), model };
}

/** UsageInfo: `full` dumps every field (whole responses), otherwise exclude_none (the stream's last chunk). */
export function usage(t: GenerateTimings, full: boolean): JsonObject {
  const out = new JsonObject([
    ['prompt_tokens', int(t.promptTokens)],
    ['total_tokens', int(t.promptTokens + t.completionTokens)],
    ['completion_tokens', int(t.completionTokens)],
  ]);
  // vLLM reports cached tokens only when it has some (and --enable-prompt-tokens-details is on).
  if (t.cachedPromptTokens > 0) out.set('prompt_tokens_details', new JsonObject([['cached_tokens', int(t.cachedPromptTokens)]]));
  else if (full) out.set('prompt_tokens_details', null);
  return out;
}

/** One `chat.completion.chunk`; `finishReason` set only on the last content chunk. */
export function chatChunk(who: ResponseIdentity, delta: JsonObject, finishReason?: string): JsonObject {
  const choice = new JsonObject([['index', int(0)], ['delta', delta], ['logprobs', null], ['finish_reason', finishReason ?? null]]);
  if (finishReason !== undefined) choice.set('stop_reason', null);
  return new JsonObject([['id', who.id], ['object', 'chat.completion.chunk'], ['created', int(who.created)], ['model', who.model], ['choices', [choice]]]);
}

/** The extra chunk `stream_options.include_usage` asks for: no choices, just usage. */
export function usageChunk(who: ResponseIdentity, object: 'chat.completion.chunk' | 'text_completion', t: GenerateTimings): JsonObject {
  return new JsonObject([['id', who.id], ['object', object], ['created', int(who.created)], ['model', who.model], ['choices', []], ['usage', usage(t, false)]]);
}

export const roleDelta = (): JsonObject => new JsonObject([['role', 'assistant'], ['content', '']]);
export const contentDelta = (text: string): JsonObject => new JsonObject([['content', text]]);

/** The first delta of a call: id, type, index, function.name (DeltaToolCall's field order). */
export function toolNameDelta(index: number, id: string, name: string): JsonObject {
  const call = new JsonObject([['id', id], ['type', 'function'], ['index', int(index)], ['function', new JsonObject([['name', name]])]]);
  return new JsonObject([['tool_calls', [call]]]);
}

export function toolArgumentsDelta(index: number, text: string): JsonObject {
  const call = new JsonObject([['index', int(index)], ['function', new JsonObject([['arguments', text]])]]);
  return new JsonObject([['tool_calls', [call]]]);
}

export interface WholeToolCall {
  id: string;
  name: string;
  arguments: string;
}

/** A whole `chat.completion` (ChatCompletionResponse.model_dump()). */
export function chatCompletion(who: ResponseIdentity, content: string | null, calls: readonly WholeToolCall[], finishReason: string, t: GenerateTimings): JsonObject {
  const toolCalls: JsonValue[] = calls.map(
    (call) => new JsonObject([['id', call.id], ['type', 'function'], ['function', new JsonObject([['name', call.name], ['arguments', call.arguments]])]]),
  );
  const message = new JsonObject([
    ['role', 'assistant'],
    ['content', content],
    ['refusal', null],
    ['annotations', null],
    ['audio', null],
    ['function_call', null],
    ['tool_calls', toolCalls],
    ['reasoning_content', null],
  ]);
  const choice = new JsonObject([['index', int(0)], ['message', message], ['logprobs', null], ['finish_reason', finishReason], ['stop_reason', null]]);
  return new JsonObject([
    ['id', who.id],
    ['object', 'chat.completion'],
    ['created', int(who.created)],
    ['model', who.model],
    ['choices', [choice]],
    ['service_tier', null],
    ['system_fingerprint', null],
    ['usage', usage(t, true)],
    ['prompt_logprobs', null],
    ['kv_transfer_params', null],
  ]);
}

/** One streamed `text_completion` chunk (every field dumped, usage null). */
export function completionChunk(who: ResponseIdentity, text: string, finishReason: string | null): JsonObject {
  const choice = new JsonObject([['index', int(0)], ['text', text], ['logprobs', null], ['finish_reason', finishReason], ['stop_reason', null]]);
  return new JsonObject([['id', who.id], ['object', 'text_completion'], ['created', int(who.created)], ['model', who.model], ['choices', [choice]], ['usage', null]]);
}

/** A whole `text_completion` (CompletionResponse.model_dump()). */
export function completion(who: ResponseIdentity, text: string, finishReason: string, t: GenerateTimings): JsonObject {
  const choice = new JsonObject([['index', int(0)], ['text', text], ['logprobs', null], ['finish_reason', finishReason], ['stop_reason', null], ['prompt_logprobs', null]]);
  return new JsonObject([
    ['id', who.id],
    ['object', 'text_completion'],
    ['created', int(who.created)],
    ['model', who.model],
    ['choices', [choice]],
    ['service_tier', null],
    ['system_fingerprint', null],
    ['usage', usage(t, true)],
    ['kv_transfer_params', null],
  ]);
}

/** `/v1/models` (ModelList of one ModelCard with its ModelPermission). */
export function modelList(model: string, maxModelLen: number | undefined): JsonObject {
  const created = int(Date.now() / 1000);
  const permission = new JsonObject([
    ['id', `modelperm-${randomHex()}`],
    ['object', 'model_permission'],
    ['created', created],
    ['allow_create_engine', false],
    ['allow_sampling', true],
    ['allow_logprobs', true],
    ['allow_search_indices', false],
    ['allow_view', true],
    ['allow_fine_tuning', false],
    ['organization', '*'],
    ['group', null],
    ['is_blocking', false],
  ]);
  const card = new JsonObject([
    ['id', model],
    ['object', 'model'],
    ['created', created],
    ['owned_by', 'xlam-lab'],
    ['root', model],
    ['parent', null],
    ['max_model_len', maxModelLen === undefined ? null : int(maxModelLen)],
    ['permission', [permission]],
  ]);
  return new JsonObject([['object', 'list'], ['data', [card]]]);
}
