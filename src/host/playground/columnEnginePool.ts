import { isAbsolute, resolve } from 'node:path';
import { EngineError, type Engine, type GenerateRequest, type GenerateResult } from '../../core/engine/types';
import type { FormatId } from '../../core/formats/types';
import type { ColumnEngine } from '../../core/playground/compareColumns';
import { laneKey } from '../../core/playground/compareLanes';
import type { ProposedFormat } from '../../core/playground/playgroundRequest';
import type { RunResultPayload } from '../../shared/playgroundProtocol';
import { normalizeBaseUrl } from '../endpointUrl';
import { messageOf } from '../engineScope';
import { failurePayload } from './runPayloads';

/*
 * The engines of Compare's columns for one playground. A column on the current engine, or naming
 * the model file or endpoint the current engine is, runs through the engine scope (its state, its
 * cancel on unload). Any other model or endpoint is opened here on first use, kept for the next
 * runs, and disposed when the playground closes. No `vscode` import: the openers are handed in
 * (compareEngines.ts), so unit tests drive the pool with stand-in engines.
 */

/** How the pool opens engines and reaches the engine scope. */
export interface PoolOpeners {
  local(path: string): Promise<Engine>;
  endpoint(endpoint: { baseUrl: string; model?: string; mode?: 'chat' | 'raw' }): Promise<Engine>;
  /** A run through the engine scope (the current engine). */
  generateOnScope(request: GenerateRequest): Promise<GenerateResult>;
  /** The mode an endpoint engine was opened with. */
  modeOf(engine: Engine): 'chat' | 'raw' | undefined;
  log: { info(message: string): void; warn(message: string): void };
}

/** A column's engine, ready to run: the scope's, or one of the pool's. */
export interface ColumnRunner {
  engine: Engine;
  generate(request: GenerateRequest): Promise<GenerateResult>;
}

/** How a column will run: its lane (what it must wait for) and how to get its engine. */
export interface ColumnPlan {
  lane: string;
  /** The pool entry the column opens (none when it runs on the scope's engine or cannot run). */
  poolKey?: string;
  open(): Promise<ColumnRunner | { error: RunResultPayload }>;
}

/** The model file a local engine was loaded from (LocalEngine.modelPath), if it is one. */
function modelPathOf(engine: Engine | undefined): string | undefined {
  return engine !== undefined && engine.info().kind === 'local' && 'modelPath' in engine && typeof engine.modelPath === 'string' ? resolve(engine.modelPath) : undefined;
}

/** The format a local model's file proposes (its chat template or name), if any. */
export function proposedFormatOf(engine: Engine): ProposedFormat | undefined {
  if (!('facts' in engine) || typeof engine.facts !== 'function') return undefined;
  const facts = (engine.facts as () => { proposed?: { format: FormatId } }).call(engine);
  return facts.proposed !== undefined ? { format: facts.proposed.format } : undefined;
}

export class ColumnEnginePool {
  private readonly pool = new Map<string, Promise<Engine>>();
  private disposed = false;

  constructor(private readonly openers: PoolOpeners) {}

  /**
   * The plan of a column. `current`: the engine scope's engine (undefined when no column needs it
   * and none is loaded), or why there is none.
   */
  plan(ref: ColumnEngine, column: number, current: Engine | { error: RunResultPayload } | undefined): ColumnPlan {
    const scope = current !== undefined && !('error' in current) ? current : undefined;
    const viaScope: ColumnRunner | undefined = scope && { engine: scope, generate: (request) => this.openers.generateOnScope(request) };
    if (ref.kind === 'current') {
      const path = modelPathOf(scope);
      const lane = laneKey(path !== undefined ? { kind: 'local', path } : { kind: 'remote' }, column);
      const result = viaScope ?? (current !== undefined && 'error' in current ? current : failurePayloadOf(new EngineError('disposed', 'no model or endpoint is loaded')));
      return { lane, open: () => Promise.resolve(result) };
    }
    if (ref.kind === 'local') {
      const path = resolve(ref.path);
      const lane = laneKey({ kind: 'local', path }, column);
      if (viaScope !== undefined && modelPathOf(scope) === path) return { lane, open: () => Promise.resolve(viaScope) };
      const poolKey = `local:${path}`;
      return { lane, poolKey, open: () => this.pooled(poolKey, path, () => this.openLocal(path)) };
    }
    const check = normalizeBaseUrl(ref.baseUrl);
    const lane = laneKey({ kind: 'remote' }, column);
    if ('problem' in check) return { lane, open: () => Promise.resolve(failurePayloadOf(new EngineError('endpoint-refused', `${ref.baseUrl}: ${check.problem}`))) };
    if (viaScope !== undefined && sameEndpoint(scope as Engine, check.url, ref, this.openers.modeOf(scope as Engine))) return { lane, open: () => Promise.resolve(viaScope) };
    const key = `endpoint:${check.url}|${ref.model ?? ''}|${ref.mode ?? ''}`;
    const openEndpoint = async (): Promise<Engine> => {
      const engine = await this.openers.endpoint({ ...ref, baseUrl: check.url });
      this.openers.log.info(`playground compare: endpoint ${check.url} (model ${ref.model ?? 'first listed'}, ${this.openers.modeOf(engine) ?? 'chat'} mode) for a column`);
      return engine;
    };
    return { lane, poolKey: key, open: () => this.pooled(key, check.url, openEndpoint) };
  }

