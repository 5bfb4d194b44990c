import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError, type EngineInfo, type GenerateRequest } from '../../../src/core/engine/types';
import { contentText } from '../../../src/core/messages';
import { planCases, type PlannedCase } from '../../../src/core/suite/plan';
import { runCases, runConcurrency } from '../../../src/core/suite/runCases';
import { summarize } from '../../../src/core/suite/summary';
import { RemoteEngine } from '../../../src/engines/remote/remoteEngine';
import { startChatStub, type StubAnswer, type StubRequest } from '../../support/chatStub';
import { suiteFrom, TRAVEL } from './support';

/** `count` hotel cases sharing the travel tools: case i asks for i + 1 nights in city i. */
function hotelPlan(count: number, trials = 1): PlannedCase[] {
  const cases = Array.from({ length: count }, (_, i) => ({ id: `c${i}`, query: `case ${i}`, expect: { calls: [{ name: 'book_hotel', arguments: { city: `City${i}`, nights: i + 1 } }] } }));
  return planCases([suiteFrom(JSON.stringify({ tools: TRAVEL, defaults: { format: 'xlam2-qwen', sampling: { seed: 1 } }, cases }))], { trials });
}

const caseOf = (request: StubRequest): number => Number(request.query.replace('case ', ''));

/** The right answer to "case i". */
function hotelAnswer(request: StubRequest): StubAnswer {
  const i = caseOf(request);
  return { calls: [{ name: 'book_hotel', arguments: { city: `City${i}`, nights: i + 1 } }] };
}

const ids = (plan: readonly PlannedCase[]): string[] => plan.map((p) => p.item.id);

function engine(baseURL: string): RemoteEngine {
  return new RemoteEngine({ baseURL, model: 'stub-xlam', connectTimeoutMs: 10_000, idleTimeoutMs: 10_000 });
}

