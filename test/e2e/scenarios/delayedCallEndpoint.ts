/**
 * A stand-in, named so: an OpenAI-compatible endpoint on 127.0.0.1 that answers every completion
 * with one fixed, valid tool call after a fixed delay, and records when each request began and
 * ended (this process's clock, so two stand-ins' records can be compared). It is a real HTTP/SSE
 * server: chat mode streams the call as `tool_calls` deltas, raw mode as completion text.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface RecordedRequest {
  path: string;
  body: Record<string, unknown>;
  /** performance.now() when the request arrived and when its answer ended. */
  startedAt: number;
  endedAt: number | undefined;
  /** The client closed the connection before the answer was sent (a cancel). */
  closedEarly: boolean;
}

export interface DelayedCallEndpoint {
  baseURL: string;
  model: string;
  readonly requests: readonly RecordedRequest[];
  close(): Promise<void>;
}

function sse(res: ServerResponse, payload: unknown): void {
  res.write(`data: ${JSON.stringify(payload)}\n\n`);
}

export async function startDelayedCallEndpoint(options: { model: string; call: { name: string; arguments: Record<string, unknown> }; delayMs: number }): Promise<DelayedCallEndpoint> {
  const requests: RecordedRequest[] = [];
  const timers = new Set<ReturnType<typeof setTimeout>>();
  const args = JSON.stringify(options.call.arguments);

  const answer = (record: RecordedRequest, res: ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.on('close', () => {
      if (record.endedAt === undefined) record.closedEarly = true;
    });
    const timer = setTimeout(() => {
      timers.delete(timer);
      if (res.destroyed) return;
      if (record.path === '/v1/chat/completions') {
        const delta = { tool_calls: [{ index: 0, id: 'call_0', type: 'function', function: { name: options.call.name, arguments: args } }] };
        sse(res, { id: 'chat-stand-in', object: 'chat.completion.chunk', model: options.model, choices: [{ index: 0, delta, finish_reason: null }] });
        sse(res, { id: 'chat-stand-in', object: 'chat.completion.chunk', model: options.model, choices: [{ index: 0, delta: {}, finish_reason: 'tool_calls' }] });
      } else {
        const text = JSON.stringify([{ name: options.call.name, arguments: options.call.arguments }]);
        sse(res, { id: 'cmpl-stand-in', object: 'text_completion', model: options.model, choices: [{ index: 0, text, finish_reason: null }] });
        sse(res, { id: 'cmpl-stand-in', object: 'text_completion', model: options.model, choices: [{ index: 0, text: '', finish_reason: 'stop' }] });
      }
      res.end('data: [DONE]\n\n');
      record.endedAt = performance.now();
    }, options.delayMs);
    timers.add(timer);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const startedAt = performance.now();
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/v1/models') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: options.model, object: 'model' }] }));
        return;
      }
      if (req.method === 'POST' && (req.url === '/v1/chat/completions' || req.url === '/v1/completions')) {
        let body: Record<string, unknown> = {};
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, unknown>;
        } catch {
          // Recorded as empty: the test's assertions on the body then fail with what was missing.
        }
        const record: RecordedRequest = { path: req.url, body, startedAt, endedAt: undefined, closedEarly: false };
        requests.push(record);
        answer(record, res);
        return;
      }
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    model: options.model,
    requests,
    close: async () => {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
