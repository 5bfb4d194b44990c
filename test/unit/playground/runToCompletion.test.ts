import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError, type Engine, type GenerateRequest } from '../../../src/core/engine/types';
import { InputError } from '../../../src/core/errors';
import { fromPlain, type JsonObject } from '../../../src/core/json/jsonValue';
import { contentText, userMessage } from '../../../src/core/messages';
import { parseToolsText } from '../../../src/core/loadInputs';
import { runToCompletion, type CompletionStep } from '../../../src/core/playground/runToCompletion';
import type { PlaygroundRequest } from '../../../src/core/playground/playgroundRequest';
import type { MockRule } from '../../../src/core/playground/types';
import { ScriptedEngine } from '../../support/scriptedEngine';

const TOOLS = parseToolsText('[{"name": "get_weather", "description": "Weather now", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]');
const REQUEST: PlaygroundRequest = { format: 'xlam2-qwen', tools: TOOLS, grammar: 'none', sampling: { maxTokens: 64 } };
const BASE = [userMessage('Weather in Paris and Oslo?')];
const call = (city: string): string => `{"name": "get_weather", "arguments": {"city": "${city}"}}`;

const mocks = (rules: MockRule[]): Map<string, MockRule[]> => new Map([['get_weather', rules]]);
const PARIS: MockRule = { when: fromPlain({ city: 'Paris' }) as JsonObject, result: fromPlain({ temperature: 18 }) };

/** Replies by the number of tool results already in the conversation. */
function byTurn(...replies: string[]): (request: GenerateRequest) => string {
  return (request) => {
    const turn = (request.messages ?? []).filter((m) => m.role === 'tool').length;
    return replies[Math.min(turn, replies.length - 1)] as string;
  };
}

