import { EngineError, type Engine } from '../core/engine/types';
import type { FormatId } from '../core/formats/types';
import type { SequenceSetting } from '../engines/local/sequenceCount';

export interface LoadedLocalEngine {
  engine: Engine;
  /** The format the model file suggests (its vocabulary and chat template), if any. */
  proposedFormat: FormatId | undefined;
}

export interface LoadLocalOptions {
  signal?: AbortSignal;
  /** CPU threads; default: chosen from the machine and the model's size. */
  threads?: number;
  /** Context sequences: runs served at once (default 1). */
  sequences?: SequenceSetting;
  onLoadProgress?: (fraction: number) => void;
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

/**
 * The local engine, imported only when a command needs it: node-llama-cpp and its native binaries
 * are heavy, and `render`/`parse`/remote runs must not pay for them.
 */
export async function loadLocalEngine(modelPath: string, options: LoadLocalOptions = {}): Promise<LoadedLocalEngine> {
  let local: typeof import('../engines/local/localEngine.js');
  try {
    local = await import('../engines/local/localEngine.js');
  } catch (error) {
    throw new EngineError('unsupported-model', `the local engine is not available here: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  try {
    const engine = await local.createLocalEngine({ modelPath, ...options });
    return { engine, proposedFormat: engine.facts().proposed?.format };
  } catch (error) {
    if (error instanceof EngineError) throw error;
    // Whatever the engine did not classify (a missing native package, …) still gets a typed, clear error.
    throw new EngineError('unsupported-model', `cannot load ${modelPath}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
