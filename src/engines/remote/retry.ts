import { APIError } from 'openai';
import { EngineError } from '../../core/engine/types';
import { RequestGuard, sleep } from './requestGuard';

export interface RetryPolicy {
  maxRetries: number;
  retryBaseMs: number;
  maxRetryDelayMs: number;
}

/** Only overload answers are worth repeating: 429 and 5xx. Other 4xx would fail the same way again. */
export function isRetryable(error: unknown): error is APIError {
  return error instanceof APIError && typeof error.status === 'number' && (error.status === 429 || error.status >= 500);
}

/** Retry-After as milliseconds: `retry-after-ms`, then `retry-after` in seconds or as an HTTP date. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | undefined {
  const ms = Number.parseFloat(headers?.get('retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const value = headers?.get('retry-after');
  if (value === undefined || value === null || value.trim() === '') return undefined;
  const seconds = Number(value.trim());
  if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Exponential backoff with "equal jitter": half fixed, half random, so retries never bunch at 0. */
export function backoffMs(retry: number, policy: RetryPolicy, random = Math.random): number {
  const step = Math.min(policy.maxRetryDelayMs, policy.retryBaseMs * 2 ** retry);
  return step / 2 + random() * (step / 2);
}

/**
 * Runs `attempt` with a fresh RequestGuard per try, retrying 429/5xx up to `maxRetries` times.
 * `fail` turns any error into the EngineError the caller sees. A Retry-After longer than
 * `maxRetryDelayMs` is honoured by giving up at once rather than by asking again too early.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  attempt: (guard: RequestGuard) => Promise<T>,
  fail: (error: unknown, guard: RequestGuard) => EngineError,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    const guard = new RequestGuard(signal);
    try {
      return await attempt(guard);
    } catch (error) {
      const failure = fail(error, guard);
      if (!isRetryable(error) || failure.code !== 'endpoint-http' || retry >= policy.maxRetries) {
        throw retry > 0 ? new EngineError(failure.code, `${failure.message} (after ${retry} ${retry === 1 ? 'retry' : 'retries'})`, failure.details) : failure;
      }
      const asked = retryAfterMs(error.headers);
      if (asked !== undefined && asked > policy.maxRetryDelayMs) {
        throw new EngineError(failure.code, `${failure.message}; the server asks to retry after ${Math.ceil(asked / 1000)} s`, failure.details);
      }
      try {
        await sleep(asked ?? backoffMs(retry, policy), signal);
      } catch {
        throw new EngineError('cancelled', 'cancelled while waiting to retry', { cause: { partialText: '', error } });
      }
    } finally {
      guard.dispose();
    }
  }
}
