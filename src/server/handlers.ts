import type { IncomingMessage, ServerResponse } from 'node:http';
import { EngineError, type Engine, type GenerateResult } from '../core/engine/types';
import { InputError } from '../core/errors';
import { outputFamily, type FormatId } from '../core/formats/types';
import { JsonObject } from '../core/json/jsonValue';
import { badRequest, checkJsonContentType, errorBody, HttpError, readBody, sendJson, SseWriter } from './httpIo';
import { completesPrompts, type PromptCompletion } from '../core/engine/promptCompletion';
import { readChatRequest, readCompletionRequest } from './requestReaders';
import { finalToolCalls, type ToolParserName } from './serverToolParser';
import { ToolCallStream } from './toolCallStream';
import * as wire from './vllmWire';

/** What the handlers share: set once when the server starts. */
export interface HandlerContext {
  engine: Engine;
  modelId: string;
  format: FormatId;
  variant: string | undefined;
  toolParser: ToolParserName;
  /** Runs a generation now, or in turn when the engine is single-sequence. */
  schedule<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T>;
}

/** Aborts the generation when the client goes away before the response is complete. */
function abortOnDisconnect(res: ServerResponse): AbortController {
  const controller = new AbortController();
  res.on('close', () => {
    if (!res.writableFinished) controller.abort();
  });
  return controller;
}

/** An engine or input failure as the HTTP error a client should see. */
export function httpErrorOf(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof InputError) return badRequest(error.message);
  // A grammar the engine refuses comes from the request's tools: the client can fix it.
  if (error instanceof EngineError && error.code === 'grammar-rejected') return badRequest(`"tools": ${error.code}: ${error.message}`);
  if (error instanceof EngineError) return new HttpError(500, `${error.code}: ${error.message}`, 'InternalServerError');
  return new HttpError(500, `internal error: ${error instanceof Error ? error.message : String(error)}`, 'InternalServerError');
}

function checkModel(ctx: HandlerContext, model: string | undefined): void {
  // vLLM refuses a model it does not serve, in these words.
  if (model !== undefined && model !== ctx.modelId) throw new HttpError(404, `The model \`${model}\` does not exist.`, 'NotFoundError');
}

function finishReasonOf(result: { finishReason: GenerateResult['finishReason'] }): string {
  return result.finishReason === 'length' ? 'length' : 'stop';
}

/** After a stream has started, failures travel as an error event, as vLLM sends them. */
function streamFailure(sse: SseWriter, error: unknown): void {
  const http = httpErrorOf(error);
  sse.event(errorBody(http.status, http.message, http.type));
}

export async function handleChat(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  checkJsonContentType(req);
  const input = readChatRequest(body);
  checkModel(ctx, input.model);
  const { signal } = abortOnDisconnect(res);
  const family = outputFamily(ctx.format);
  const parseCalls = input.tools.length > 0 && input.toolChoice !== 'none';
  const who = wire.newIdentity('chatcmpl', ctx.modelId);
  const generate = (onText?: (chunk: string) => void): Promise<GenerateResult> =>
    ctx.schedule(
      () =>
        ctx.engine.generate({
          format: ctx.format,
          ...(ctx.variant !== undefined ? { variant: ctx.variant } : {}),
          tools: input.tools,
          messages: input.messages,
          sampling: input.sampling,
          grammar: input.grammar,
          signal,
          ...(onText ? { onText } : {}),
        }),
      signal,
    );

  if (!input.stream) {
    const result = await generate();
    if (signal.aborted || result.finishReason === 'cancelled') return;
    const final = parseCalls ? finalToolCalls(result.text, ctx.toolParser, family) : { toolsCalled: false, calls: [], content: result.text };
    const calls = final.calls.map((call, index) => ({ id: wire.toolCallId(index), ...call }));
    sendJson(res, 200, wire.chatCompletion(who, final.content, calls, final.toolsCalled ? 'tool_calls' : finishReasonOf(result), result.timings));
    return;
  }

  const sse = new SseWriter(res);
  const stream = parseCalls ? new ToolCallStream(ctx.toolParser, family) : undefined;
  let opened = false;
  const send = (delta: JsonObject): void => {
    if (!opened) {
      opened = true;
      sse.event(wire.chatChunk(who, wire.roleDelta()));
    }
    sse.event(wire.chatChunk(who, delta));
  };
  try {
    const result = await generate((chunk) => {
      for (const delta of stream ? stream.push(chunk) : [wire.contentDelta(chunk)]) send(delta);
    });
    if (signal.aborted || result.finishReason === 'cancelled') return;
    const end = stream?.finish() ?? { deltas: [], toolsCalled: false };
    for (const delta of end.deltas) send(delta);
    if (!opened) send(wire.contentDelta(''));
    // vLLM's last chunk carries the last token's delta: `{}` inside a call block, else empty content.
    const last = stream?.inToolBlock ? new JsonObject() : wire.contentDelta('');
    sse.event(wire.chatChunk(who, last, end.toolsCalled ? 'tool_calls' : finishReasonOf(result)));
    if (input.includeUsage) sse.event(wire.usageChunk(who, 'chat.completion.chunk', result.timings));
  } catch (error) {
    if (signal.aborted) return;
    streamFailure(sse, error);
  }
  sse.done();
}

export async function handleCompletion(ctx: HandlerContext, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const body = await readBody(req);
  checkJsonContentType(req);
  const input = readCompletionRequest(body);
  checkModel(ctx, input.model);
  const engine = ctx.engine;
  if (!completesPrompts(engine)) throw badRequest('this engine cannot complete a raw prompt; use /v1/chat/completions');
  const { signal } = abortOnDisconnect(res);
  const who = wire.newIdentity('cmpl', ctx.modelId);
  const complete = (onText?: (chunk: string) => void): Promise<PromptCompletion> =>
    ctx.schedule(() => engine.complete({ prompt: input.prompt, sampling: input.sampling, signal, ...(onText ? { onText } : {}) }), signal);

  if (!input.stream) {
    const result = await complete();
    if (signal.aborted || result.finishReason === 'cancelled') return;
    sendJson(res, 200, wire.completion(who, result.text, finishReasonOf(result), result.timings));
    return;
  }
  const sse = new SseWriter(res);
  try {
    const result = await complete((chunk) => {
      if (chunk !== '') sse.event(wire.completionChunk(who, chunk, null));
    });
    if (signal.aborted || result.finishReason === 'cancelled') return;
    sse.event(wire.completionChunk(who, '', finishReasonOf(result)));
    if (input.includeUsage) sse.event(wire.usageChunk(who, 'text_completion', result.timings));
  } catch (error) {
    if (signal.aborted) return;
    streamFailure(sse, error);
  }
  sse.done();
}
