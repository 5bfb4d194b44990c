import { EngineError, type Engine, type EngineInfo, type GenerateRequest, type GenerateResult } from '../core/engine/types';

/*
 * The engine lifetime (the second of the two lifetimes in conventions.md): at most one Engine — a
 * loaded model or a connected endpoint — owned here and disposed when the user loads another,
 * connects elsewhere, unloads, or the extension deactivates. No `vscode` import, so unit tests
 * drive it with fake engines; engineStatus.ts shows its snapshots.
 */

export type EngineState = 'none' | 'loading' | 'idle' | 'generating' | 'error';

export interface EngineSnapshot {
  state: EngineState;
  /** The engine in use (absent while none is loaded, and while loading). */
  info?: EngineInfo;
  /** While loading: what is being loaded or connected to. */
  loading?: string;
  /** After a failure: what went wrong, in one line. */
  error?: string;
  /** Extra facts about the engine for the tooltip (e.g. "llama, Q8_0, fc-v1 proposed"). */
  details?: string;
}

export type EngineListener = (snapshot: EngineSnapshot) => void;

export class EngineScope {
  private engine: Engine | undefined;
  private snap: EngineSnapshot = { state: 'none' };
  private readonly listeners = new Set<EngineListener>();
  /** Aborts the load in progress, if any. */
  private loadController: AbortController | undefined;
  /** Aborts the runs in progress. */
  private readonly runs = new Set<AbortController>();
  /** Bumped by every replace/unload, so a load that finishes after being superseded is thrown away. */
  private generation = 0;
  private disposed = false;

  /** `onDisposeError`: where a failing engine dispose is reported (the scope carries on regardless). */
  constructor(private readonly onDisposeError: (error: unknown) => void = () => undefined) {}

  get current(): Engine | undefined {
    return this.engine;
  }

  snapshot(): EngineSnapshot {
    return this.snap;
  }

  onDidChange(listener: EngineListener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  /**
   * Disposes the current engine (aborting its runs and any other load in progress), then opens the
   * new one. Rejects with the open's error (the scope is then empty, in state "error", or "none"
   * when the load was cancelled), or with a "cancelled" EngineError when superseded meanwhile.
   */
  async replace<T extends Engine>(label: string, open: (signal: AbortSignal) => Promise<T>, options: { signal?: AbortSignal; details?: (engine: T) => string | undefined } = {}): Promise<T> {
    if (this.disposed) throw new EngineError('disposed', 'the extension is shutting down');
    const generation = ++this.generation;
    this.loadController?.abort();
    const controller = new AbortController();
    this.loadController = controller;
    const signal = options.signal ? AbortSignal.any([options.signal, controller.signal]) : controller.signal;
    this.set({ state: 'loading', loading: label });
    try {
      await this.disposeCurrent();
      if (signal.aborted) throw new EngineError('cancelled', `loading ${label} was cancelled`);
      const engine = await open(signal);
      if (generation !== this.generation) {
        await engine.dispose();
        throw new EngineError('cancelled', `loading ${label} was superseded`);
      }
      this.engine = engine;
      const details = options.details?.(engine);
      this.set({ state: 'idle', info: engine.info(), ...(details !== undefined ? { details } : {}) });
      return engine;
    } catch (error) {
      if (generation === this.generation) {
        const cancelled = error instanceof EngineError && error.code === 'cancelled';
        this.set(cancelled ? { state: 'none' } : { state: 'error', error: messageOf(error) });
      }
      throw error;
    } finally {
      if (this.loadController === controller) this.loadController = undefined;
    }
  }

  /**
   * Runs the current engine; the state is "generating" meanwhile. Unloading or replacing the
   * engine aborts the run. Throws "disposed" when no engine is loaded.
   */
  async generate(request: GenerateRequest): Promise<GenerateResult> {
    const engine = this.engine;
    if (engine === undefined) throw new EngineError('disposed', 'no model or endpoint is loaded');
    const own = new AbortController();
    this.runs.add(own);
    const signal = request.signal ? AbortSignal.any([request.signal, own.signal]) : own.signal;
    this.set({ ...withoutError(this.snap), state: 'generating', info: engine.info() });
    try {
      const result = await engine.generate({ ...request, signal });
      if (this.engine === engine) this.set({ ...withoutError(this.snap), state: this.runs.size > 1 ? 'generating' : 'idle', info: engine.info() });
      return result;
    } catch (error) {
      if (this.engine === engine) {
        const cancelled = error instanceof EngineError && error.code === 'cancelled';
        this.set(cancelled ? { ...withoutError(this.snap), state: this.runs.size > 1 ? 'generating' : 'idle' } : { ...this.snap, state: 'error', error: messageOf(error) });
      }
      throw error;
    } finally {
      this.runs.delete(own);
    }
  }

  /** Disposes the engine (and cancels a load in progress); returns what was unloaded, if anything. */
  async unload(): Promise<EngineInfo | undefined> {
    this.generation++;
    const wasLoading = this.loadController !== undefined;
    this.loadController?.abort();
    this.loadController = undefined;
    const info = this.engine?.info();
    await this.disposeCurrent();
    if (info !== undefined || wasLoading || this.snap.state !== 'none') this.set({ state: 'none' });
    return info;
  }

  /** Extension deactivation: unload and refuse further loads. */
  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    await this.unload();
    this.listeners.clear();
  }

  private async disposeCurrent(): Promise<void> {
    const engine = this.engine;
    this.engine = undefined;
    for (const run of this.runs) run.abort();
    if (engine !== undefined) await engine.dispose().catch(this.onDisposeError);
  }

  private set(snapshot: EngineSnapshot): void {
    this.snap = snapshot;
    for (const listener of [...this.listeners]) listener(snapshot);
  }
}

function withoutError(snapshot: EngineSnapshot): EngineSnapshot {
  const { error: _error, ...rest } = snapshot;
  return rest;
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
