import assert from 'node:assert/strict';
import { Agent, request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startOpenAiServer, type OpenAiServer } from '../../../src/server/openaiServer';
import { deepArb, fuzzParams, messagesTextArb, mutated, NASTY, Tally, toolArb } from '../../support/fuzzKit';
import { rawRequest, type RawAnswer } from '../../support/rawHttp';
import { renderingEngine } from '../../support/renderingEngine';
import type { ScriptedEngine } from '../../support/scriptedEngine';

/*
 * serve's HTTP API on random and mutated requests (issue 15), real HTTP on 127.0.0.1 over an
 * engine that renders and compiles the grammar like the local one: never a 5xx, a reset or a
 * stack; every 4xx names a field or an offset; the server answers a valid request afterwards and
 * its memory returns to about where it was.
 */
setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const tally = new Tally();
const agent = new Agent({ keepAlive: true, maxSockets: 8 });
let server: OpenAiServer;
let engine: ScriptedEngine;

function send(path: string, body: string | Buffer, headers?: Record<string, string>, method = 'POST'): Promise<RawAnswer> {
  return rawRequest(`${server.baseURL.replace(/\/v1$/, '')}${path}`, body, { method, agent, ...(headers !== undefined ? { headers } : {}) });
}

const VALID = { model: 'm', messages: [{ role: 'user', content: 'hi' }], tools: [{ type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object', properties: { x: { type: 'string' } } } } }] };

/** What every answer must be; a valid request must still work after it. */
function check(answer: RawAnswer, what: string): void {
  tally.add(what, answer.status);
  assert.ok(answer.status < 500, `${what}: ${answer.status} ${answer.body}`);
  assert.doesNotMatch(answer.body, /\n {4}at |internal error/, `${what}: ${answer.body}`);
  if (answer.status >= 400) {
    const message = (JSON.parse(answer.body) as { error: { message: string } }).error.message;
    assert.match(message, /"[^"]+"|offset \d+|over \d+ bytes|content-type|no route|takes (GET|POST)|model `|request body|Stream options/, `${what}: the error names no field: ${message}`);
  }
}

const FIELDS = ['model', 'messages', 'tools', 'tool_choice', 'stream', 'stream_options', 'max_tokens', 'max_completion_tokens', 'temperature', 'top_p', 'seed', 'stop', 'n', 'prompt'];
const valueArb = fc.oneof(fc.jsonValue({ maxDepth: 3 }), toolArb, fc.constantFrom(-1, 0, Infinity, 'required', 'auto', [], {}, null, true));

describe('fuzz: serve HTTP API', () => {
  let baseline = 0;
  before(async () => {
    engine = renderingEngine({ reply: () => '[{"name": "f", "arguments": {"x": "a"}}]' });
    server = await startOpenAiServer({ engine, modelId: 'm', format: 'xlam2-qwen' });
    gc();
    baseline = process.memoryUsage().heapUsed;
  });
  after(async () => {
    agent.destroy();
    await server.close();
    for (const line of tally.lines()) console.log(line);
  });

  it('malformed and mutated JSON bodies, on both POST routes', async () => {
    const bodyArb = fc.oneof(mutated(fc.constant(JSON.stringify(VALID))), mutated(messagesTextArb.map((m) => `{"messages": ${m}}`)), fc.string(), deepArb.map((d) => `{"messages": [{"role": "user", "content": "x"}], "tools": ${d}}`), fc.constantFrom(...NASTY));
    await fc.assert(
      fc.asyncProperty(bodyArb, fc.constantFrom('/v1/chat/completions', '/v1/completions'), async (body, path) => check(await send(path, body), 'serve body')),
      fuzzParams(4),
    );
  });

  it('every field with a value of the wrong type (and tools of every shape)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.constantFrom(...FIELDS), valueArb), { minLength: 1, maxLength: 3 }), fc.boolean(), async (fields, completions) => {
        const body: Record<string, unknown> = { ...VALID, prompt: 'p' };
        for (const [key, value] of fields) body[key] = value;
        check(await send(completions ? '/v1/completions' : '/v1/chat/completions', JSON.stringify(body)), 'serve fields');
      }),
      fuzzParams(4),
    );
  });

  it('content types, methods, routes, streams cut by the client, truncated requests, all at once', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.constantFrom('type', 'method', 'route', 'stream-cut', 'truncated', 'valid', 'stream'), { minLength: 1, maxLength: 6 }), async (kinds) => {
        await Promise.all(
          kinds.map(async (kind): Promise<void> => {
            if (kind === 'type') return check(await send('/v1/chat/completions', JSON.stringify(VALID), { 'content-type': fc.sample(fc.constantFrom('text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=latin1', 'application/vnd.api+json', 'multipart/form-data'), 1)[0] as string }), 'serve content-type');
            if (kind === 'method') return check(await send('/v1/chat/completions', '', {}, 'GET'), 'serve method');
            if (kind === 'route') return check(await send('/v1/embeddings', '{}'), 'serve route');
            if (kind === 'valid' || kind === 'stream') {
              const answer = await send('/v1/chat/completions', JSON.stringify({ ...VALID, stream: kind === 'stream', tool_choice: 'required' }));
              check(answer, 'serve valid');
              return assert.equal(answer.status, 200);
            }
            if (kind === 'stream-cut') return streamCut();
            return truncated();
          }),
        );
      }),
      fuzzParams(1),
    );
  });

  it('bodies over the limit are 413 without a reset, and the server still serves; memory returns to about the baseline', async () => {
    for (const size of [17 * 1024 * 1024, 20 * 1024 * 1024]) check(await send('/v1/chat/completions', Buffer.alloc(size, 0x20)), 'serve huge');
    const ok = await send('/v1/chat/completions', JSON.stringify(VALID));
    assert.equal(ok.status, 200);
    engine.requests.length = 0;
    engine.prompts.length = 0;
    await new Promise((resolve) => setTimeout(resolve, 50));
    gc();
    const grown = process.memoryUsage().heapUsed - baseline;
    console.log(`fuzz serve memory: heap ${Math.round(grown / 1024 / 1024)} MB over the baseline after ${tally.total()} requests`);
    assert.ok(grown < 64 * 1024 * 1024, `heap grew by ${grown} bytes`);
    assert.equal(server.pending, 0);
  });
});

/** A streamed request whose client hangs up after the first bytes. */
function streamCut(): Promise<void> {
  return new Promise((resolve) => {
    const body = JSON.stringify({ ...VALID, stream: true });
    const req = httpRequest(`${server.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(body.length) } }, (res) => {
      tally.add('serve stream-cut', res.statusCode ?? 0);
      res.once('data', () => req.destroy());
      res.on('close', resolve);
    });
    req.on('error', () => resolve());
    req.end(body);
  });
}

/** A request that promises more body than it sends, then closes. */
function truncated(): Promise<void> {
  return new Promise((resolve) => {
    const { port } = server;
    const socket = connect(port, '127.0.0.1', () => {
      socket.end('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\ncontent-type: application/json\r\ncontent-length: 500\r\n\r\n{"messages": [');
      tally.add('serve truncated', 'closed');
    });
    socket.on('close', () => resolve());
    socket.on('error', () => resolve());
    socket.resume();
  });
}
