/**
 * A stand-in, named so: an OpenAI-compatible endpoint on 127.0.0.1 for a model that never stops.
 * The tiny test model's random weights may end a run at any token, so a Cancel test on it would
 * race the model; this server's first completion streams a token every 40 ms until the client
 * goes away, and its later completions answer one `ping` call and stop. It is a real HTTP/SSE
 * server: a client's cancel is seen here as the connection closing before the answer ended.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export const ENDLESS_MODEL = 'endless-test-stream';
const TOKEN_MS = 40;
const PING_CALL = '[{"name": "ping", "arguments": {}}]';

export interface EndlessCompletion {
  /** Everything written to the client as completion text. */
  sent: string;
  /** The client closed the connection before the answer ended. */
  closedEarly: boolean;
  /** performance.now() when the connection closed early. */
  closedAt?: number;
  ended: boolean;
}

export interface EndlessEndpoint {
  baseURL: string;
  readonly completions: readonly EndlessCompletion[];
  close(): Promise<void>;
}

function sse(res: ServerResponse, payload: unknown): void {
  res.write(`data: ${JSON.stringify(payload)}\n\n`);
}

function chunk(text: string, finish: string | null): unknown {
  return { id: 'cmpl-endless', object: 'text_completion', model: ENDLESS_MODEL, choices: [{ index: 0, text, finish_reason: finish }] };
}

export async function startEndlessEndpoint(): Promise<EndlessEndpoint> {
  const completions: EndlessCompletion[] = [];
  const timers = new Set<ReturnType<typeof setInterval>>();

  const complete = (res: ServerResponse): void => {
    const record: EndlessCompletion = { sent: '', closedEarly: false, ended: false };
    const first = completions.length === 0;
    completions.push(record);
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    res.on('close', () => {
      if (record.ended) return;
      record.closedEarly = true;
      record.closedAt = performance.now();
    });
    const send = (text: string): void => {
      record.sent += text;
      sse(res, chunk(text, null));
    };
    if (!first) {
      for (const part of [PING_CALL.slice(0, 10), PING_CALL.slice(10)]) send(part);
      sse(res, chunk('', 'stop'));
      res.end('data: [DONE]\n\n');
      record.ended = true;
      return;
    }
    let n = 0;
    const timer = setInterval(() => {
      if (res.destroyed || res.writableEnded) {
        clearInterval(timer);
        timers.delete(timer);
        return;
      }
      send(`tok${n++} `);
    }, TOKEN_MS);
    timers.add(timer);
  };

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    req.resume();
    req.on('end', () => {
      if (req.method === 'GET' && req.url === '/v1/models') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ object: 'list', data: [{ id: ENDLESS_MODEL, object: 'model' }] }));
      } else if (req.method === 'POST' && req.url === '/v1/completions') {
        complete(res);
      } else {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseURL: `http://127.0.0.1:${port}/v1`,
    completions,
    close: async () => {
      for (const timer of timers) clearInterval(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
