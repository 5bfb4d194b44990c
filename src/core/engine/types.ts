import type { FormatId } from '../formats/types';
import { userMessage, type ChatMessage } from '../messages';
import type { ParsedCall, ParseError } from '../parse/types';
import type { Tool } from '../tools/tool';
import type { RunConfidence } from '../confidence/types';
import type { ToolsGrammar, ToolsGrammarOptions } from '../grammar/toolsGrammar';

/** Sampling settings shared by the local and the remote engine. */
export interface SamplingOptions {
  temperature?: number;
  topP?: number;
  maxTokens?: number;
  seed?: number;
  /** Extra stop strings; the format's own stop strings always apply. */
  stop?: readonly string[];
}

/** Constrain output to a valid call list of the format's shape ("tools"), or not at all. */
export type GrammarMode = 'tools' | 'none';

/** Everything a run takes besides its conversation. */
export interface GenerateRequestCommon {
  format: FormatId;
  variant?: string;
  tools: readonly Tool[];
  sampling?: SamplingOptions;
  grammar?: GrammarMode;
  /**
   * With the tools grammar: bounds on string length, call count and array items. Bounds not given
   * are fitted to `sampling.maxTokens`, so even a model that fills every slot closes its JSON.
   */
  grammarLimits?: Omit<ToolsGrammarOptions, 'budgetChars'>;
  signal?: AbortSignal;
  /**
   * Measure how sure the model was of each call's function name (`GenerateResult.confidence`):
   * local runs read token probabilities, remote ones ask the server for logprobs. Costs speed.
   */
  confidence?: boolean;
  /** Called with each new piece of text as it is generated. */
  onText?: (chunk: string) => void;
}

/** One run: a conversation (`messages`), or a single user `query`. */
export type GenerateRequest = GenerateRequestCommon & ({ messages: readonly ChatMessage[]; query?: undefined } | { query: string; messages?: undefined });

/** The conversation a request stands for: its messages, or its query as one user message. */
export function requestMessages(request: GenerateRequest): readonly ChatMessage[] {
  return request.messages ?? [userMessage(request.query)];
}

export interface GenerateTimings {
  /** Set on the run that loaded the model. */
  loadMs?: number;
  promptTokens: number;
  /** Prompt tokens reused from the previous run's context (prefix reuse). */
  cachedPromptTokens: number;
  /** Milliseconds from the start of the request to the first generated text. */
  ttftMs: number;
  /** Generated tokens per second, measured over decoding only. */
  tokensPerSecond: number;
  completionTokens: number;
}

export type FinishReason = 'stop' | 'length' | 'cancelled';

/** Most tokens a run generates when the request does not say (the extension's default too). */
export const DEFAULT_MAX_TOKENS = 1024;

/** What the tools grammar of a local run allowed: its bounds and the keywords it did not enforce. */
export type GrammarReport = Pick<ToolsGrammar, 'limits' | 'maxOutputChars' | 'dropped' | 'fitsBudget'> & {
  /** Characters the bounds were fitted to: max tokens over `tokensPerChar`. */
  budgetChars: number;
  /** Tokens one character may cost in this model's vocabulary (4 when it spells text byte by byte). */
  tokensPerChar: number;
};

export interface GenerateResult {
  /** The raw generated text. */
  text: string;
  /** Calls as the format's parser reads `text`. */
  calls: ParsedCall[];
  content: string;
  thought?: string;
  parseError?: ParseError;
  timings: GenerateTimings;
  finishReason: FinishReason;
  /** Local runs with the tools grammar. */
  grammar?: GrammarReport;
  /** Requests with `confidence`: each call's name probability, or why there is none. */
  confidence?: RunConfidence;
}

export interface EngineInfo {
  kind: 'local' | 'remote';
  /** A model file name or the endpoint's model id. */
  model: string;
  /** "cpu", "cuda", "vulkan", "metal", or the endpoint's base URL. */
  backend: string;
  /**
   * Runs worth keeping in flight at once: the local engine's context sequences, or what an endpoint
   * serves side by side. Absent: 1 (runs would only queue). Suites use it as their default width.
   */
  parallel?: number;
}

/**
 * A loaded model or a connected endpoint. Disposing frees native memory and sockets.
 * A run whose `signal` the caller aborts resolves with `finishReason: 'cancelled'` and the text so
 * far; every other failure rejects with an EngineError.
 */
export interface Engine {
  info(): EngineInfo;
  generate(request: GenerateRequest): Promise<GenerateResult>;
  dispose(): Promise<void>;
}

export type EngineErrorCode =
  | 'model-not-found'
  | 'model-corrupt'
  | 'unsupported-model'
  | 'out-of-memory'
  | 'offline'
  | 'download-failed'
  | 'endpoint-refused'
  | 'endpoint-http'
  | 'endpoint-timeout'
  | 'malformed-response'
  | 'connection-dropped'
  | 'cancelled'
  | 'disposed'
  /** An engine named by workspace content (a playground file) in an untrusted workspace: not used. */
  | 'untrusted'
  /** The engine refused the grammar compiled from the request's tools: bad input, not a fault. */
  | 'grammar-rejected';

/** Every engine failure the user can cause or meet, with a message that says what to do. */
export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
    readonly details?: { status?: number; cause?: unknown },
  ) {
    super(message);
    this.name = 'EngineError';
  }
}
