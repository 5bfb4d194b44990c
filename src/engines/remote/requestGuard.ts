/** Why a guard aborted its request, when the caller did not. */
export interface Timeout {
  phase: 'connect' | 'idle';
  ms: number;
}

/**
 * One HTTP attempt's abort switch: it fires when the caller cancels or when the server stays
 * silent longer than the armed timeout. The openai client turns an abort into a quietly ended
 * stream, so callers ask `cancelled` / `timedOut` afterwards to tell the two apart.
 */
export class RequestGuard {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private timeout: Timeout | undefined;
  private readonly onCallerAbort = (): void => this.controller.abort();

  constructor(private readonly caller: AbortSignal | undefined) {
    if (caller?.aborted) this.controller.abort();
    else caller?.addEventListener('abort', this.onCallerAbort, { once: true });
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  get cancelled(): boolean {
    return this.caller?.aborted === true;
  }

  get timedOut(): Timeout | undefined {
    return this.timeout;
  }

  /** (Re)starts the silence timer; every sign of life from the server calls this again. */
  arm(phase: Timeout['phase'], ms: number): void {
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timeout = { phase, ms };
      this.controller.abort();
    }, ms);
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.caller?.removeEventListener('abort', this.onCallerAbort);
  }
}

/** Waits `ms`, or rejects with the signal's reason as soon as the caller cancels. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(new Error('cancelled'));
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('cancelled'));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
