import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { laneKey, lanesOf, runLanes, unlessAborted } from '../../../src/core/playground/compareLanes';

/** Columns that finish only when released (or fail when told): what runs at once shows in `running`. */
function gated(count: number): { runOne: (i: number) => Promise<number>; started: number[]; running: Set<number>; release: (i: number, error?: Error) => void } {
  const started: number[] = [];
  const running = new Set<number>();
  const settle = new Map<number, { resolve: () => void; reject: (error: Error) => void }>();
  const waiting = new Map<number, Promise<void>>();
  for (let i = 0; i < count; i++) waiting.set(i, new Promise<void>((resolve, reject) => settle.set(i, { resolve, reject })));
  return {
    started,
    running,
    release: (i, error) => (error ? settle.get(i)?.reject(error) : settle.get(i)?.resolve()),
    runOne: async (i) => {
      started.push(i);
      running.add(i);
      try {
        await waiting.get(i);
      } finally {
        running.delete(i);
      }
      return i * 10;
    },
  };
}

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

void describe('laneKey and lanesOf', () => {
  void it('puts columns on the same model file in one lane and every endpoint column in a lane of its own', () => {
    const keys = [laneKey({ kind: 'local', path: '/m/a.gguf' }, 0), laneKey({ kind: 'remote' }, 1), laneKey({ kind: 'local', path: '/m/a.gguf' }, 2), laneKey({ kind: 'remote' }, 3)];
    assert.deepEqual(lanesOf(keys), [[0, 2], [1], [3]]);
    assert.deepEqual(lanesOf([laneKey({ kind: 'local', path: '/a.gguf' }, 0), laneKey({ kind: 'local', path: '/b.gguf' }, 1)]), [[0], [1]]);
    assert.deepEqual(lanesOf(['x', 'x', 'x']), [[0, 1, 2]]);
  });
});

void describe('runLanes', () => {
  void it('runs a lane one column after another and the lanes side by side', async () => {
    const g = gated(4);
    // Lane "a": columns 0 and 2; lanes "b" and "c": one column each.
    const all = runLanes(['a', 'b', 'a', 'c'], g.runOne);
    await tick();
    assert.deepEqual([...g.running].sort(), [0, 1, 3], 'the first of each lane starts at once');
    g.release(0);
    await tick();
    assert.deepEqual([...g.running].sort(), [1, 2, 3], 'column 2 starts when column 0, before it in its lane, has finished');
    for (const i of [3, 2, 1]) g.release(i);
    assert.deepEqual(await all, [0, 10, 20, 30].map((value) => ({ status: 'done', value })));
    assert.deepEqual(g.started, [0, 1, 3, 2]);
  });

  void it('gives the outcomes in column order whatever finishes first', async () => {
    const g = gated(3);
    const all = runLanes(['a', 'b', 'c'], g.runOne);
    await tick();
    g.release(2);
    await tick();
    g.release(0);
    g.release(1);
    assert.deepEqual(await all, [0, 10, 20].map((value) => ({ status: 'done', value })));
  });

  void it('a failing column fails alone: the next in its lane and the other lanes still run', async () => {
    const g = gated(3);
    const all = runLanes(['a', 'a', 'b'], g.runOne);
    await tick();
    g.release(0, new Error('model-not-found: /m/a.gguf'));
    await tick();
    assert.deepEqual(g.started, [0, 2, 1]);
    g.release(1);
    g.release(2);
    const outcomes = await all;
    assert.equal(outcomes[0]?.status, 'failed');
    assert.match(String((outcomes[0] as { error: Error }).error.message), /model-not-found/);
    assert.deepEqual(outcomes.slice(1), [10, 20].map((value) => ({ status: 'done', value })));
  });

  void it('after cancel no column starts; those not started come back cancelled', async () => {
    const g = gated(4);
    const controller = new AbortController();
    const all = runLanes(['a', 'a', 'a', 'b'], g.runOne, controller.signal);
    await tick();
    assert.deepEqual(g.started, [0, 3]);
    controller.abort();
    g.release(0);
    g.release(3);
    const outcomes = await all;
    assert.deepEqual(g.started, [0, 3], 'columns 1 and 2 never started');
    assert.deepEqual(outcomes.map((o) => o.status), ['done', 'cancelled', 'cancelled', 'done']);
  });

  void it('an already aborted signal starts nothing', async () => {
    const controller = new AbortController();
    controller.abort();
    let calls = 0;
    const outcomes = await runLanes(['a', 'b'], () => Promise.resolve(++calls), controller.signal);
    assert.equal(calls, 0);
    assert.deepEqual(outcomes, [{ status: 'cancelled' }, { status: 'cancelled' }]);
  });
});

void describe('unlessAborted', () => {
  void it("stops waiting at the abort while the work goes on, and the work's holder still gets its result", async () => {
    let finishLoad: (value: string) => void = () => undefined;
    const load = new Promise<string>((resolve) => (finishLoad = resolve));
    const controller = new AbortController();
    const waiting = unlessAborted(load, controller.signal);
    controller.abort();
    assert.equal(await waiting, 'cancelled');
    finishLoad('engine');
    assert.equal(await load, 'engine', 'the load itself was not stopped');
  });

  void it('passes the result or the error through when there is no abort, and is cancelled at once on an aborted signal', async () => {
    const controller = new AbortController();
    assert.equal(await unlessAborted(Promise.resolve(7), controller.signal), 7);
    await assert.rejects(unlessAborted(Promise.reject(new Error('no such file')), controller.signal), /no such file/);
    controller.abort();
    assert.equal(await unlessAborted(new Promise<number>(() => undefined), controller.signal), 'cancelled');
  });
});
