/*
 * The timing side of the lint provider without `vscode` (unit-tested with fake timers and
 * files): per-document debouncing, and the workspace scan that lints closed matching files in
 * chunks so the extension host stays responsive.
 */

export interface Timers {
  set(run: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const REAL_TIMERS: Timers = {
  set: (run, ms) => setTimeout(run, ms),
  clear: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

/** At most one pending run per key: a new request within `delayMs` replaces the previous one. */
export class Debouncer<K> {
  private readonly pending = new Map<K, unknown>();

  constructor(
    private readonly delayMs: number,
    private readonly timers: Timers = REAL_TIMERS,
  ) {}

  schedule(key: K, run: () => void): void {
    this.cancel(key);
    this.pending.set(
      key,
      this.timers.set(() => {
        this.pending.delete(key);
        run();
      }, this.delayMs),
    );
  }

  cancel(key: K): void {
    const handle = this.pending.get(key);
    if (handle === undefined) return;
    this.timers.clear(handle);
    this.pending.delete(key);
  }

  get size(): number {
    return this.pending.size;
  }

  dispose(): void {
    for (const handle of this.pending.values()) this.timers.clear(handle);
    this.pending.clear();
  }
}

export interface ScanHost<U> {
  /** Matching workspace files, at most `limit`. */
  findFiles(limit: number): Promise<readonly U[]>;
  /** Already linted (an open document, or a result from an earlier scan): left alone. */
  skip(uri: U): boolean;
  /** Reads and lints one file (its errors are the caller's to log). */
  lintFile(uri: U): Promise<void>;
  /** Lets other work run (the extension host is single-threaded). */
  yieldNow(): Promise<void>;
  stopped(): boolean;
  onError(uri: U, error: unknown): void;
}

/** Lints up to `limit` matching closed files, yielding every `chunk` files; returns how many it linted. */
export async function scanFiles<U>(host: ScanHost<U>, limit: number, chunk: number): Promise<number> {
  const files = await host.findFiles(limit);
  let done = 0;
  for (const uri of files.slice(0, limit)) {
    if (host.stopped()) break;
    if (host.skip(uri)) continue;
    try {
      await host.lintFile(uri);
    } catch (error) {
      host.onError(uri, error);
    }
    if (++done % chunk === 0) await host.yieldNow();
  }
  return done;
}
