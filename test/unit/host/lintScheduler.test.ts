import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Debouncer, scanFiles, type ScanHost, type Timers } from '../../../src/host/diagnostics/lintScheduler';

/** Timers that run only when the test advances the clock. */
class FakeTimers implements Timers {
  now = 0;
  private next = 1;
  private readonly due = new Map<number, { at: number; run: () => void }>();

  set(run: () => void, ms: number): unknown {
    const id = this.next++;
    this.due.set(id, { at: this.now + ms, run });
    return id;
  }

  clear(handle: unknown): void {
    this.due.delete(handle as number);
  }

  advance(ms: number): void {
    this.now += ms;
    for (const [id, timer] of [...this.due].sort((a, b) => a[1].at - b[1].at)) {
      if (timer.at > this.now) continue;
      this.due.delete(id);
      timer.run();
    }
  }
}

describe('lint debouncing (per document)', () => {
  it('edits within the delay coalesce into one lint of the last version, after the delay', () => {
    const timers = new FakeTimers();
    const debouncer = new Debouncer<string>(200, timers);
    const runs: string[] = [];
    for (const version of ['v1', 'v2', 'v3']) {
      debouncer.schedule('a.tools.json', () => runs.push(version));
      timers.advance(150);
    }
    assert.deepEqual(runs, [], 'each edit restarts the wait');
    timers.advance(49);
    assert.deepEqual(runs, []);
    timers.advance(1);
    assert.deepEqual(runs, ['v3']);
    assert.equal(debouncer.size, 0);
  });

  it('documents are debounced independently; cancel and dispose drop pending lints', () => {
    const timers = new FakeTimers();
    const debouncer = new Debouncer<string>(200, timers);
    const runs: string[] = [];
    debouncer.schedule('a', () => runs.push('a'));
    debouncer.schedule('b', () => runs.push('b'));
    debouncer.schedule('c', () => runs.push('c'));
    debouncer.cancel('b');
    timers.advance(200);
    assert.deepEqual(runs, ['a', 'c']);
    debouncer.schedule('a', () => runs.push('a2'));
    debouncer.dispose();
    timers.advance(1000);
    assert.deepEqual(runs, ['a', 'c']);
  });
});

describe('workspace scan', () => {
  function host(files: string[], options: { skip?: string[]; failing?: string[]; stopAfter?: number } = {}) {
    const log: string[] = [];
    let linted = 0;
    const scan: ScanHost<string> = {
      findFiles: (limit) => {
        log.push(`find ${limit}`);
        return Promise.resolve(files.slice(0, limit));
      },
      skip: (uri) => options.skip?.includes(uri) ?? false,
      lintFile: (uri) => {
        linted++;
        log.push(`lint ${uri}`);
        return options.failing?.includes(uri) ? Promise.reject(new Error(`cannot read ${uri}`)) : Promise.resolve();
      },
      yieldNow: () => {
        log.push('yield');
        return Promise.resolve();
      },
      stopped: () => options.stopAfter !== undefined && linted >= options.stopAfter,
      onError: (uri, error) => log.push(`error ${uri}: ${(error as Error).message}`),
    };
    return { scan, log };
  }

  it('lints matching closed files up to the limit, skipping open or already-linted ones, yielding every chunk', async () => {
    const files = Array.from({ length: 8 }, (_, i) => `f${i}`);
    const { scan, log } = host(files, { skip: ['f1'] });
    assert.equal(await scanFiles(scan, 6, 2), 5);
    assert.deepEqual(log, ['find 6', 'lint f0', 'lint f2', 'yield', 'lint f3', 'lint f4', 'yield', 'lint f5']);
  });

  it('a file that fails is logged and the scan goes on; a disposed service stops it', async () => {
    const failing = host(['a', 'b', 'c'], { failing: ['b'] });
    assert.equal(await scanFiles(failing.scan, 10, 10), 3);
    assert.deepEqual(failing.log, ['find 10', 'lint a', 'lint b', 'error b: cannot read b', 'lint c']);
    const stopping = host(['a', 'b', 'c'], { stopAfter: 1 });
    assert.equal(await scanFiles(stopping.scan, 10, 10), 1);
    assert.deepEqual(stopping.log, ['find 10', 'lint a']);
  });
});
