import { OpenAI, type APIError } from 'openai';

/**
 * The openai client, set up for arbitrary OpenAI-compatible servers:
 * - no retries of its own (ours retry only 429/5xx and never on connection refused, see retry.ts);
 * - no timeout of its own (RequestGuard times connect and idle separately; the client's timeout
 *   stops at response headers and would not notice a stream that goes quiet);
 * - nothing taken from the environment (OPENAI_ORG_ID, OPENAI_PROJECT_ID would otherwise be sent
 *   to whatever server the user points at), no Authorization header without a key;
 * - quiet: its logger writes to the console, which the extension must not do.
 */
export class EndpointClient extends OpenAI {
  constructor(baseURL: string, apiKey: string | undefined) {
    super({
      baseURL,
      apiKey: apiKey ?? 'none',
      organization: null,
      project: null,
      maxRetries: 0,
      timeout: 24 * 60 * 60 * 1000,
      logLevel: 'off',
      ...(apiKey === undefined ? { defaultHeaders: { Authorization: null } } : {}),
    });
  }

  /**
   * Older vLLM (and some other servers) answer errors as `{"object":"error","message":…}` without
   * the `{"error":{…}}` wrapper the client reads the message from; wrap it so the message survives.
   */
  protected override makeStatusError(status: number, error: object, message: string | undefined, headers: Headers): APIError {
    const body = error as Record<string, unknown> | undefined;
    const wrapped = body && typeof body === 'object' && !('error' in body) && typeof body.message === 'string' ? { error: body } : error;
    return super.makeStatusError(status, wrapped, message, headers);
  }
}

export const JSON_HEADERS = { 'content-type': 'application/json' } as const;
