import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { requestMessages } from '../../../src/core/engine/types';
import type { FormatId } from '../../../src/core/formats/types';
import { renderPrompt } from '../../../src/core/formats/render';
import { compactJson } from '../../../src/core/json/pyJsonDumps';
import { RemoteEngine } from '../../../src/engines/remote/remoteEngine';
import type { RemoteEngineOptions } from '../../../src/engines/remote/remoteOptions';
import { startOpenAiServer, type OpenAiServerOptions } from '../../../src/server/openaiServer';
import { ScriptedEngine, type ScriptedEngineOptions } from '../../support/scriptedEngine';
import { rejectsWith, request, TOOLS_JSON } from './helpers';

const CALLS = '[{"name": "get_weather", "arguments": {"location": "Zürich", "days": 2.0}}, {"name": "get_time", "arguments": {"timezone": "Europe/Zurich"}}]';

/** ScriptedEngine (stand-in until the tiny GGUF runs here) behind our real server, our real client in front. */
async function loopback(scripted: ScriptedEngineOptions = {}, server: Partial<OpenAiServerOptions> = {}, remote: Partial<RemoteEngineOptions> = {}) {
  const engine = new ScriptedEngine(scripted);
  const api = await startOpenAiServer({ engine, modelId: 'xlam-test', format: 'xlam2-llama', ...server });
  const client = new RemoteEngine({ baseURL: api.baseURL, ...remote });
  return { engine, api, client, close: () => api.close() };
}

interface Chunk {
  choices: Array<{ delta: Record<string, unknown>; finish_reason: string | null }>;
  usage?: unknown;
}

