import { EngineError } from '../../core/engine/types';
import type { LlamaCompletion, LlamaContextSequence, Token } from './llamaTypes';

/** One sequence of the engine's context and the completion that generates on it. */
export interface SequenceSlot {
  readonly index: number;
  readonly sequence: LlamaContextSequence;
  readonly completion: LlamaCompletion;
  /** Native work a cancelled prefill left running on this sequence (see prefill.ts). */
  background?: Promise<void>;
}

interface Waiter {
  tokens: readonly Token[];
  resolve: (slot: SequenceSlot) => void;
  reject: (error: unknown) => void;
}

/**
 * The sequences of one context, lent to one run at a time. A run takes the free sequence whose
 * evaluated tokens share the longest prefix with its prompt (cases with the same tool set keep
 * reusing their own system+tools prefix); when none is free it waits, first come first served.
 * Runs on different sequences are evaluated together by node-llama-cpp's batching.
 */
export class SequencePool {
  private readonly free: SequenceSlot[];
  private readonly waiters: Waiter[] = [];
  private lent = 0;
  /** The most sequences lent at once so far (runs that were generating side by side). */
  peakLent = 0;
  private drained: (() => void)[] = [];
  private closedWith: EngineError | undefined;
  /** The slot the latest run took (its tokens are what `contextTokens()` shows). */
  last: SequenceSlot;

  constructor(readonly slots: readonly SequenceSlot[]) {
    if (slots[0] === undefined) throw new Error('a sequence pool needs at least one sequence');
    this.free = [...slots];
    this.last = slots[0];
  }

  get size(): number {
    return this.slots.length;
  }

  /** A free sequence for a run whose evaluated tokens will be `tokens`; waits when all are busy. */
  acquire(tokens: readonly Token[]): Promise<SequenceSlot> {
    if (this.closedWith) return Promise.reject(this.closedWith);
    if (this.free.length > 0 && this.waiters.length === 0) return Promise.resolve(this.take(tokens));
    return new Promise((resolve, reject) => this.waiters.push({ tokens, resolve, reject }));
  }

  /** Gives the slot back once the native work a cancel left on it has ended. */
  release(slot: SequenceSlot): void {
    const pending = slot.background;
    slot.background = undefined;
    void Promise.resolve(pending).then(() => {
      this.lent--;
      this.free.push(slot);
      const waiter = this.waiters.shift();
      if (waiter) waiter.resolve(this.take(waiter.tokens));
      else if (this.lent === 0) for (const resolve of this.drained.splice(0)) resolve();
    });
  }

  /**
   * The longest prefix of `tokens` that any sequence other than `except` holds, busy or not, and
   * which one: the donor a prefix copy would read from.
   */
  bestHolder(tokens: readonly Token[], except: SequenceSlot): { slot: SequenceSlot; shared: number } | undefined {
    let best: { slot: SequenceSlot; shared: number } | undefined;
    for (const slot of this.slots) {
      if (slot === except) continue;
      const shared = commonPrefix(slot.sequence.contextTokens, tokens);
      if (shared > (best?.shared ?? 0)) best = { slot, shared };
    }
    return best;
  }

  /** Refuses new runs and waiting ones with `error`; resolves when every lent slot is back. */
  async close(error: EngineError): Promise<void> {
    this.closedWith = error;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    await this.idle();
  }

  /** Resolves when no slot is lent and no native work a cancel left is running. */
  idle(): Promise<void> {
    if (this.lent === 0) return Promise.resolve();
    return new Promise((resolve) => this.drained.push(resolve));
  }

  private take(tokens: readonly Token[]): SequenceSlot {
    let bestAt = 0;
    let bestShared = -1;
    this.free.forEach((slot, at) => {
      const shared = commonPrefix(slot.sequence.contextTokens, tokens);
      if (shared > bestShared) {
        bestShared = shared;
        bestAt = at;
      }
    });
    const [slot] = this.free.splice(bestAt, 1) as [SequenceSlot];
    this.lent++;
    this.peakLent = Math.max(this.peakLent, this.lent);
    this.last = slot;
    return slot;
  }
}

export function commonPrefix(a: readonly Token[], b: readonly Token[]): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a[i] === b[i]) i++;
  return i;
}
