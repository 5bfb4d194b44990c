import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { EngineError } from '../../core/engine/types';
import type { RequestGuard } from './requestGuard';

/** A response we cannot read: not JSON, not SSE, or JSON without the fields the API promises. */
export class MalformedResponseError extends Error {
  override name = 'MalformedResponseError';
}

/**
 * What `EngineError.details.cause` holds for a remote fault: the text generated before it went
 * wrong (a dropped stream, a cancel) and the underlying error.
 */
export interface RemoteFaultCause {
  partialText: string;
  error: unknown;
}

/** The text a remote run had produced before it failed or was cancelled ('' when none). */
export function partialTextOf(error: EngineError): string {
  const cause = error.details?.cause as Partial<RemoteFaultCause> | undefined;
  return typeof cause?.partialText === 'string' ? cause.partialText : '';
}

export interface FaultContext {
  /** The URL the request went to, named in every message. */
  url: string;
  guard: RequestGuard;
  partialText: string;
}

/** Error codes of Node and undici, anywhere along the `cause` chain. */
function causeCodes(error: unknown): string[] {
  const codes: string[] = [];
  for (let e: unknown = error, depth = 0; e !== null && typeof e === 'object' && depth < 6; depth++) {
    const { code, cause, errors } = e as { code?: unknown; cause?: unknown; errors?: unknown };
    if (typeof code === 'string') codes.push(code);
    // Node's happy-eyeballs connect reports one AggregateError for all addresses tried.
    if (Array.isArray(errors)) for (const inner of errors) codes.push(...causeCodes(inner));
    e = cause;
  }
  return codes;
}

const DROPPED = ['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED'];

function clip(text: string, max = 300): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
}

/** The server's own words: OpenAI `{"error":{"message"}}`, older vLLM `{"message"}`, or raw text. */
export function serverMessage(error: { error: unknown; message: string }): string {
  const body = error.error;
  const message = typeof body === 'object' && body !== null ? (body as { message?: unknown }).message : undefined;
  if (typeof message === 'string' && message !== '') return clip(message);
  return clip(error.message.replace(/^\d{3}\s*/, '')) || 'no error message';
}

/**
 * Every failure of a remote request as a typed EngineError. The caller's cancel and our own
 * timeouts win over whatever error the abort surfaced as, since the abort caused it.
 */
export function toEngineError(error: unknown, ctx: FaultContext): EngineError {
  if (error instanceof EngineError) return error;
  const cause: RemoteFaultCause = { partialText: ctx.partialText, error };
  const { url, guard } = ctx;
  if (guard.cancelled) return new EngineError('cancelled', `request to ${url} cancelled`, { cause });
  const timeout = guard.timedOut;
  if (timeout) {
    const what = timeout.phase === 'connect' ? 'did not answer' : 'sent nothing';
    return new EngineError('endpoint-timeout', `${url} ${what} within ${timeout.ms} ms (${timeout.phase} timeout); is the server overloaded or stuck?`, { cause });
  }
  if (error instanceof APIConnectionTimeoutError) return new EngineError('endpoint-timeout', `${url} timed out`, { cause });
  if (error instanceof APIError && typeof error.status === 'number') {
    return new EngineError('endpoint-http', `${url} answered HTTP ${error.status}: ${serverMessage(error)}`, { status: error.status, cause });
  }
  if (error instanceof APIConnectionError) {
    const codes = causeCodes(error);
    if (codes.includes('ECONNREFUSED')) {
      return new EngineError('endpoint-refused', `connection refused by ${url}: is the server running and is the port right?`, { cause });
    }
    if (codes.includes('ENOTFOUND') || codes.includes('EAI_AGAIN')) {
      return new EngineError('endpoint-refused', `cannot resolve the host of ${url}: check the URL or the network`, { cause });
    }
    if (codes.includes('UND_ERR_CONNECT_TIMEOUT')) return new EngineError('endpoint-timeout', `connecting to ${url} timed out`, { cause });
    if (codes.some((code) => DROPPED.includes(code))) {
      return new EngineError('connection-dropped', `${url} closed the connection before answering`, { cause });
    }
    const reason = error.cause instanceof Error ? error.cause.message : error.message;
    return new EngineError('endpoint-refused', `cannot connect to ${url}: ${reason}`, { cause });
  }
  if (error instanceof APIError) {
    // Status-less APIError: an `{"error": …}` event in the middle of a stream.
    return new EngineError('endpoint-http', `${url} reported an error mid-stream: ${serverMessage(error)}`, { cause });
  }
  if (error instanceof SyntaxError) {
    return new EngineError('malformed-response', `${url} sent data that is not JSON (${clip(error.message, 120)})`, { cause });
  }
  if (error instanceof MalformedResponseError) return new EngineError('malformed-response', `${url}: ${error.message}`, { cause });
  const codes = causeCodes(error);
  if ((error instanceof TypeError && error.message === 'terminated') || codes.some((code) => DROPPED.includes(code))) {
    const kept = ctx.partialText.length > 0 ? ` after ${ctx.partialText.length} characters (kept)` : '';
    return new EngineError('connection-dropped', `${url} dropped the connection mid-response${kept}`, { cause });
  }
  return new EngineError('malformed-response', `${url}: unexpected failure reading the response: ${error instanceof Error ? error.message : String(error)}`, { cause });
}
