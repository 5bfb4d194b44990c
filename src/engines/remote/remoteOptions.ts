import { DEFAULT_MAX_TOKENS } from '../../core/engine/types';

/** How a remote endpoint is asked: the server's chat template, or our exact prompt. */
export type RemoteMode = 'chat' | 'raw';

/**
 * Where and how to reach an OpenAI-compatible endpoint (vLLM, llama.cpp server, Ollama, our own
 * `xlam-lab serve`).
 *
 * The API key is always handed in by the caller: the extension reads it from SecretStorage, the
 * CLI from the environment (`XLAM_API_KEY`, then `OPENAI_API_KEY`). It is never read from
 * settings, which sync and sit in plain text in the workspace.
 */
export interface RemoteEngineOptions {
  /** Base URL including the API prefix, e.g. `http://127.0.0.1:8000/v1`. */
  baseURL: string;
  apiKey?: string;
  /** Model id; default: the first id `/v1/models` lists. */
  model?: string;
  /**
   * `chat` (default): `/v1/chat/completions` with messages and tools; the server applies its chat
   * template and tool parser. `raw`: `/v1/completions` with our rendered prompt and stop strings,
   * the text parsed by our parser: how to test the exact prompt against a server.
   */
  mode?: RemoteMode;
  /** Stream with SSE (default true). */
  stream?: boolean;
  /** Milliseconds to wait for response headers on streaming requests and model listing. */
  connectTimeoutMs?: number;
  /**
   * Milliseconds the server may stay silent: between SSE events when streaming, and for the whole
   * answer otherwise (a non-streaming server sends nothing until it has finished).
   */
  idleTimeoutMs?: number;
  /** Retries after HTTP 429 and 5xx (never after other 4xx, never once text has arrived). */
  maxRetries?: number;
  /** First backoff step; each retry doubles it, with jitter. */
  retryBaseMs?: number;
  /** Longest wait before a retry; a Retry-After beyond it fails at once instead of waiting. */
  maxRetryDelayMs?: number;
  /** Default `max_tokens` for raw mode, whose server-side default (16 on vLLM) is too short. */
  defaultMaxTokens?: number;
  /**
   * Requests worth keeping in flight at once (EngineInfo.parallel, a suite's default width). A
   * batching server (vLLM) answers 8 about as fast as one; a larger deployment takes more.
   */
  parallel?: number;
}

export type ResolvedRemoteOptions = Required<Omit<RemoteEngineOptions, 'apiKey' | 'model'>> & Pick<RemoteEngineOptions, 'apiKey' | 'model'>;

export const REMOTE_DEFAULTS = {
  mode: 'chat',
  stream: true,
  connectTimeoutMs: 10_000,
  idleTimeoutMs: 120_000,
  maxRetries: 2,
  retryBaseMs: 500,
  maxRetryDelayMs: 30_000,
  defaultMaxTokens: DEFAULT_MAX_TOKENS,
  parallel: 8,
} as const satisfies Partial<RemoteEngineOptions>;

export function resolveRemoteOptions(options: RemoteEngineOptions): ResolvedRemoteOptions {
  const baseURL = options.baseURL.replace(/\/+$/, '');
  if (!/^https?:\/\/[^/]/i.test(baseURL)) throw new TypeError(`endpoint URL must start with http:// or https:// (got "${options.baseURL}")`);
  // Undefined means "default", so it must not overwrite a default when spread.
  const given = Object.fromEntries(Object.entries(options).filter(([, value]) => value !== undefined)) as Partial<RemoteEngineOptions>;
  return { ...REMOTE_DEFAULTS, ...given, baseURL };
}

/** The CLI's key: `XLAM_API_KEY`, else `OPENAI_API_KEY`, else none (local servers need none). */
export function apiKeyFromEnv(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const key = env.XLAM_API_KEY || env.OPENAI_API_KEY;
  return key === undefined || key === '' ? undefined : key;
}