  /** The pool's engine for `key`, opened once; a failed open is forgotten (the next run tries again). */
  private async pooled(key: string, where: string, open: () => Promise<Engine>): Promise<ColumnRunner | { error: RunResultPayload }> {
    if (this.disposed) return failurePayloadOf(new EngineError('disposed', 'the playground was closed'));
    let opening = this.pool.get(key);
    if (opening === undefined) {
      opening = open();
      this.pool.set(key, opening);
    }
    try {
      const engine = await opening;
      return { engine, generate: (request) => engine.generate(request) };
    } catch (error) {
      if (this.pool.get(key) === opening) this.pool.delete(key);
      this.openers.log.warn(`playground compare: could not open ${where}: ${messageOf(error)}`);
      // Say which engine failed: the column shows only this message.
      const message = messageOf(error);
      return failurePayloadOf(error instanceof EngineError ? new EngineError(error.code, message.includes(where) ? message : `${where}: ${message}`) : new Error(`${where}: ${message}`));
    }
  }

  private async openLocal(path: string): Promise<Engine> {
    if (!isAbsolute(path)) throw new EngineError('model-not-found', 'the model path must be absolute');
    const started = performance.now();
    this.openers.log.info(`playground compare: loading ${path} for a column`);
    const engine = await this.openers.local(path);
    this.openers.log.info(`playground compare: loaded ${path} in ${Math.round(performance.now() - started)} ms on ${engine.info().backend}`);
    if (this.disposed) {
      await engine.dispose();
      throw new EngineError('disposed', 'the playground was closed');
    }
    return engine;
  }

  /**
   * Closes the engines no column names any more (before a run opens new ones: two models need not
   * be held at once just because a column switched from one to the other).
   */
  async release(keep: ReadonlySet<string>): Promise<void> {
    const dropped = [...this.pool.entries()].filter(([key]) => !keep.has(key));
    for (const [key] of dropped) this.pool.delete(key);
    await this.close(dropped.map(([, opening]) => opening));
  }

  /** Disposes every engine the pool opened (and those still opening, once open); resolves when done. */
  async dispose(): Promise<void> {
    this.disposed = true;
    const opened = [...this.pool.values()];
    this.pool.clear();
    await this.close(opened);
  }

  private async close(opened: ReadonlyArray<Promise<Engine>>): Promise<void> {
    await Promise.all(
      opened.map((opening) =>
        opening.then(
          async (engine) => {
            await engine.dispose();
            this.openers.log.info(`playground compare: closed ${engine.info().model} (${engine.info().backend})`);
          },
          () => undefined,
        ).catch((error: unknown) => this.openers.log.warn(`playground compare: closing a column engine failed: ${messageOf(error)}`)),
      ),
    );
  }
}

/** The scope's engine is this endpoint: same base URL, and the same model and mode where the column names them. */
function sameEndpoint(engine: Engine, baseUrl: string, ref: { model?: string; mode?: 'chat' | 'raw' }, mode: 'chat' | 'raw' | undefined): boolean {
  const info = engine.info();
  return info.kind === 'remote' && info.backend === baseUrl && (ref.model === undefined || ref.model === info.model) && (ref.mode === undefined || ref.mode === mode);
}

function failurePayloadOf(error: unknown): { error: RunResultPayload } {
  return { error: failurePayload(error) };
}
