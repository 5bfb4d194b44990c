import type { Engine } from '../core/engine/types';
import type { SequenceSetting } from '../engines/local/sequenceCount';
import { resolveModel } from '../engines/local/resolveModel';
import { RemoteEngine } from '../engines/remote/remoteEngine';
import { apiKeyFromEnv } from '../engines/remote/remoteOptions';
import { loadLocalEngine } from '../server/loadLocalEngine';
import type { CliIo } from './io';
import { progressPrinter, type ModelRef } from './modelRef';

export interface OpenEngineOptions {
  signal: AbortSignal;
  modelsDir: string;
  /** Remote: /v1/completions with our exact prompt instead of chat. */
  raw?: boolean;
  modelId?: string;
  threads?: number;
  /** A local model's context sequences (runs at once). */
  sequences?: SequenceSetting;
}

/** The engine a `--model` names; for a local model also the file it loaded (downloaded if need be). */
export async function openEngine(ref: ModelRef, io: CliIo, options: OpenEngineOptions): Promise<{ engine: Engine; modelPath?: string }> {
  if (ref.kind === 'endpoint') {
    return { engine: new RemoteEngine({ baseURL: ref.baseURL, mode: options.raw === true ? 'raw' : 'chat', model: options.modelId, apiKey: apiKeyFromEnv() }) };
  }
  const path = ref.kind === 'file' ? ref.path : (await resolveModel(ref.uri, { directory: options.modelsDir, signal: options.signal, onProgress: progressPrinter(io, ref.uri) })).path;
  const { engine } = await loadLocalEngine(path, { signal: options.signal, ...(options.threads !== undefined ? { threads: options.threads } : {}), ...(options.sequences !== undefined ? { sequences: options.sequences } : {}) });
  return { engine, modelPath: path };
}
