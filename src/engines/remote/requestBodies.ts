import { requestMessages, type GenerateRequest } from '../../core/engine/types';
import type { RenderResult } from '../../core/formats/types';
import { JsonNumber, JsonObject, type JsonValue } from '../../core/json/jsonValue';
import { compactJson } from '../../core/json/pyJsonDumps';

/*
 * Request bodies are written through the ordered JSON model, not JSON.stringify: the server's chat
 * template serialises the tools we send, and JS objects would reorder integer-like keys and turn
 * `1.0` into `1`, so the server's prompt would differ from what the user wrote.
 */

/** Alternatives asked for per token (OpenAI allows up to 20; 5 is what vLLM allows by default). */
const TOP_LOGPROBS = 5;

function samplingEntries(request: GenerateRequest, defaultMaxTokens: number | undefined): Array<[string, JsonValue]> {
  const s = request.sampling ?? {};
  const entries: Array<[string, JsonValue]> = [];
  const maxTokens = s.maxTokens ?? defaultMaxTokens;
  if (maxTokens !== undefined) entries.push(['max_tokens', JsonNumber.fromNumber(maxTokens)]);
  if (s.temperature !== undefined) entries.push(['temperature', JsonNumber.fromNumber(s.temperature)]);
  if (s.topP !== undefined) entries.push(['top_p', JsonNumber.fromNumber(s.topP)]);
  if (s.seed !== undefined) entries.push(['seed', JsonNumber.fromNumber(s.seed)]);
  return entries;
}

function streamEntries(stream: boolean): Array<[string, JsonValue]> {
  // include_usage: the last event then carries token counts (vLLM, llama.cpp and Ollama honour it).
  return stream ? [['stream', true], ['stream_options', new JsonObject([['include_usage', true]])]] : [['stream', false]];
}

/** `/v1/chat/completions`: the messages as written, tools OpenAI-wrapped around `Tool.plain`. */
export function chatRequestBody(request: GenerateRequest, model: string, stream: boolean): string {
  const body = new JsonObject([
    ['model', model],
    ['messages', requestMessages(request).map((message) => message.raw)],
  ]);
  if (request.tools.length > 0) {
    body.set('tools', request.tools.map((tool) => new JsonObject([['type', 'function'], ['function', tool.plain]])));
    // The grammar's remote equivalent: vLLM and llama.cpp constrain output to calls of these tools.
    if (request.grammar === 'tools') body.set('tool_choice', 'required');
  }
  for (const [key, value] of samplingEntries(request, undefined)) body.set(key, value);
  // Confidence reads the generated tokens' probabilities, with the alternatives at each.
  if (request.confidence === true) {
    body.set('logprobs', true);
    body.set('top_logprobs', JsonNumber.fromNumber(TOP_LOGPROBS));
  }
  const stop = request.sampling?.stop ?? [];
  if (stop.length > 0) body.set('stop', [...stop]);
  for (const [key, value] of streamEntries(stream)) body.set(key, value);
  return compactJson(body);
}

/**
 * `/v1/completions` with our exact prompt and the format's stop strings. A prompt that writes its
 * own BOS as text asks the server not to add another (vLLM's `add_special_tokens`; servers
 * without the field ignore it), or the model would see two.
 */
export function completionRequestBody(request: GenerateRequest, rendered: RenderResult, model: string, stream: boolean, defaultMaxTokens: number): string {
  const body = new JsonObject([
    ['model', model],
    ['prompt', rendered.prompt],
  ]);
  for (const [key, value] of samplingEntries(request, defaultMaxTokens)) body.set(key, value);
  if (request.confidence === true) body.set('logprobs', JsonNumber.fromNumber(TOP_LOGPROBS));
  const stop = [...new Set([...rendered.stop, ...(request.sampling?.stop ?? [])])];
  if (stop.length > 0) body.set('stop', stop);
  const first = rendered.blocks[0];
  if (first?.kind === 'bos' && first.text !== '') body.set('add_special_tokens', false);
  for (const [key, value] of streamEntries(stream)) body.set(key, value);
  return compactJson(body);
}