// A runner that kept fewer trials in flight than asked would leave the scripted server waiting: the timeout ends it.
describe('the suite runner with several trials in flight, over real HTTP on 127.0.0.1', { timeout: 60_000 }, () => {
  it('answers that come back in reverse order: outcomes and onCaseDone stay in plan order; the server saw N requests at once', async () => {
    const width = 4;
    const plan = hotelPlan(8);
    // The server answers the latest case it holds, one at a time, once every slot is taken (or
    // nothing more will come), and the next only after the client has finished the one before:
    // trials end c3, c4, c5, c6, c7, c2, c1, c0, without a timer deciding it.
    const held = new Map<number, () => void>();
    let outstanding = false;
    const maybeRelease = (): void => {
      if (outstanding || held.size === 0 || (held.size < width && stub.requests.length < plan.length)) return;
      const latest = Math.max(...held.keys());
      outstanding = true;
      held.get(latest)?.();
      held.delete(latest);
    };
    const stub = await startChatStub((request) => new Promise((resolve) => {
      held.set(caseOf(request), () => resolve(hotelAnswer(request)));
      maybeRelease();
    }));
    const remote = engine(stub.baseURL);
    try {
      const finished: string[] = [];
      const done: string[] = [];
      const result = await runCases(remote, plan, {
        concurrency: width,
        events: {
          onTrial: (outcome) => {
            finished.push(outcome.caseId);
            outstanding = false;
            maybeRelease();
          },
          onCaseDone: (planned, outcomes) => {
            assert.deepEqual(outcomes.map((o) => o.caseId), [planned.item.id]);
            done.push(planned.item.id);
          },
        },
      });
      assert.deepEqual(finished, ['c3', 'c4', 'c5', 'c6', 'c7', 'c2', 'c1', 'c0'], 'the trials did end out of order');
      assert.equal(result.cancelled, false);
      assert.deepEqual(result.outcomes.map((o) => o.caseId), ids(plan));
      assert.deepEqual(done, ids(plan));
      assert.ok(result.outcomes.every((o) => o.verdict.valid), JSON.stringify(result.outcomes.map((o) => o.verdict)));
      assert.equal(stub.maxInFlight, width);
      assert.equal(stub.requests.length, plan.length);
    } finally {
      await remote.dispose();
      await stub.close();
    }
  });

  it('trials of one case end out of order: the case reports once, its trials in trial order', async () => {
    const plan = hotelPlan(2, 3);
    // Every answer waits until all six requests are in; then they go back last first.
    const held: (() => void)[] = [];
    const stub = await startChatStub((request) => new Promise((resolve) => {
      held.push(() => resolve(hotelAnswer(request)));
      if (held.length === 6) held.reverse().forEach((release) => release());
    }));
    const remote = engine(stub.baseURL);
    try {
      const done: [string, number[]][] = [];
      const result = await runCases(remote, plan, { concurrency: 6, events: { onCaseDone: (p, outcomes) => done.push([p.item.id, outcomes.map((o) => o.trial)]) } });
      assert.deepEqual(done, [['c0', [0, 1, 2]], ['c1', [0, 1, 2]]]);
      assert.deepEqual(result.outcomes.map((o) => [o.caseId, o.trial, o.seed]), [['c0', 0, 1], ['c0', 1, 2], ['c0', 2, 3], ['c1', 0, 1], ['c1', 1, 2], ['c1', 2, 3]]);
      assert.equal(stub.maxInFlight, 6);
    } finally {
      await remote.dispose();
      await stub.close();
    }
  });

  it('cancel with N in flight: every in-flight request is closed at the server, the run resolves cancelled with the whole cases only', async () => {
    const width = 4;
    const plan = hotelPlan(8);
    // Case 1 is answered at once; the rest are never answered: only the cancel can end them.
    const stub = await startChatStub((request) => (request.query === 'case 1' ? hotelAnswer(request) : 'hold'));
    const remote = engine(stub.baseURL);
    const controller = new AbortController();
    try {
      const done: string[] = [];
      const running = runCases(remote, plan, { signal: controller.signal, concurrency: width, events: { onCaseDone: (p) => done.push(p.item.id) } });
      // c0, c1, c2, c3 launched; c1 answered, so c4 took its slot: four held at once.
      await stub.waitFor(`${width} held requests`, () => stub.requests.length === 5 && stub.inFlight === width);
      controller.abort();
      const result = await running;
      assert.equal(result.cancelled, true);
      assert.deepEqual(result.outcomes.map((o) => o.caseId), ['c1']);
      assert.deepEqual(done, ['c1']);
      const summary = summarize(result.outcomes);
      assert.equal(summary.cases, 1);
      await stub.waitFor('every held request closed by the client', () => stub.closedEarly === width);
      assert.deepEqual(stub.requests.filter((r) => r.closedEarly).map((r) => r.query).sort(), ['case 0', 'case 2', 'case 3', 'case 4']);
      assert.equal(stub.requests.length, 5, 'nothing was launched after the cancel');
    } finally {
      await remote.dispose();
      await stub.close();
    }
  });

  it('HTTP 429 with Retry-After: 1 under concurrency: each case waits at least that long before its retry, then all pass in order', async () => {
    const plan = hotelPlan(6);
    const firstAttempt = new Map<string, StubRequest>();
    const stub = await startChatStub((request) => {
      if (firstAttempt.has(request.query)) return hotelAnswer(request);
      firstAttempt.set(request.query, request);
      return { status: 429, body: '{"error":{"message":"too many requests","type":"RateLimitError","code":429}}', headers: { 'retry-after': '1' } };
    });
    const remote = engine(stub.baseURL);
    try {
      const result = await runCases(remote, plan, { concurrency: 3 });
      assert.deepEqual(result.outcomes.map((o) => [o.caseId, o.verdict.valid]), ids(plan).map((id) => [id, true]));
      assert.equal(stub.requests.length, 2 * plan.length);
      for (const [query, first] of firstAttempt) {
        const retry = stub.requests.find((r) => r.query === query && r !== first);
        assert.ok(retry !== undefined && first.answeredAt !== undefined, `${query} was retried`);
        // Timers run on libuv's millisecond clock, which may read up to 1 ms behind performance.now().
        const gap = retry.arrivedAt - first.answeredAt;
        assert.ok(gap >= 1000 - 1, `${query}: retried ${gap.toFixed(1)} ms after a 429 asking for 1 s`);
      }
      // The 429s come back at once, so the concurrency shows as three cases waiting out their Retry-After together.
      assert.deepEqual(stub.requests.slice(0, 3).map((r) => firstAttempt.get(r.query) === r), [true, true, true]);
    } finally {
      await remote.dispose();
      await stub.close();
    }
  });

  it('a fatal engine error: nothing new is launched, the requests in flight are aborted, and the run rejects only once they have settled', async () => {
    const plan = hotelPlan(6);
    const stub = await startChatStub(() => 'hold');
    const remote = engine(stub.baseURL);
    let pending = 0;
    const launched: string[] = [];
    const failing = {
      generate: async (request: GenerateRequest) => {
        const query = contentText(request.messages?.[0]?.content);
        launched.push(query);
        pending++;
        try {
          // The third case meets a server that is gone, once the other two are in flight.
          if (query === 'case 2') {
            await stub.waitFor('two requests in flight', () => stub.inFlight === 2);
            throw new EngineError('endpoint-refused', 'connection refused');
          }
          return await remote.generate(request);
        } finally {
          pending--;
        }
      },
    };
    try {
      const failed = await runCases(failing, plan, { concurrency: 3 }).then(
        () => undefined,
        (error: unknown) => ({ error, pendingAtRejection: pending }),
      );
      assert.ok(failed !== undefined, 'the run rejected');
      assert.match(String(failed.error), /connection refused/);
      assert.equal(failed.pendingAtRejection, 0, 'every request had settled when the run rejected');
      assert.deepEqual(launched, ['case 0', 'case 1', 'case 2']);
      await stub.waitFor('both requests in flight closed', () => stub.closedEarly === 2);
    } finally {
      await remote.dispose();
      await stub.close();
    }
  });
});

describe('how many trials a run keeps in flight', () => {
  const info = (parallel?: number) => (): EngineInfo => ({ kind: 'remote', model: 'm', backend: 'http://h/v1', ...(parallel !== undefined ? { parallel } : {}) });

  it('the width asked for, else the engine\'s parallel, else 1', () => {
    assert.equal(runConcurrency({ info: info(8) }, 3), 3);
    assert.equal(runConcurrency({ info: info(8) }, undefined), 8);
    assert.equal(runConcurrency({ info: info() }, undefined), 1);
    assert.equal(runConcurrency({}, undefined), 1);
  });

  it('a width that is not an integer ≥ 1 is refused, naming it', () => {
    assert.throws(() => runConcurrency({}, 0), /concurrency must be an integer ≥ 1 \(got 0\)/);
    assert.throws(() => runConcurrency({ info: info(2.5) }, undefined), /got 2\.5/);
  });

  it('an endpoint serves 8 at once unless told otherwise', () => {
    assert.equal(new RemoteEngine({ baseURL: 'http://127.0.0.1:1/v1' }).info().parallel, 8);
    assert.equal(new RemoteEngine({ baseURL: 'http://127.0.0.1:1/v1', parallel: 32 }).info().parallel, 32);
  });
});
