/**
 * Resolves what the user gave as a model into a local GGUF path: a file path as is; an `hf:` URI
 * or an http(s) URL through node-llama-cpp's resolver/downloader (`resolveModelFile`) into a
 * directory of ours (the extension's global storage), with progress and cancel.
 *
 * node-llama-cpp's downloader retries an unreachable URL for minutes and ignores the abort signal
 * until its first request has answered (measured: still waiting 55 s after abort). So a URL is
 * first checked with one bounded HEAD request, and the whole resolution runs under a watchdog
 * that gives up when no progress arrives for a while: offline is an error in seconds, not a hang.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { EngineError } from '../../core/engine/types';
import { nodeLlamaCpp } from './nodeLlamaCpp';

export type ModelRefKind = 'file' | 'hf' | 'url';

export interface ResolveProgress {
  downloadedBytes: number;
  /** 0 until the server has said how big the file is. */
  totalBytes: number;
}

export interface ResolveModelOptions {
  /** Where downloads go and cached downloads are found (created when missing). */
  directory: string;
  signal?: AbortSignal;
  onProgress?: (progress: ResolveProgress) => void;
  /** Milliseconds to reach the server and get an answer (default 15 s). */
  connectTimeoutMs?: number;
  /** Milliseconds without download progress before giving up (default 60 s). */
  stallTimeoutMs?: number;
}

export interface ResolvedModel {
  path: string;
  kind: ModelRefKind;
  /** False for a file path and for a download found in the directory. */
  downloaded: boolean;
}

const OFFLINE_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'ECONNREFUSED', 'ENETUNREACH', 'EHOSTUNREACH', 'ETIMEDOUT', 'ECONNRESET', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_SOCKET']);

/** `hf:`/`huggingface:` URIs, http(s) URLs, and everything else as a file path. */
export function modelRefKind(ref: string): ModelRefKind {
  if (/^(hf|huggingface):/i.test(ref)) return 'hf';
  if (/^https?:\/\//i.test(ref)) return 'url';
  return 'file';
}

export async function resolveModel(ref: string, options: ResolveModelOptions): Promise<ResolvedModel> {
  const kind = modelRefKind(ref);
  if (kind === 'file') return { path: ref, kind, downloaded: false };
  const { signal } = options;
  if (signal?.aborted) throw cancelled(ref);
  const where = kind === 'hf' ? 'Hugging Face' : hostOf(ref);
  const fileName = kind === 'url' ? urlFileName(ref) : undefined;
  if (fileName !== undefined && existsSync(join(options.directory, fileName))) {
    // Already downloaded: no network at all, so a cached model opens offline.
    return { path: join(options.directory, fileName), kind, downloaded: false };
  }
  mkdirSync(options.directory, { recursive: true });
  if (kind === 'url') await preflight(ref, where, options);
  const { resolveModelFile } = await nodeLlamaCpp();
  const stallMs = options.stallTimeoutMs ?? 60_000;
  const connectMs = options.connectTimeoutMs ?? 15_000;
  const inner = new AbortController();
  let downloaded = false;

  return new Promise<ResolvedModel>((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    let settled = false;
    const finish = (outcome: { path: string } | EngineError): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      if (outcome instanceof EngineError) {
        inner.abort(outcome);
        reject(outcome);
      } else {
        resolve({ path: outcome.path, kind, downloaded });
      }
    };
    const arm = (ms: number): void => {
      clearTimeout(timer);
      if (settled) return;
      timer = setTimeout(() => {
        finish(
          downloaded
            ? new EngineError('download-failed', `the download of ${ref} stalled: no data from ${where} for ${seconds(ms)} s; try again later`)
            : new EngineError('offline', `could not reach ${where} within ${seconds(ms)} s to get ${ref}: check the network connection (or use a local model file)`),
        );
      }, ms);
    };
    const onAbort = (): void => finish(cancelled(ref));
    signal?.addEventListener('abort', onAbort, { once: true });
    arm(connectMs);
    resolveModelFile(ref, {
      directory: options.directory,
      cli: false,
      signal: inner.signal,
      ...(fileName !== undefined ? { fileName } : {}),
      onProgress: ({ totalSize, downloadedSize }) => {
        if (settled) return;
        downloaded = true;
        arm(stallMs);
        options.onProgress?.({ downloadedBytes: downloadedSize, totalBytes: totalSize });
      },
    }).then(
      (path) => finish({ path }),
      (error: unknown) => finish(signal?.aborted ? cancelled(ref) : classify(error, ref, where)),
    );
  });
}

/** One bounded HEAD request: an unreachable host fails here, fast and clearly. */
async function preflight(url: string, where: string, options: ResolveModelOptions): Promise<void> {
  const ms = options.connectTimeoutMs ?? 15_000;
  const timeout = AbortSignal.timeout(ms);
  const signal = options.signal ? AbortSignal.any([options.signal, timeout]) : timeout;
  let response: Response;
  try {
    response = await fetch(url, { method: 'HEAD', redirect: 'follow', signal });
  } catch (error) {
    if (options.signal?.aborted) throw cancelled(url);
    if (timeout.aborted) throw new EngineError('offline', `could not reach ${where} within ${seconds(ms)} s to get ${url}: check the network connection (or use a local model file)`, { cause: error });
    throw classify(error, url, where);
  }
  // Some servers refuse HEAD (405/501) yet serve GET: only a clear "no" stops here.
  if ([401, 403, 404, 410].includes(response.status)) {
    const why = response.status === 404 || response.status === 410 ? 'no such file there' : 'access denied (the model may need a token or a licence acceptance)';
    throw new EngineError('download-failed', `cannot download ${url}: HTTP ${response.status} from ${where}, ${why}`, { status: response.status });
  }
}

function classify(error: unknown, ref: string, where: string): EngineError {
  if (error instanceof EngineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  const codes = errorCodes(error);
  if (codes.some((code) => OFFLINE_CODES.has(code)) || /fetch failed|getaddrinfo|socket hang up|network/i.test(message)) {
    const why = codes.find((code) => OFFLINE_CODES.has(code));
    return new EngineError('offline', `cannot reach ${where} to get ${ref}${why !== undefined ? ` (${why})` : ''}: check the network connection (or use a local model file)`, { cause: error });
  }
  return new EngineError('download-failed', `cannot download ${ref}: ${message}`, { cause: error });
}

/** Error codes along the cause chain (fetch wraps the socket's error). */
function errorCodes(error: unknown): string[] {
  const codes: string[] = [];
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') codes.push(code);
    current = (current as { cause?: unknown }).cause;
  }
  return codes;
}

function cancelled(ref: string): EngineError {
  return new EngineError('cancelled', `getting ${ref} was cancelled`);
}

function seconds(ms: number): string {
  return String(Math.round(ms / 100) / 10);
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/** The file a URL names, when it plainly names a GGUF: the cache key for a URL download. */
export function urlFileName(url: string): string | undefined {
  let last: string;
  try {
    last = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? '');
  } catch {
    return undefined;
  }
  // Split parts (model-00001-of-00003.gguf) are node-llama-cpp's to name and join.
  if (/-\d{5}-of-\d{5}\.gguf$/i.test(last)) return undefined;
  return /^[\w.+-]+\.gguf$/i.test(last) && !last.startsWith('.') ? last : undefined;
}