/** The raw SSE events of one streamed chat request, parsed. */
async function sseEvents(baseURL: string, body: object): Promise<{ events: Chunk[]; done: boolean; contentType: string | null }> {
  const response = await fetch(`${baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const text = await response.text();
  const data = text.split('\n\n').filter((block) => block.startsWith('data: ')).map((block) => block.slice(6));
  return { events: data.filter((d) => d !== '[DONE]').map((d) => JSON.parse(d) as Chunk), done: data.at(-1) === '[DONE]', contentType: response.headers.get('content-type') };
}

const TOOLS = JSON.parse(TOOLS_JSON) as unknown[];

describe('loopback: our OpenAI-compatible server over ScriptedEngine, driven by our remote engine', () => {
  it('lists the served model', async () => {
    const lb = await loopback();
    try {
      assert.deepEqual(await lb.client.listModels(), ['xlam-test']);
    } finally {
      await lb.close();
    }
  });

  it('chat, whole response: calls as vLLM returns them, arguments decoded with lexemes kept', async () => {
    const lb = await loopback({ reply: () => CALLS, cachedPromptTokens: 64 });
    try {
      const result = await lb.client.generate(request('weather and time in Zürich'));
      assert.deepEqual(result.calls.map((call) => call.name), ['get_weather', 'get_time']);
      assert.equal(compactJson(result.calls[0]?.arguments ?? null), '{"location":"Zürich","days":2.0}');
      assert.equal(result.calls[0]?.argumentsText, '{"location": "Z\\u00fcrich", "days": 2.0}');
      assert.equal(result.timings.cachedPromptTokens, 64);

      // fetch would label a string body text/plain, which the server refuses (415).
      const response = await fetch(`${lb.api.baseURL}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'xlam-test', messages: [{ role: 'user', content: 'hi' }], tools: TOOLS }) });
      const body = (await response.json()) as { choices: Array<{ message: { content: unknown; tool_calls: Array<{ id: string; type: string; function: { arguments: string } }> }; finish_reason: string }> };
      const choice = body.choices[0];
      assert.equal(choice?.finish_reason, 'tool_calls');
      assert.equal(choice?.message.content, null);
      assert.match(choice?.message.tool_calls[1]?.id ?? '', /^call_1_[0-9a-f]{32}$/);
      assert.equal(choice?.message.tool_calls[0]?.type, 'function');
    } finally {
      await lb.close();
    }
  });

  it("chat, streamed: vLLM's chunk sequence (role, name, '{', rest, finish tool_calls, usage, [DONE]) and the same calls", async () => {
    const lb = await loopback({ reply: () => CALLS, chunkSize: 3 });
    try {
      const result = await lb.client.generate(request('weather and time in Zürich'));
      assert.deepEqual(result.calls.map((call) => [call.name, call.argumentsText]), [
        ['get_weather', '{"location": "Z\\u00fcrich", "days": 2.0}'],
        ['get_time', '{"timezone": "Europe/Zurich"}'],
      ]);

      const { events, done, contentType } = await sseEvents(lb.api.baseURL, { messages: [{ role: 'user', content: 'hi' }], tools: TOOLS, stream: true, stream_options: { include_usage: true } });
      assert.equal(contentType, 'text/event-stream; charset=utf-8');
      assert.ok(done);
      const deltas = events.filter((e) => e.choices.length > 0).map((e) => e.choices[0]?.delta);
      assert.deepEqual(deltas[0], { role: 'assistant', content: '' });
      const calls = deltas.slice(1, 7) as Array<{ tool_calls: Array<Record<string, unknown>> }>;
      const first = calls[0]?.tool_calls[0] as { id: string; type: string; index: number; function: { name: string } };
      assert.deepEqual(Object.keys(first), ['id', 'type', 'index', 'function']);
      assert.match(first.id, /^call_0_[0-9a-f]{32}$/);
      assert.deepEqual(first.function, { name: 'get_weather' });
      assert.deepEqual(calls[1]?.tool_calls[0], { index: 0, function: { arguments: '{' } });
      assert.deepEqual(calls[2]?.tool_calls[0], { index: 0, function: { arguments: '"location": "Z\\u00fcrich", "days": 2.0}' } });
      assert.equal((calls[3]?.tool_calls[0] as { index: number }).index, 1);
      const last = events.filter((e) => e.choices.length > 0).at(-1);
      assert.deepEqual(last?.choices[0]?.delta, {});
      assert.equal(last?.choices[0]?.finish_reason, 'tool_calls');
      assert.deepEqual(events.at(-1)?.choices, []);
      assert.ok(events.at(-1)?.usage);
    } finally {
      await lb.close();
    }
  });

  it('chat, streamed text: every chunk reaches onText, no calls', async () => {
    const lb = await loopback({ reply: () => 'No tool fits this question.' });
    try {
      const chunks: string[] = [];
      const result = await lb.client.generate(request('book a flight', 'xlam2-llama', { onText: (chunk) => chunks.push(chunk) }));
      assert.equal(chunks.join(''), 'No tool fits this question.');
      assert.ok(chunks.length > 1);
      assert.deepEqual(result.calls, []);
      assert.ok(result.timings.ttftMs >= 0 && result.timings.completionTokens === chunks.length);
    } finally {
      await lb.close();
    }
  });

  it("the server renders in its own format, with the client's tools and messages in their order", async () => {
    const lb = await loopback({}, { format: 'xlam2-qwen', variant: 'bfcl' });
    try {
      await lb.client.generate(request('hi'));
      const seen = lb.engine.requests[0];
      assert.equal(seen?.format, 'xlam2-qwen');
      assert.equal(seen?.variant, 'bfcl');
      // Ordered JSON end to end: "default": 1.0 is still 1.0 when the engine gets it.
      assert.equal(compactJson(seen?.tools[0]?.plain ?? null), compactJson(request('hi').tools[0]?.plain ?? null));
      assert.match(compactJson(seen?.tools[0]?.plain ?? null), /"default":1\.0/);
    } finally {
      await lb.close();
    }
  });

  it('raw mode: the exact rendered prompt and stop strings reach the engine; our parser reads the text', async () => {
    const lb = await loopback({ completion: () => CALLS }, {}, { mode: 'raw' });
    try {
      const asked = request('weather in Zürich', 'xlam2-llama', { sampling: { maxTokens: 64, stop: ['\n\n'] } });
      const result = await lb.client.generate(asked);
      const rendered = renderPrompt({ format: 'xlam2-llama', tools: asked.tools, messages: requestMessages(asked) });
      assert.equal(lb.engine.prompts[0]?.prompt, rendered.prompt);
      assert.deepEqual(lb.engine.prompts[0]?.sampling?.stop, [...rendered.stop, '\n\n']);
      assert.equal(lb.engine.prompts[0]?.sampling?.maxTokens, 64);
      assert.equal(result.text, CALLS);
      assert.deepEqual(result.calls.map((call) => call.name), ['get_weather', 'get_time']);
      const whole = await new RemoteEngine({ baseURL: lb.api.baseURL, mode: 'raw', stream: false }).generate(asked);
      assert.equal(whole.text, CALLS);
    } finally {
      await lb.close();
    }
  });

  it('fc-v1 served with the tolerant parser: {"tool_calls": …} becomes tool_calls', async () => {
    const lb = await loopback({ reply: () => '{"tool_calls": [{"name": "get_time", "arguments": {"timezone": "UTC"}}]}' }, { format: 'fc-v1' });
    try {
      for (const stream of [false, true]) {
        const result = await new RemoteEngine({ baseURL: lb.api.baseURL, stream }).generate(request('time?', 'fc-v1'));
        assert.deepEqual(result.calls.map((call) => [call.name, call.argumentsText]), [['get_time', '{"timezone": "UTC"}']]);
      }
    } finally {
      await lb.close();
    }
  });

  it('single-sequence server: concurrent requests queue and all succeed', async () => {
    const lb = await loopback({ singleSequence: true, chunkDelayMs: 3 });
    try {
      const results = await Promise.all([0, 1, 2, 3].map((i) => lb.client.generate(request(`q${i}`))));
      assert.equal(results.length, 4);
      assert.equal(lb.engine.maxRunning, 1);
      assert.equal(lb.engine.completed, 4);
    } finally {
      await lb.close();
    }
  });

  it('without the queue, requests reach the engine together', async () => {
    const lb = await loopback({ chunkDelayMs: 5 }, { singleSequence: false });
    try {
      await Promise.all([0, 1, 2].map((i) => lb.client.generate(request(`q${i}`))));
      assert.ok(lb.engine.maxRunning > 1, `maxRunning ${lb.engine.maxRunning}`);
    } finally {
      await lb.close();
    }
  });

  it('a request may give a single query instead of messages: the same exact prompt is sent', async () => {
    const lb = await loopback({ completion: () => CALLS }, {}, { mode: 'raw' });
    try {
      const asked = request('weather in Zürich', 'xlam2-llama', { sampling: { maxTokens: 16 } });
      await lb.client.generate(asked);
      await lb.client.generate({ format: 'xlam2-llama', tools: asked.tools, query: 'weather in Zürich', sampling: { maxTokens: 16 } });
      assert.equal(lb.engine.prompts.length, 2);
      assert.equal(lb.engine.prompts[1]?.prompt, lb.engine.prompts[0]?.prompt);
    } finally {
      await lb.close();
    }
  });

  it("client disconnect mid-stream aborts the engine's generation", async (t) => {
    const lb = await loopback({ reply: (asked) => (requestMessages(asked)[0]?.content === 'long' ? 'x'.repeat(4000) : 'ok'), chunkDelayMs: 5 });
    try {
      const controller = new AbortController();
      let abortedAt = 0;
      const run = lb.client.generate(
        request('long', 'xlam2-llama', {
          signal: controller.signal,
          onText: () => {
            if (abortedAt === 0) {
              abortedAt = performance.now();
              controller.abort();
            }
          },
        }),
      );
      assert.equal((await run).finishReason, 'cancelled');
      const clientMs = performance.now() - abortedAt;
      await lb.engine.waitForAborts(1);
      const engineMs = performance.now() - abortedAt;
      t.diagnostic(`cancel through the loopback server: client ${clientMs.toFixed(1)} ms, engine generation stopped after ${engineMs.toFixed(1)} ms`);
      assert.equal(lb.engine.completed, 0);
      // The server is free again for the next request.
      assert.equal((await lb.client.generate(request('short'))).finishReason, 'stop');
    } finally {
      await lb.close();
    }
  });

  it('client disconnect during a whole (non-streaming) request aborts the generation; a queued one never runs', async () => {
    const lb = await loopback({ reply: () => 'y'.repeat(4000), chunkDelayMs: 5, singleSequence: true });
    try {
      const whole = new RemoteEngine({ baseURL: lb.api.baseURL, stream: false });
      const first = new AbortController();
      const second = new AbortController();
      const running = whole.generate(request('a', 'xlam2-llama', { signal: first.signal }));
      const queued = whole.generate(request('b', 'xlam2-llama', { signal: second.signal }));
      // Wait until the first generation is under way, then leave with both clients.
      for (let i = 0; i < 200 && lb.engine.running === 0; i++) await new Promise((done) => setTimeout(done, 5));
      second.abort();
      first.abort();
      assert.equal((await running).finishReason, 'cancelled');
      assert.equal((await queued).finishReason, 'cancelled');
      await lb.engine.waitForAborts(1);
      for (let i = 0; i < 200 && lb.api.pending > 0; i++) await new Promise((done) => setTimeout(done, 5));
      assert.equal(lb.engine.requests.length, 1, 'the queued request must not reach the engine');
      assert.equal(lb.engine.completed, 0);
    } finally {
      await lb.close();
    }
  });

  it('bad input answers: 400 bad JSON, 404 unknown route and unknown model, 400 completions without raw support', async () => {
    const lb = await loopback({ noRawPrompts: true });
    try {
      const post = (path: string, body: string) => fetch(`${lb.api.baseURL}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
      const bad = await post('/chat/completions', '{"messages": [');
      assert.equal(bad.status, 400);
      const error = (await bad.json()) as { error: { message: string; type: string; code: number } };
      assert.equal(error.error.type, 'BadRequestError');
      assert.equal(error.error.code, 400);
      assert.match(error.error.message, /not valid JSON/);
      assert.equal((await post('/embeddings', '{}')).status, 404);
      assert.equal((await post('/chat/completions', '{"model": "gpt-4", "messages": [{"role": "user", "content": "x"}]}')).status, 404);
      assert.equal((await post('/chat/completions', '{"messages": [{"role": "robot", "content": "x"}]}')).status, 400);
      const raw = await post('/completions', '{"prompt": "x"}');
      assert.equal(raw.status, 400);
      assert.match(((await raw.json()) as { error: { message: string } }).error.message, /cannot complete a raw prompt/);
      // And the remote engine maps the server's 4xx to endpoint-http with the message.
      const failure = await rejectsWith(new RemoteEngine({ baseURL: lb.api.baseURL, mode: 'raw' }).generate(request('x')), 'endpoint-http');
      assert.match(failure.message, /HTTP 400: this engine cannot complete a raw prompt/);
    } finally {
      await lb.close();
    }
  });

  for (const format of ['fc-v1', 'general-v1', 'xlam2-qwen'] as FormatId[]) {
    it(`serves ${format} chat requests (rendered by the engine in that format)`, async () => {
      const lb = await loopback({}, { format });
      try {
        assert.equal((await lb.client.generate(request('hi', format))).text, 'I can answer that without a tool.');
        assert.equal(lb.engine.requests[0]?.format, format);
      } finally {
        await lb.close();
      }
    });
  }
});
