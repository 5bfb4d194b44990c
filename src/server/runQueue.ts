import { EngineError } from '../core/engine/types';

/**
 * First come, first served, `width` at a time: as many generations as the engine has context
 * sequences (one by default), because two overlapping generations on one sequence would corrupt
 * each other. A request whose client left while it waited is dropped when its turn comes instead
 * of running for nobody.
 */
export class RunQueue {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(readonly width = 1) {
    if (!Number.isInteger(width) || width < 1) throw new RangeError(`a run queue's width must be an integer ≥ 1 (got ${width})`);
  }

  /** Requests waiting or running. */
  get length(): number {
    return this.running + this.waiting.length;
  }

  async run<T>(task: () => Promise<T>, signal: AbortSignal): Promise<T> {
    if (this.running >= this.width) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      if (signal.aborted) throw new EngineError('cancelled', 'the client left before its turn');
      return await task();
    } finally {
      // The slot passes straight to the next in line, so `running` never dips under a full queue.
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