void describe('runToCompletion', () => {
  void it('answers calls from the mocks and runs again until the model answers', async () => {
    const engine = new ScriptedEngine({ reply: (r) => ((r.messages ?? []).some((m) => m.role === 'tool') ? 'Paris is 18 degrees; Oslo is unknown.' : `[${call('Paris')}, ${call('Oslo')}]`) });
    const reported: number[] = [];
    const started: number[] = [];
    const texts = new Map<number, string>();
    const result = await runToCompletion({
      engine,
      request: REQUEST,
      messages: BASE,
      mocks: mocks([PARIS, { when: fromPlain({ city: 'Oslo' }) as JsonObject, error: 'station offline' }]),
      onStepStarted: (i) => started.push(i),
      onText: (i, chunk) => texts.set(i, (texts.get(i) ?? '') + chunk),
      onStep: (step) => reported.push(step.index),
    });
    assert.equal(result.stop, 'answer');
    assert.deepEqual(started, [0, 1]);
    assert.deepEqual(reported, [0, 1]);
    const [first, last] = result.steps as [CompletionStep, CompletionStep];
    assert.equal(texts.get(0), first.output);
    assert.deepEqual(first.calls.map((c) => c.name), ['get_weather', 'get_weather']);
    assert.deepEqual(first.toolResults.map((r) => [r.outcome.kind, r.content]), [
      ['result', '{"temperature": 18}'],
      ['error', '{"error": "station offline"}'],
    ]);
    assert.ok(first.promptTokens > 0);
    assert.equal(last.output, 'Paris is 18 degrees; Oslo is unknown.');
    assert.deepEqual(last.appended, []);
    // The second prompt holds the calls and both results, rendered by the format.
    assert.ok(last.prompt.includes(`<|im_start|>assistant\n[${call('Paris')}, ${call('Oslo')}]<|im_end|>\n<|im_start|>tool\n{"temperature": 18}<|im_end|>\n<|im_start|>tool\n{"error": "station offline"}<|im_end|>\n<|im_start|>assistant\n`), last.prompt);
    assert.deepEqual(result.messages.map((m) => m.role), ['user', 'assistant', 'tool', 'tool']);
    assert.deepEqual(engine.requests.map((r) => r.messages?.length), [1, 4]);
  });

  void it('gives the model an error result when no mock answers, and goes on', async () => {
    const engine = new ScriptedEngine({ reply: byTurn(`[${call('Lima')}]`, 'Sorry, no data for Lima.') });
    const result = await runToCompletion({ engine, request: REQUEST, messages: BASE, mocks: mocks([PARIS]) });
    assert.equal(result.stop, 'answer');
    const record = result.steps[0]?.toolResults[0];
    assert.equal(record?.outcome.kind, 'missing');
    assert.equal(record?.content, '{"error": "no mock for tool \\"get_weather\\" with arguments {\\"city\\": \\"Lima\\"}"}');
    assert.equal(contentText(result.messages[2]?.content), record?.content);
  });

  void it('stops at the step limit with the last results appended, and can continue from there', async () => {
    const engine = new ScriptedEngine({ reply: () => `[${call('Paris')}]` });
    const result = await runToCompletion({ engine, request: REQUEST, messages: BASE, mocks: mocks([PARIS]), maxSteps: 3 });
    assert.equal(result.stop, 'step-limit');
    assert.equal(result.steps.length, 3);
    assert.equal(result.messages.length, 1 + 3 * 2);
    const more = await runToCompletion({ engine, request: REQUEST, messages: BASE, mocks: mocks([PARIS]), maxSteps: 4, from: { steps: result.steps, step: 3 } });
    assert.equal(more.stop, 'step-limit');
    assert.equal(more.steps.length, 4);
    assert.equal(engine.requests[3]?.messages?.length, 7);
  });

  void it('re-runs from a step with the steps before kept and the current mocks', async () => {
    const engine = new ScriptedEngine({ reply: byTurn(`[${call('Paris')}]`, `[${call('Paris')}]`, 'Done.') });
    const first = await runToCompletion({ engine, request: REQUEST, messages: BASE, mocks: mocks([PARIS]) });
    assert.equal(first.steps.length, 3);
    const edited = mocks([{ result: 'always sunny' }]);
    const reported: number[] = [];
    const again = await runToCompletion({ engine, request: REQUEST, messages: BASE, mocks: edited, from: { steps: first.steps, step: 1 }, onStep: (s) => reported.push(s.index) });
    assert.equal(again.stop, 'answer');
    assert.deepEqual(reported, [1, 2]);
    assert.equal(again.steps[0], first.steps[0], 'step 0 is kept as it was');
    assert.equal(again.steps[0]?.toolResults[0]?.content, '{"temperature": 18}');
    assert.equal(again.steps[1]?.toolResults[0]?.content, 'always sunny');
    // Step 1 ran on the base conversation plus step 0's kept messages.
    assert.deepEqual(engine.requests[3]?.messages?.map((m) => contentText(m.content)), ['Weather in Paris and Oslo?', '', '{"temperature": 18}']);
    await assert.rejects(runToCompletion({ engine, request: REQUEST, messages: BASE, mocks: edited, from: { steps: first.steps, step: 5 } }), RangeError);
  });

  void it('a kept final step ends the loop at once', async () => {
    const engine = new ScriptedEngine({ reply: () => 'No tools needed.' });
    const first = await runToCompletion({ engine, request: REQUEST, messages: BASE, mocks: mocks([]) });
    const again = await runToCompletion({ engine, request: REQUEST, messages: BASE, mocks: mocks([]), from: { steps: first.steps, step: 1 } });
    assert.equal(again.stop, 'answer');
    assert.equal(engine.requests.length, 1);
  });

  void it('stops when cancelled during a step, keeping the partial output', async () => {
    const controller = new AbortController();
    const engine = new ScriptedEngine({ reply: byTurn(`[${call('Paris')}]`, 'A long answer '.repeat(50)), chunkDelayMs: 1 });
    const result = await runToCompletion({
      engine,
      request: REQUEST,
      messages: BASE,
      mocks: mocks([PARIS]),
      signal: controller.signal,
      onText: (index) => {
        if (index === 1) controller.abort();
      },
    });
    assert.equal(result.stop, 'cancelled');
    assert.equal(result.steps.length, 2);
    assert.equal(result.steps[1]?.finishReason, 'cancelled');
    assert.ok((result.steps[1]?.output.length ?? 0) < 50);
    assert.equal(engine.aborted, 1);
    const before = await runToCompletion({ engine, request: REQUEST, messages: BASE, mocks: mocks([PARIS]), signal: controller.signal });
    assert.deepEqual([before.stop, before.steps.length], ['cancelled', 0]);
  });

  void it('does not act on calls cut off at max tokens', async () => {
    const engine = new ScriptedEngine({ reply: () => `[${call('Paris')}]` });
    const cut: Engine = { info: () => engine.info(), dispose: () => engine.dispose(), generate: async (r) => ({ ...(await engine.generate(r)), finishReason: 'length' }) };
    const result = await runToCompletion({ engine: cut, request: REQUEST, messages: BASE, mocks: mocks([PARIS]) });
    assert.deepEqual([result.stop, result.steps.length, result.steps[0]?.toolResults.length], ['cut-off', 1, 0]);
  });

  void it('reports unparsable output, engine failures and render errors as the stop reason', async () => {
    const garbled = new ScriptedEngine({ reply: () => '[{"name": "get_weather", "arguments": {"city": ' });
    const unparsed = await runToCompletion({ engine: garbled, request: REQUEST, messages: BASE, mocks: mocks([PARIS]) });
    assert.equal(unparsed.stop, 'unparsed');
    assert.ok(unparsed.steps[0]?.parseError);
    const failing: Engine = {
      info: () => ({ kind: 'remote', model: 'm', backend: 'http://h/v1' }),
      dispose: () => Promise.resolve(),
      generate: () => Promise.reject(new EngineError('endpoint-http', 'HTTP 500')),
    };
    const failed = await runToCompletion({ engine: failing, request: REQUEST, messages: BASE, mocks: mocks([]) });
    assert.equal(failed.stop, 'error');
    assert.equal(failed.error instanceof EngineError && failed.error.code, 'endpoint-http');
    const cancelled: Engine = { ...failing, generate: () => Promise.reject(new EngineError('cancelled', 'stopped')) };
    assert.equal((await runToCompletion({ engine: cancelled, request: REQUEST, messages: BASE, mocks: mocks([]) })).stop, 'cancelled');
    const badVariant = await runToCompletion({ engine: garbled, request: { ...REQUEST, variant: 'card' }, messages: BASE, mocks: mocks([]) });
    assert.equal(badVariant.stop, 'error');
    assert.ok(badVariant.error instanceof InputError);
  });
});
