import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError } from '../../../src/core/engine/types';
import { RunQueue } from '../../../src/server/runQueue';

/** A task that runs until its `finish` is called, and says when it started. */
function gate(): { task: () => Promise<string>; finish: (value: string) => void; started: Promise<void> } {
  let finish!: (value: string) => void;
  let markStarted!: () => void;
  const started = new Promise<void>((resolve) => (markStarted = resolve));
  const done = new Promise<string>((resolve) => (finish = resolve));
  return { task: () => (markStarted(), done), finish, started };
}

describe('RunQueue', () => {
  it('runs `width` tasks at once, the rest in order as slots free', async () => {
    const queue = new RunQueue(2);
    const signal = new AbortController().signal;
    const gates = [gate(), gate(), gate()];
    const order: number[] = [];
    const runs = gates.map((g, i) => queue.run(g.task, signal).then((v) => (order.push(i), v)));
    await Promise.all([gates[0]?.started, gates[1]?.started]);
    assert.equal(queue.length, 3);
    let thirdStarted = false;
    void gates[2]?.started.then(() => (thirdStarted = true));
    await Promise.resolve();
    assert.equal(thirdStarted, false);
    gates[1]?.finish('b');
    await gates[2]?.started;
    gates[2]?.finish('c');
    gates[0]?.finish('a');
    assert.deepEqual(await Promise.all(runs), ['a', 'b', 'c']);
    assert.deepEqual(order, [1, 2, 0]);
    assert.equal(queue.length, 0);
  });

  it('drops a waiting request whose client left, and keeps the slot going', async () => {
    const queue = new RunQueue(1);
    const first = gate();
    const left = new AbortController();
    const running = queue.run(first.task, new AbortController().signal);
    const dropped = queue.run(() => Promise.resolve('never'), left.signal);
    const next = queue.run(() => Promise.resolve('next'), new AbortController().signal);
    left.abort();
    first.finish('first');
    assert.equal(await running, 'first');
    await assert.rejects(dropped, (error) => error instanceof EngineError && error.code === 'cancelled');
    assert.equal(await next, 'next');
  });

  it('refuses a width that is not a positive integer', () => {
    assert.throws(() => new RunQueue(0), /width must be an integer ≥ 1/);
  });
});
