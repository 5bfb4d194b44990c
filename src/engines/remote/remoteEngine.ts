import type { Stream } from 'openai/streaming';
import { EngineError, type Engine, type EngineInfo, type GenerateRequest, type GenerateResult } from '../../core/engine/types';
import { renderRequest } from '../../core/engine/renderRequest';
import { EndpointClient, JSON_HEADERS } from './endpointClient';
import { MalformedResponseError, partialTextOf, toEngineError } from './faults';
import { resolveRemoteOptions, type RemoteEngineOptions, type ResolvedRemoteOptions } from './remoteOptions';
import { cancelledResult, remoteResult } from './remoteResult';
import type { RequestGuard } from './requestGuard';
import { chatRequestBody, completionRequestBody } from './requestBodies';
import { preview, readChatCompletion, readCompletion, readModelList, StreamAccumulator, type WireOutcome } from './responseReader';
import { withRetries } from './retry';

/** One attempt's progress, kept outside the attempt so a failure can report the partial text. */
interface Progress {
  text: string;
  firstTextAt: number | undefined;
  /** The stream read so far (its text events count the tokens of a run cut short). */
  outcome?: WireOutcome;
}

/**
 * An OpenAI-compatible endpoint as an Engine, through the openai npm client. See RemoteEngineOptions
 * for chat vs raw mode, timeouts and retries; every failure is an EngineError (faults.ts).
 */
export class RemoteEngine implements Engine {
  private readonly options: ResolvedRemoteOptions;
  private readonly client: EndpointClient;
  private model: string | undefined;
  private disposed = false;
  // Disposing aborts what is still running instead of leaving sockets open.
  private readonly running = new Set<AbortController>();

  constructor(options: RemoteEngineOptions) {
    this.options = resolveRemoteOptions(options);
    this.client = new EndpointClient(this.options.baseURL, this.options.apiKey);
    this.model = this.options.model;
  }

  info(): EngineInfo {
    return { kind: 'remote', model: this.model ?? '(first model the endpoint lists)', backend: this.options.baseURL, parallel: this.options.parallel };
  }

  /** Model ids from `/v1/models`. */
  listModels(signal?: AbortSignal): Promise<string[]> {
    const url = `${this.options.baseURL}/models`;
    return withRetries(
      this.options,
      signal,
      async (guard) => {
        guard.arm('connect', this.options.connectTimeoutMs);
        return readModelList(await this.client.get<unknown>('/models', { signal: guard.signal, maxRetries: 0 }));
      },
      (error, guard) => toEngineError(error, { url, guard, partialText: '' }),
    );
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    if (this.disposed) throw new EngineError('disposed', 'the endpoint connection was closed; connect again');
    const started = performance.now();
    const own = new AbortController();
    this.running.add(own);
    const signal = request.signal ? AbortSignal.any([request.signal, own.signal]) : own.signal;
    let progress: Progress = { text: '', firstTextAt: undefined };
    try {
      const model = this.model ?? (await this.firstModel(signal));
      const { mode, stream } = this.options;
      const path = mode === 'raw' ? '/completions' : '/chat/completions';
      const body =
        mode === 'raw'
          ? completionRequestBody(request, renderRequest(request), model, stream, this.options.defaultMaxTokens)
          : chatRequestBody(request, model, stream);
      const url = `${this.options.baseURL}${path}`;
      const outcome = await withRetries(
        this.options,
        signal,
        (guard) => {
          progress = { text: '', firstTextAt: undefined };
          return stream ? this.streamOnce(guard, path, body, mode === 'raw' ? 'completion' : 'chat', progress, request.onText) : this.wholeOnce(guard, path, body, mode);
        },
        (error, guard) => toEngineError(error, { url, guard, partialText: progress.text }),
      );
      const ended = performance.now();
      return remoteResult(outcome, request, mode, { started, firstTextAt: stream ? progress.firstTextAt : ended, ended, whole: !stream });
    } catch (error) {
      if (this.disposed && error instanceof EngineError && error.code === 'cancelled') {
        throw new EngineError('disposed', 'the endpoint connection was closed while a request was running', error.details);
      }
      // Like the local engine, a run the caller cancelled resolves with what it had so far.
      if (error instanceof EngineError && error.code === 'cancelled' && request.signal?.aborted) {
        const clock = { started, firstTextAt: progress.firstTextAt, ended: performance.now(), whole: false };
        return cancelledResult(partialTextOf(error), request, clock, progress.outcome);
      }
      throw error;
    } finally {
      this.running.delete(own);
    }
  }

  dispose(): Promise<void> {
    this.disposed = true;
    for (const controller of this.running) controller.abort();
    return Promise.resolve();
  }

  private async firstModel(signal: AbortSignal): Promise<string> {
    const [first] = await this.listModels(signal);
    if (first === undefined) throw new EngineError('malformed-response', `${this.options.baseURL}/models lists no model; pass a model id`);
    this.model = first;
    return first;
  }

  private async wholeOnce(guard: RequestGuard, path: string, body: string, mode: 'chat' | 'raw'): Promise<WireOutcome> {
    // Without streaming the server is silent until it has finished: one idle window for it all.
    guard.arm('idle', this.options.idleTimeoutMs);
    const response = await this.client.post<unknown>(path, { body, headers: JSON_HEADERS, signal: guard.signal, maxRetries: 0 });
    return mode === 'raw' ? readCompletion(response) : readChatCompletion(response);
  }

  private async streamOnce(guard: RequestGuard, path: string, body: string, kind: 'chat' | 'completion', progress: Progress, onText: ((chunk: string) => void) | undefined): Promise<WireOutcome> {
    guard.arm('connect', this.options.connectTimeoutMs);
    const { data, response } = await this.client
      .post<Stream<unknown>>(path, { body, headers: JSON_HEADERS, stream: true, signal: guard.signal, maxRetries: 0 })
      .withResponse();
    const type = response.headers.get('content-type') ?? '';
    if (!type.includes('text/event-stream')) {
      const text = await response.text().catch(() => '');
      throw new MalformedResponseError(`expected an SSE stream (text/event-stream), got ${type || 'no content type'}: ${preview(text)}`);
    }
    const accumulator = new StreamAccumulator(kind);
    progress.outcome = accumulator.outcome;
    guard.arm('idle', this.options.idleTimeoutMs);
    for await (const event of data) {
      // Events already buffered must not reach onText after a cancel.
      if (guard.signal.aborted) break;
      guard.arm('idle', this.options.idleTimeoutMs);
      const calls = accumulator.outcome.toolCalls.length;
      const text = accumulator.add(event);
      progress.text = accumulator.outcome.text;
      if (text !== '' || accumulator.outcome.toolCalls.length > calls) progress.firstTextAt ??= performance.now();
      if (text !== '') onText?.(text);
    }
    // The client ends an aborted stream quietly; the guard knows whether it was a cancel or a timeout.
    if (guard.cancelled || guard.timedOut) throw new Error('aborted');
    const outcome = accumulator.outcome;
    if (outcome.finishReason === undefined) {
      if (outcome.events === 0) throw new MalformedResponseError('the stream ended without a single completion event');
      const cause = { partialText: outcome.text, error: undefined };
      throw new EngineError('connection-dropped', `the stream from ${this.options.baseURL}${path} ended before the server said it had finished (no finish_reason); ${outcome.text.length} characters kept`, { cause });
    }
    return outcome;
  }
}

export function createRemoteEngine(options: RemoteEngineOptions): RemoteEngine {
  return new RemoteEngine(options);
}
