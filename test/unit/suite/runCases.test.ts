import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError, type GenerateRequest } from '../../../src/core/engine/types';
import { contentText } from '../../../src/core/messages';
import { planCases } from '../../../src/core/suite/plan';
import { runCases } from '../../../src/core/suite/runCases';
import { summarize } from '../../../src/core/suite/summary';
import { summaryText } from '../../../src/core/suite/summaryText';
import { ScriptedEngine } from '../../support/scriptedEngine';
import { oneCase, suiteFrom, TRAVEL } from './support';

const HOTEL = '[{"name": "book_hotel", "arguments": {"city": "Rome", "nights": 2}}]';
const queryOf = (request: GenerateRequest): string => contentText(request.messages?.[0]?.content);

describe('the suite runner over an Engine', () => {
  it('scores exact values, acceptable values and "no call", by the checker', async () => {
    const suite = suiteFrom(JSON.stringify({
      tools: TRAVEL,
      defaults: { format: 'xlam2-qwen' },
      cases: [
        { id: 'exact', query: 'exact', expect: { calls: [{ name: 'book_hotel', arguments: { city: 'Rome', nights: 2 } }] } },
        { id: 'accept', query: 'exact', expect: { calls: [{ name: 'book_hotel', accept: { city: ['Roma', 'Rome'], nights: [2], guests: ['', 1] } }] } },
        { id: 'wrong-value', query: 'exact', expect: { calls: [{ name: 'book_hotel', arguments: { city: 'Paris', nights: 2 } }] } },
        { id: 'irrelevant-ok', query: 'chat', expect: 'no call' },
        { id: 'irrelevant-called', query: 'exact', expect: 'no call' },
      ],
    }));
    const engine = new ScriptedEngine({ reply: (r) => (queryOf(r) === 'exact' ? HOTEL : 'Sure, here is a joke.') });
    const { outcomes, cancelled } = await runCases(engine, planCases([suite], {}));
    assert.equal(cancelled, false);
    assert.deepEqual(outcomes.map((o) => [o.caseId, o.verdict.valid, o.verdict.errorType]), [
      ['exact', true, null],
      ['accept', true, null],
      ['wrong-value', false, 'value_error:string'],
      ['irrelevant-ok', true, null],
      ['irrelevant-called', false, 'irrelevance_error:decoder_success'],
    ]);
    const summary = summarize(outcomes);
    assert.equal(summary.passedCases, 3);
    assert.equal(summary.metrics.irrelevance, 0.5);
    assert.deepEqual(summary.metrics.byCategory.map((c) => [c.category, c.correct, c.total]), [['multiple', 2, 3], ['irrelevance', 1, 2]]);
    const text = summaryText(summary);
    assert.match(text, /^multiple\s+2\s+3\s+66\.7%$/m);
    assert.match(text, /irrelevance accuracy: 50\.0%/);
    assert.match(text, /cases: 3 passed, 2 failed of 5/);
    assert.doesNotMatch(text, /pass@/);
  });

  it('trials use seed + t; pass@k and pass^k when k > 1; a case passes only when every trial does', async () => {
    const suite = suiteFrom(oneCase({ calls: [{ name: 'book_hotel', arguments: { city: 'Rome', nights: 2 } }] }));
    const seeds: number[] = [];
    const engine = new ScriptedEngine({
      reply: (r) => {
        seeds.push(r.sampling?.seed ?? -1);
        return (r.sampling?.seed ?? 0) % 2 === 0 ? HOTEL : '[]';
      },
    });
    const { outcomes } = await runCases(engine, planCases([suite], { trials: 4, sampling: { seed: 10, temperature: 0.8 } }));
    assert.deepEqual(seeds, [10, 11, 12, 13]);
    assert.deepEqual(outcomes.map((o) => o.verdict.valid), [true, false, true, false]);
    const summary = summarize(outcomes);
    assert.equal(summary.failedCases, 1);
    assert.equal(summary.passK?.k, 4);
    assert.equal(summary.passK?.passAtK, 1);
    assert.equal(summary.passK?.passHatK, 0);
    assert.match(summaryText(summary), /pass@4: 100\.0%\s+pass\^4: 0\.0%/);
  });

  it('groups cases by tool set, so that consecutive prompts share their prefix', () => {
    const ping = [{ name: 'ping', description: 'Check that the service answers', parameters: { type: 'object', properties: {} } }];
    const suite = suiteFrom(JSON.stringify({
      tools: TRAVEL,
      defaults: { format: 'fc-v1' },
      cases: [
        { id: 'a', query: 'a', expect: 'no call' },
        { id: 'p1', tools: ping, query: 'p1', expect: 'no call' },
        { id: 'b', query: 'b', expect: 'no call' },
        { id: 'p2', tools: ping, query: 'p2', expect: 'no call' },
      ],
    }));
    assert.deepEqual(planCases([suite], {}).map((p) => p.item.id), ['a', 'b', 'p1', 'p2']);
  });

  it('an engine failure fails its case and the run goes on; a fatal one stops it', async () => {
    const suite = suiteFrom(JSON.stringify({ tools: TRAVEL, defaults: { format: 'fc-v1' }, cases: [{ id: 'x', query: 'boom', expect: 'no call' }, { id: 'y', query: 'fine', expect: 'no call' }] }));
    const flaky = { generate: (r: GenerateRequest) => (queryOf(r) === 'boom' ? Promise.reject(new EngineError('endpoint-http', 'HTTP 500')) : new ScriptedEngine().generate(r)) };
    const { outcomes } = await runCases(flaky, planCases([suite], {}));
    assert.deepEqual(outcomes.map((o) => [o.caseId, o.finishReason, o.verdict.errorType]), [['x', 'error', 'engine_error:endpoint-http'], ['y', 'stop', null]]);
    const gone = { generate: () => Promise.reject(new EngineError('endpoint-refused', 'connection refused')) };
    await assert.rejects(runCases(gone, planCases([suite], {})), /connection refused/);
  });

  it('cancel stops the run at once and keeps what finished', async () => {
    const suite = suiteFrom(JSON.stringify({ tools: TRAVEL, defaults: { format: 'fc-v1' }, cases: ['a', 'b', 'c'].map((id) => ({ id, query: id, expect: 'no call' })) }));
    const controller = new AbortController();
    const engine = new ScriptedEngine({ reply: () => 'x'.repeat(400), chunkDelayMs: 5 });
    const started: string[] = [];
    const result = await runCases(engine, planCases([suite], {}), {
      signal: controller.signal,
      events: {
        onTrialStart: (p) => {
          started.push(p.item.id);
          if (p.item.id === 'b') setTimeout(() => controller.abort(), 20);
        },
      },
    });
    assert.equal(result.cancelled, true);
    assert.deepEqual(result.outcomes.map((o) => o.caseId), ['a']);
    assert.deepEqual(started, ['a', 'b']);
    assert.equal(engine.aborted, 1);
  });
});
