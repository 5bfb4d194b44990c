/**
 * A scripted OpenAI-compatible `/v1/chat/completions` on 127.0.0.1 that answers with tool calls the
 * way vLLM's `xlam` parser does (SSE deltas when the request streams, one JSON body otherwise), and
 * counts from the server's side what a client did: requests in flight, the most at once, and
 * connections the client closed before its answer was sent. Each answer is the script's to time.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface StubCall {
  name: string;
  arguments: Record<string, unknown>;
}

/** One generated token's logprob and the alternatives there, as OpenAI's chat `logprobs.content` has them. */
export interface StubLogprob {
  token: string;
  logprob: number;
  top_logprobs: { token: string; logprob: number }[];
}

/**
 * Calls to answer with (and the tokens' logprobs, sent when the request asks for them); an HTTP
 * error; or no answer at all until the client gives up.
 */
export type StubAnswer = { calls: StubCall[]; logprobs?: StubLogprob[] } | { status: number; body: string; headers?: Record<string, string> } | 'hold';

export interface StubRequest {
  /** The last message's text content. */
  query: string;
  /** Arrival order, from 0. */
  index: number;
  /** performance.now() when the request arrived. */
  arrivedAt: number;
  /** performance.now() when its answer was sent; undefined while held. */
  answeredAt?: number;
  /** The client closed the connection before the answer was sent. */
  closedEarly: boolean;
  /** The request body as parsed. */
  body: Record<string, unknown>;
}

export interface ChatStub {
  baseURL: string;
  readonly requests: readonly StubRequest[];
  readonly inFlight: number;
  readonly maxInFlight: number;
  readonly closedEarly: number;
  /** Resolves once `test()` holds, checked after every arrival, answer and close; rejects after `timeoutMs`. */
  waitFor(what: string, test: () => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

const MODEL = 'stub-xlam';

function queryOf(body: unknown): string {
  const messages = (body as { messages?: { content?: unknown }[] } | undefined)?.messages;
  const content = messages?.[messages.length - 1]?.content;
  return typeof content === 'string' ? content : '';
}

function toolCalls(calls: readonly StubCall[]): { id: string; type: 'function'; function: { name: string; arguments: string } }[] {
  return calls.map((call, i) => ({ id: `call_${i}`, type: 'function', function: { name: call.name, arguments: JSON.stringify(call.arguments) } }));
}

function sendCalls(res: ServerResponse, calls: readonly StubCall[], stream: boolean, logprobs: readonly StubLogprob[] | undefined): void {
  const base = { id: 'chatcmpl-stub', created: 1, model: MODEL };
  const finish = calls.length > 0 ? 'tool_calls' : 'stop';
  if (!stream) {
    const message = { role: 'assistant', content: calls.length > 0 ? null : 'No tool needed.', tool_calls: toolCalls(calls) };
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ...base, object: 'chat.completion', choices: [{ index: 0, message, ...(logprobs ? { logprobs: { content: logprobs } } : {}), finish_reason: finish }], usage: { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 } }));
    return;
  }
  const chunk = (delta: unknown, finishReason: string | null, tokens?: readonly StubLogprob[]): string =>
    `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta, ...(tokens ? { logprobs: { content: tokens } } : {}), finish_reason: finishReason }] })}\n\n`;
  // Like vLLM, the tokens' logprobs come one event each, ahead of the parsed calls.
  const tokenEvents = (logprobs ?? []).map((token) => chunk({}, null, [token]));
  const deltas = [...tokenEvents, ...(calls.length > 0 ? toolCalls(calls).map((call, index) => chunk({ tool_calls: [{ index, ...call }] }, null)) : [chunk({ content: 'No tool needed.' }, null)])];
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  res.end(`${chunk({ role: 'assistant', content: '' }, null)}${deltas.join('')}${chunk({}, finish)}data: [DONE]\n\n`);
}

/** Starts the stub; `answer` decides, and times, the answer to each chat request. */
export async function startChatStub(answer: (request: StubRequest) => StubAnswer | Promise<StubAnswer>): Promise<ChatStub> {
  const requests: StubRequest[] = [];
  let inFlight = 0;
  let maxInFlight = 0;
  const watchers = new Set<() => void>();
  const changed = (): void => watchers.forEach((check) => check());

  const handle = async (req: IncomingMessage, res: ServerResponse, text: string): Promise<void> => {
    if (req.url?.endsWith('/models')) {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ object: 'list', data: [{ id: MODEL, object: 'model', created: 1, owned_by: 'stub' }] }));
      return;
    }
    const body = JSON.parse(text) as { stream?: boolean; logprobs?: unknown };
    const request: StubRequest = { query: queryOf(body), index: requests.length, arrivedAt: performance.now(), closedEarly: false, body };
    requests.push(request);
    inFlight++;
    maxInFlight = Math.max(maxInFlight, inFlight);
    res.on('close', () => {
      inFlight--;
      request.closedEarly = request.answeredAt === undefined;
      changed();
    });
    changed();
    const reply = await answer(request);
    if (reply === 'hold' || res.destroyed) return;
    request.answeredAt = performance.now();
    if ('calls' in reply) sendCalls(res, reply.calls, body.stream === true, body.logprobs === true ? reply.logprobs : undefined);
    else {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...reply.headers });
      res.end(reply.body);
    }
    changed();
  };

  const server = createServer((req, res) => {
    let text = '';
    req.setEncoding('utf8');
    req.on('data', (part: string) => (text += part));
    req.on('end', () => {
      handle(req, res, text).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: String(error) } }));
      });
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    requests,
    get inFlight() {
      return inFlight;
    },
    get maxInFlight() {
      return maxInFlight;
    },
    get closedEarly() {
      return requests.filter((r) => r.closedEarly).length;
    },
    waitFor: (what, test, timeoutMs = 10_000) =>
      new Promise<void>((resolve, reject) => {
        const check = (): void => {
          if (!test()) return;
          watchers.delete(check);
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          watchers.delete(check);
          reject(new Error(`the stub server never saw ${what} (${requests.length} requests, ${inFlight} in flight, ${requests.filter((r) => r.closedEarly).length} closed early)`));
        }, timeoutMs);
        watchers.add(check);
        check();
      }),
    close: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  };
}
