import type { Engine, FinishReason, GenerateTimings, SamplingOptions } from './types';

/**
 * `/v1/completions` hands the engine a finished prompt string, which `Engine.generate` (format +
 * messages) cannot express. An engine that can evaluate a raw prompt says so by having
 * `complete`; without it the server answers `/v1/completions` with a clear 400.
 */
export interface PromptCompletionRequest {
  prompt: string;
  /** `stop` here is the whole stop list: a raw prompt has no format whose stop strings apply. */
  sampling?: SamplingOptions;
  signal?: AbortSignal;
  onText?: (chunk: string) => void;
}

export interface PromptCompletion {
  text: string;
  timings: GenerateTimings;
  finishReason: FinishReason;
}

export interface CompletesPrompts {
  complete(request: PromptCompletionRequest): Promise<PromptCompletion>;
}

export function completesPrompts(engine: Engine): engine is Engine & CompletesPrompts {
  return typeof (engine as Partial<CompletesPrompts>).complete === 'function';
}
