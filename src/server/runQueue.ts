import { EngineError } from '../core/engine/types';

/**
 * First come, first served, one at a time: for engines with a single context sequence, where two
 * overlapping generations would corrupt each other. A request whose client left while it waited
 * is dropped when its turn comes instead of running for nobody.
 */
export class RunQueue {
  private tail: Promise<void> = Promise.resolve();
  private queued = 0;

  /** Requests waiting or running. */
  get length(): number {
    return this.queued;
  }

  run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    this.queued++;
    const result = this.tail.then(() => {
      if (signal.aborted) throw new EngineError('cancelled', 'the client left before its turn');
      return task();
    });
    const settled = result.then(
      () => undefined,
      () => undefined,
    );
    this.tail = settled;
    void settled.then(() => {
      this.queued--;
    });
    return result;
  }
}
