/**
 * ScriptedEngine: a STAND-IN Engine for the server and remote-engine tests, used until those tests
 * run on the real local engine with the tiny test GGUF (issue 4; the lead switches them over). It
 * does not run a model: it plays a scripted reply back in chunks, on a timer, through the same
 * contract a real engine has (onText chunks, AbortSignal, timings, parsed calls), and records what
 * it was asked so tests can check what reached "the model".
 */
import { EngineError, type Engine, type EngineInfo, type GenerateRequest, type GenerateResult, type GenerateTimings } from '../../src/core/engine/types';
import { outputFamily } from '../../src/core/formats/types';
import { parseOutput } from '../../src/core/parse/parseOutput';
import type { CompletesPrompts, PromptCompletion, PromptCompletionRequest } from '../../src/core/engine/promptCompletion';

export interface ScriptedEngineOptions {
  /** The reply to a chat request (default: a fixed sentence). */
  reply?: (request: GenerateRequest) => string;
  /** The reply to a raw prompt (default: the chat default). */
  completion?: (request: PromptCompletionRequest) => string;
  /** Characters per onText chunk (default 4, about a token). */
  chunkSize?: number;
  /** Delay before each chunk (default 2 ms); a long reply with a delay is a slow model. */
  chunkDelayMs?: number;
  /** Throw when two generations overlap, as a single-sequence engine would corrupt its context. */
  singleSequence?: boolean;
  /** Reported as cached prompt tokens, to check that usage details travel. */
  cachedPromptTokens?: number;
  /** Omit `complete`, like an engine that cannot evaluate a raw prompt. */
  noRawPrompts?: boolean;
}

const DEFAULT_REPLY = 'I can answer that without a tool.';

export class ScriptedEngine implements Engine {
  readonly requests: GenerateRequest[] = [];
  readonly prompts: PromptCompletionRequest[] = [];
  /** Generations stopped by their signal. */
  aborted = 0;
  completed = 0;
  running = 0;
  maxRunning = 0;
  complete: CompletesPrompts['complete'] | undefined;

  constructor(private readonly options: ScriptedEngineOptions = {}) {
    if (!options.noRawPrompts) {
      this.complete = (request: PromptCompletionRequest): Promise<PromptCompletion> => {
        this.prompts.push(request);
        const text = (this.options.completion ?? ((): string => DEFAULT_REPLY))(request);
        return this.play(text, request.prompt.length, request.signal, request.onText);
      };
    }
  }

  info(): EngineInfo {
    return { kind: 'local', model: 'scripted', backend: 'cpu' };
  }

  async generate(request: GenerateRequest): Promise<GenerateResult> {
    this.requests.push(request);
    const text = (this.options.reply ?? ((): string => DEFAULT_REPLY))(request);
    const played = await this.play(text, 100, request.signal, request.onText);
    const parsed = parseOutput(played.text, outputFamily(request.format));
    return {
      text: played.text,
      calls: parsed.calls,
      content: parsed.content,
      ...(parsed.error ? { parseError: parsed.error } : {}),
      timings: played.timings,
      finishReason: played.finishReason,
    };
  }

  dispose(): Promise<void> {
    return Promise.resolve();
  }

  /** Resolves once `aborted` reaches `count`, or rejects after `timeoutMs`. */
  async waitForAborts(count: number, timeoutMs = 2000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (this.aborted < count) {
      if (Date.now() > until) throw new Error(`expected ${count} aborted generations, saw ${this.aborted}`);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  private async play(text: string, promptChars: number, signal: AbortSignal | undefined, onText: ((chunk: string) => void) | undefined): Promise<PromptCompletion> {
    if (this.options.singleSequence && this.running > 0) throw new EngineError('out-of-memory', 'ScriptedEngine: overlapping generations on a single sequence');
    this.running++;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    const started = performance.now();
    let firstAt: number | undefined;
    let out = '';
    let chunks = 0;
    const size = this.options.chunkSize ?? 4;
    try {
      for (let at = 0; at < text.length; at += size) {
        await delay(this.options.chunkDelayMs ?? 2, signal);
        if (signal?.aborted) {
          this.aborted++;
          return { text: out, finishReason: 'cancelled', timings: this.timings(promptChars, chunks, started, firstAt) };
        }
        const chunk = text.slice(at, at + size);
        firstAt ??= performance.now();
        out += chunk;
        chunks++;
        onText?.(chunk);
      }
      this.completed++;
      return { text: out, finishReason: 'stop', timings: this.timings(promptChars, chunks, started, firstAt) };
    } finally {
      this.running--;
    }
  }

  private timings(promptChars: number, chunks: number, started: number, firstAt: number | undefined): GenerateTimings {
    const ended = performance.now();
    return {
      promptTokens: Math.ceil(promptChars / 4),
      cachedPromptTokens: this.options.cachedPromptTokens ?? 0,
      ttftMs: Math.round((firstAt ?? ended) - started),
      tokensPerSecond: firstAt !== undefined && ended > firstAt ? ((chunks - 1) * 1000) / (ended - firstAt) : 0,
      completionTokens: chunks,
    };
  }
}

/** A timer that ends early when the signal fires, so a cancel is seen within one tick. */
function delay(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
