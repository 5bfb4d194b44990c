import assert from 'node:assert/strict';
import type { ServerResponse } from 'node:http';
import { describe, it } from 'node:test';
import { partialTextOf } from '../../../src/engines/remote/faults';
import { RemoteEngine } from '../../../src/engines/remote/remoteEngine';
import type { RemoteEngineOptions } from '../../../src/engines/remote/remoteOptions';
import { closedPortURL, fixture, rejectsWith, request, sendJsonText, startRawServer, writeEvents } from './helpers';

const OK_BODY = fixture('chat-content.json');

function engine(baseURL: string, options: Partial<RemoteEngineOptions> = {}): RemoteEngine {
  return new RemoteEngine({ baseURL, model: 'm', retryBaseMs: 20, maxRetryDelayMs: 3000, connectTimeoutMs: 2000, idleTimeoutMs: 2000, ...options });
}

function chunk(content: string): string {
  return `data: {"id":"c","object":"chat.completion.chunk","created":1,"model":"m","choices":[{"index":0,"delta":{"content":${JSON.stringify(content)}},"logprobs":null,"finish_reason":null}]}\n\n`;
}

/** Streams `count` content chunks `gapMs` apart (bounded), then finishes properly. */
async function slowStream(res: ServerResponse, count: number, gapMs: number): Promise<void> {
  res.writeHead(200, { 'content-type': 'text/event-stream' });
  for (let i = 0; i < count && !res.destroyed; i++) {
    res.write(chunk(`t${i} `));
    await new Promise((done) => setTimeout(done, gapMs));
  }
  if (!res.destroyed) res.end(fixture('chat-stream-content.sse'));
}

