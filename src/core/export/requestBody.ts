import type { RenderResult } from '../formats/types';
import { JsonNumber, JsonObject, type JsonValue } from '../json/jsonValue';
import { DEFAULT_EXPORT_MAX_TOKENS, DEFAULT_MODEL_ID, exportModeOf, isV1Format, type ExportInput } from './types';

/**
 * The OpenAI-compatible request an exported client sends: what our remote engine sends
 * (src/engines/remote/requestBodies.ts), without streaming and with the sampling written out.
 *   chat: the messages as written, the tools OpenAI-wrapped, tool_choice ("required" for a grammar)
 *   raw:  /v1/completions with our exact prompt, the format's stop strings, and no second BOS
 */
export function requestBody(input: ExportInput, rendered: RenderResult): { path: string; body: JsonObject } {
  const mode = exportModeOf(input);
  const body = new JsonObject([['model', modelIdOf(input)]]);
  if (mode === 'chat') {
    body.set('messages', input.messages.map((message) => message.raw));
    if (input.tools.length > 0) {
      body.set('tools', input.tools.map((tool) => new JsonObject([['type', 'function'], ['function', tool.plain]])));
      body.set('tool_choice', input.grammar === true ? 'required' : 'auto');
    }
  } else {
    body.set('prompt', rendered.prompt);
  }
  for (const [key, value] of samplingEntries(input)) body.set(key, value);
  if (mode === 'raw') {
    if (rendered.stop.length > 0) body.set('stop', [...rendered.stop]);
    if (writesBos(rendered)) body.set('add_special_tokens', false);
  }
  body.set('stream', false);
  return { path: mode === 'chat' ? '/chat/completions' : '/completions', body };
}

export function samplingEntries(input: ExportInput): Array<[string, JsonValue]> {
  return [
    ['max_tokens', JsonNumber.fromNumber(input.maxTokens ?? DEFAULT_EXPORT_MAX_TOKENS)],
    ['temperature', JsonNumber.fromNumber(input.temperature ?? 0)],
  ];
}

/** The prompt writes the BOS as text (fc-v1 card, xLAM-2 Llama): the server must not add another. */
export function writesBos(rendered: RenderResult): boolean {
  return rendered.blocks[0]?.kind === 'bos';
}

export function modelIdOf(input: Pick<ExportInput, 'modelId' | 'format'>): string {
  return input.modelId !== undefined && input.modelId !== '' ? input.modelId : DEFAULT_MODEL_ID[input.format];
}

/** How to start vLLM for this request, as comment lines. */
export function serveHint(input: ExportInput, rendered: RenderResult): string[] {
  // A comment line must not be ended early by a model id the user typed.
  const id = modelIdOf(input);
  const model = /^[\w./:@+-]+$/.test(id) ? id : 'MODEL';
  if (exportModeOf(input) === 'raw') return [`Serve the model first, e.g.: vllm serve ${model}`];
  if (isV1Format(input.format)) {
    return [`Serve the model first, e.g.: vllm serve ${model}`, 'vLLM has no v1 chat template or tool parser: the server\'s template writes the prompt, not ours.'];
  }
  const family = input.format === 'xlam2-llama' ? 'llama' : 'qwen';
  const template = rendered.variant === 'vllm' ? ` --chat-template examples/tool_chat_template_xlam_${family}.jinja` : '';
  return [`Serve the model first, e.g.: vllm serve ${model} --enable-auto-tool-choice --tool-call-parser xlam${template}`];
}

