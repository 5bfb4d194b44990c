import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { isJsonObject, toPlain } from '../../../src/core/json/jsonValue';
import { compactJson } from '../../../src/core/json/pyJsonDumps';
import { RemoteEngine } from '../../../src/engines/remote/remoteEngine';
import { fixture, rejectsWith, request, sendJsonText, startRawServer, writeEvents, type RawServer } from './helpers';

/** Which fixture the tiny server answers with, set per test. */
let answer: { file: string; status?: number } = { file: 'models.json' };

describe('remote engine reads vLLM wire-format fixtures (test/fixtures/vllm)', () => {
  let server: RawServer;
  before(async () => {
    server = await startRawServer((_req, res) => {
      const body = fixture(answer.file);
      if (answer.file.endsWith('.sse')) void writeEvents(res, body);
      else sendJsonText(res, answer.status ?? 200, body);
    });
  });
  after(() => server.close());

  const engine = (options: Partial<ConstructorParameters<typeof RemoteEngine>[0]> = {}): RemoteEngine =>
    new RemoteEngine({ baseURL: server.baseURL, model: 'Salesforce/Llama-xLAM-2-8b-fc-r', maxRetries: 0, ...options });

  it('lists models', async () => {
    answer = { file: 'models.json' };
    assert.deepEqual(await engine().listModels(), ['Salesforce/Llama-xLAM-2-8b-fc-r']);
  });

  it('whole chat completion: two calls, arguments decoded in order (json.dumps \\u escapes undone)', async () => {
    answer = { file: 'chat-tool-calls.json' };
    const result = await engine({ stream: false }).generate(request('weather and time in Zürich'));
    assert.deepEqual(result.calls.map((call) => call.name), ['get_weather', 'get_time']);
    assert.equal(compactJson(result.calls[0]?.arguments ?? null), '{"location":"Zürich","days":3,"unit":"celsius"}');
    assert.equal(result.calls[0]?.argumentsText, '{"location": "Z\\u00fcrich", "days": 3, "unit": "celsius"}');
    assert.equal(result.text, '');
    assert.equal(result.finishReason, 'stop');
    assert.equal(result.timings.promptTokens, 412);
    assert.equal(result.timings.cachedPromptTokens, 384);
    assert.equal(result.timings.completionTokens, 49);
  });

  it('streamed call cut off by max tokens (vLLM still says "tool_calls"): no call, finish length, an error naming it', async () => {
    answer = { file: 'chat-stream-truncated-call.sse' };
    const result = await engine().generate(request('weather in Zürich', 'xlam2-llama', { sampling: { maxTokens: 32 } }));
    assert.deepEqual(result.calls, []);
    assert.equal(result.finishReason, 'length');
    assert.equal(result.parseError?.message, 'the server named call 0 (get_weather) but no arguments arrived; the output was cut off at max tokens; the call is left out');
    // Without a max tokens to compare with, the wire's word stands, but the broken call is still left out.
    const unbounded = await engine().generate(request('weather in Zürich'));
    assert.deepEqual([unbounded.calls.length, unbounded.finishReason], [0, 'stop']);
    assert.match(unbounded.parseError?.message ?? '', /^the server named call 0 \(get_weather\) but no arguments arrived; the call is left out$/);
  });

  it('whole chat completion answered in text: content, no calls, cached tokens 0 when null', async () => {
    answer = { file: 'chat-content.json' };
    const result = await engine({ stream: false }).generate(request('book a flight'));
    assert.deepEqual(result.calls, []);
    assert.equal(result.content, 'I can only check the weather; I cannot book flights.');
    assert.equal(result.timings.cachedPromptTokens, 0);
  });

  it('streamed single call: tool_calls deltas assembled, raw-text arguments decoded', async () => {
    answer = { file: 'chat-stream-tool-call.sse' };
    const chunks: string[] = [];
    const result = await engine().generate(request('weather in Zürich', 'xlam2-llama', { onText: (chunk) => chunks.push(chunk) }));
    assert.equal(result.calls.length, 1);
    assert.equal(result.calls[0]?.name, 'get_weather');
    assert.deepEqual(toPlain(result.calls[0]?.arguments ?? null), { location: 'Zürich', days: 3, unit: 'celsius' });
    assert.equal(result.calls[0]?.argumentsText, '{"location": "Zürich", "days": 3, "unit": "celsius"}');
    assert.deepEqual(chunks, []);
    assert.equal(result.timings.promptTokens, 398);
    assert.equal(result.timings.completionTokens, 31);
    assert.ok(result.timings.ttftMs >= 0);
  });

  it('streamed two calls: deltas matched by index', async () => {
    answer = { file: 'chat-stream-two-calls.sse' };
    const result = await engine().generate(request('weather and time in Paris'));
    assert.deepEqual(
      result.calls.map((call) => [call.name, call.argumentsText]),
      [
        ['get_weather', '{"location": "Paris", "days": 1}'],
        ['get_time', '{"timezone": "Europe/Paris"}'],
      ],
    );
    assert.ok(result.calls.every((call) => isJsonObject(call.arguments)));
    // No usage chunk in this stream: completion tokens are counted from the events instead.
    assert.equal(result.timings.promptTokens, 0);
    assert.ok(result.timings.completionTokens > 0);
  });

  it('streamed text answer: onText gets every content delta', async () => {
    answer = { file: 'chat-stream-content.sse' };
    const chunks: string[] = [];
    const result = await engine().generate(request('book a flight', 'xlam2-llama', { onText: (chunk) => chunks.push(chunk) }));
    assert.equal(chunks.join(''), 'I can only check the weather.');
    assert.equal(result.text, 'I can only check the weather.');
    assert.deepEqual(result.calls, []);
  });

  it('raw mode, streamed completions: text parsed by our parser, cached tokens from usage', async () => {
    answer = { file: 'completions-stream.sse' };
    const result = await engine({ mode: 'raw' }).generate(request('weather in Paris'));
    assert.equal(result.text, '[{"name": "get_weather", "arguments": {"location": "Paris"}}]');
    assert.deepEqual(result.calls.map((call) => call.name), ['get_weather']);
    assert.equal(result.timings.cachedPromptTokens, 512);
    assert.equal(result.finishReason, 'stop');
  });

  it('raw mode, whole completion: finish_reason length', async () => {
    answer = { file: 'completions.json' };
    const result = await engine({ mode: 'raw', stream: false }).generate(request('weather in Paris'));
    assert.equal(result.calls.length, 1);
    assert.equal(result.finishReason, 'length');
  });

  it('errors: the server message survives both error shapes', async () => {
    answer = { file: 'error-400.json', status: 400 };
    const fresh = await rejectsWith(engine().generate(request('x')), 'endpoint-http');
    assert.equal(fresh.details?.status, 400);
    assert.match(fresh.message, /maximum context length is 32768 tokens/);
    answer = { file: 'error-404-legacy.json', status: 404 };
    const legacy = await rejectsWith(engine().generate(request('x')), 'endpoint-http');
    assert.match(legacy.message, /HTTP 404: The model `xlam` does not exist/);
  });

  it('an error event mid-stream is endpoint-http with the server message', async () => {
    answer = { file: 'chat-stream-error.sse' };
    const error = await rejectsWith(engine().generate(request('x')), 'endpoint-http');
    assert.match(error.message, /mid-stream: Engine loop has died/);
  });
});