describe('remote engine faults: each is a typed EngineError, nothing hangs, the next request works', () => {
  it('connection refused: endpoint-refused naming the URL, fast, no retries', async () => {
    const url = await closedPortURL();
    const started = performance.now();
    const error = await rejectsWith(engine(url).generate(request('x')), 'endpoint-refused');
    assert.ok(error.message.includes(`${url}/chat/completions`), error.message);
    assert.ok(performance.now() - started < 1000);
  });

  it('HTTP 500 then success: retried once, the answer arrives', async () => {
    const server = await startRawServer((_req, res, hit) => (hit === 1 ? sendJsonText(res, 500, '{"error":{"message":"warming up","type":"InternalServerError","param":null,"code":500}}') : sendJsonText(res, 200, OK_BODY)));
    try {
      const result = await engine(server.baseURL, { stream: false }).generate(request('x'));
      assert.match(result.content, /I can only check the weather/);
      assert.equal(server.hits, 2);
    } finally {
      await server.close();
    }
  });

  it('HTTP 500 every time: bounded retries, then endpoint-http with the server message', async () => {
    const server = await startRawServer((_req, res) => sendJsonText(res, 503, '{"error":{"message":"overloaded","type":"ServiceUnavailable","param":null,"code":503}}'));
    try {
      const error = await rejectsWith(engine(server.baseURL, { maxRetries: 2 }).generate(request('x')), 'endpoint-http');
      assert.equal(error.details?.status, 503);
      assert.match(error.message, /HTTP 503: overloaded \(after 2 retries\)/);
      assert.equal(server.hits, 3);
    } finally {
      await server.close();
    }
  });

  it('HTTP 429 with Retry-After: waits what the server asked, then succeeds', async () => {
    const server = await startRawServer((_req, res, hit) => (hit === 1 ? sendJsonText(res, 429, '{"error":{"message":"slow down"}}', { 'retry-after': '1' }) : sendJsonText(res, 200, OK_BODY)));
    try {
      const started = performance.now();
      await engine(server.baseURL, { stream: false }).generate(request('x'));
      const waited = performance.now() - started;
      // The lower bound is the behaviour (Retry-After honoured); the upper one only catches a hang.
      assert.ok(waited >= 950 && waited < 15000, `waited ${Math.round(waited)} ms for Retry-After: 1`);
      assert.equal(server.hits, 2);
    } finally {
      await server.close();
    }
  });

  it('HTTP 429 asking for longer than the retry cap: fails at once, saying so', async () => {
    const server = await startRawServer((_req, res) => sendJsonText(res, 429, '{"error":{"message":"quota"}}', { 'retry-after': '120' }));
    try {
      const error = await rejectsWith(engine(server.baseURL).generate(request('x')), 'endpoint-http');
      assert.match(error.message, /retry after 120 s/);
      assert.equal(server.hits, 1);
    } finally {
      await server.close();
    }
  });

  it('HTTP 400: no retry, status and message kept', async () => {
    const server = await startRawServer((_req, res) => sendJsonText(res, 400, fixture('error-400.json')));
    try {
      const error = await rejectsWith(engine(server.baseURL).generate(request('x')), 'endpoint-http');
      assert.equal(error.details?.status, 400);
      assert.match(error.message, /HTTP 400: This model's maximum context length/);
      assert.equal(server.hits, 1);
    } finally {
      await server.close();
    }
  });

  it('server that never answers: endpoint-timeout within the connect timeout (streaming) and the idle timeout (whole)', async () => {
    const server = await startRawServer(() => undefined);
    try {
      let started = performance.now();
      const streaming = await rejectsWith(engine(server.baseURL, { connectTimeoutMs: 300 }).generate(request('x')), 'endpoint-timeout');
      let took = performance.now() - started;
      assert.ok(took >= 290 && took < 15000, `connect timeout took ${Math.round(took)} ms`);
      assert.match(streaming.message, /did not answer within 300 ms \(connect timeout\)/);
      started = performance.now();
      await rejectsWith(engine(server.baseURL, { stream: false, idleTimeoutMs: 300 }).generate(request('x')), 'endpoint-timeout');
      took = performance.now() - started;
      assert.ok(took >= 290 && took < 15000, `idle timeout took ${Math.round(took)} ms`);
    } finally {
      await server.close();
    }
  });

  it('stream that goes quiet: endpoint-timeout (idle), partial text kept', async () => {
    const server = await startRawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk('Hello'));
    });
    try {
      const error = await rejectsWith(engine(server.baseURL, { idleTimeoutMs: 300 }).generate(request('x')), 'endpoint-timeout');
      assert.match(error.message, /sent nothing within 300 ms \(idle timeout\)/);
      assert.equal(partialTextOf(error), 'Hello');
    } finally {
      await server.close();
    }
  });

  it('malformed SSE (data that is not JSON): malformed-response', async () => {
    const server = await startRawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(`${chunk('ok')}data: {"choices": [oops\n\n`);
    });
    try {
      const error = await rejectsWith(engine(server.baseURL).generate(request('x')), 'malformed-response');
      assert.match(error.message, /not JSON/);
      assert.equal(partialTextOf(error), 'ok');
    } finally {
      await server.close();
    }
  });

  it('non-JSON body, JSON without choices, and a non-SSE answer to a stream: malformed-response', async () => {
    const bodies = [
      { type: 'application/json', body: '<html>502 Bad Gateway</html>' },
      { type: 'text/html', body: '<html>proxy login</html>' },
      { type: 'application/json', body: '{"result": "no choices here"}' },
    ];
    const server = await startRawServer((_req, res, hit) => {
      const answer = bodies[(hit - 1) % bodies.length] ?? bodies[0];
      res.writeHead(200, { 'content-type': answer?.type ?? 'text/plain' });
      res.end(answer?.body);
    });
    try {
      for (let i = 0; i < bodies.length; i++) await rejectsWith(engine(server.baseURL, { stream: false }).generate(request('x')), 'malformed-response');
      const error = await rejectsWith(engine(server.baseURL).generate(request('x')), 'malformed-response');
      assert.match(error.message, /expected an SSE stream/);
    } finally {
      await server.close();
    }
  });

  it('connection dropped mid-stream: connection-dropped with the partial text in details', async () => {
    const server = await startRawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.write(chunk('Partial '));
      res.write(chunk('answer'), () => setTimeout(() => res.socket?.destroy(), 20));
    });
    try {
      const error = await rejectsWith(engine(server.baseURL).generate(request('x')), 'connection-dropped');
      assert.equal(partialTextOf(error), 'Partial answer');
    } finally {
      await server.close();
    }
  });

  it('stream that ends cleanly without finish_reason or [DONE]: connection-dropped', async () => {
    const server = await startRawServer((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      res.end(chunk('cut short'));
    });
    try {
      const error = await rejectsWith(engine(server.baseURL).generate(request('x')), 'connection-dropped');
      assert.equal(partialTextOf(error), 'cut short');
    } finally {
      await server.close();
    }
  });

  it('cancel mid-stream: resolves as cancelled with the partial text, and the same engine works next', async (t) => {
    const server = await startRawServer((_req, res, hit) => void slowStream(res, hit === 1 ? 200 : 0, 20));
    const remote = engine(server.baseURL);
    try {
      const controller = new AbortController();
      let cancelledAt = 0;
      const started = performance.now();
      const run = remote.generate(
        request('x', 'xlam2-llama', {
          signal: controller.signal,
          onText: (text) => {
            if (text === 't2 ') {
              cancelledAt = performance.now();
              controller.abort();
            }
          },
        }),
      );
      const result = await run;
      const latency = performance.now() - cancelledAt;
      t.diagnostic(`remote cancel latency (abort() to result): ${latency.toFixed(1)} ms`);
      assert.equal(result.finishReason, 'cancelled');
      // Nothing after the abort reached the caller: the server was still streaming t3…t19.
      assert.equal(result.text, 't0 t1 t2 ');
      // Timings from the stream read so far: three text events, the first before the cancel.
      assert.equal(result.timings.completionTokens, 3);
      assert.ok(result.timings.ttftMs <= cancelledAt - started, `ttft ${result.timings.ttftMs} ms is before the cancel (${(cancelledAt - started).toFixed(0)} ms in)`);
      assert.ok(result.timings.tokensPerSecond > 0);
      const next = await remote.generate(request('x'));
      assert.equal(next.text, 'I can only check the weather.');
    } finally {
      await server.close();
    }
  });

  it('sends the caller\'s API key as a bearer token, and no Authorization header without one', async () => {
    const seen: Array<string | undefined> = [];
    const server = await startRawServer((req, res) => {
      seen.push(req.headers.authorization);
      sendJsonText(res, 200, OK_BODY);
    });
    try {
      await engine(server.baseURL, { stream: false, apiKey: 'sk-test' }).generate(request('x'));
      await engine(server.baseURL, { stream: false }).generate(request('x'));
      assert.deepEqual(seen, ['Bearer sk-test', undefined]);
    } finally {
      await server.close();
    }
  });

  it('disposing the engine aborts a running request (disposed) and refuses new ones', async () => {
    const server = await startRawServer((_req, res) => void slowStream(res, 100, 20));
    try {
      const remote = engine(server.baseURL);
      const run = remote.generate(request('x', 'xlam2-llama', { onText: () => void remote.dispose() }));
      await rejectsWith(run, 'disposed');
      await rejectsWith(remote.generate(request('x')), 'disposed');
    } finally {
      await server.close();
    }
  });

  it('after each fault the same engine instance answers the next request', async () => {
    let mode = 'drop';
    const server = await startRawServer((_req, res) => {
      if (mode === 'drop') res.socket?.destroy();
      else void writeEvents(res, fixture('chat-stream-content.sse'));
    });
    try {
      const remote = engine(server.baseURL);
      await rejectsWith(remote.generate(request('x')), 'connection-dropped');
      mode = 'ok';
      assert.equal((await remote.generate(request('x'))).text, 'I can only check the weather.');
    } finally {
      await server.close();
    }
  });
});
