import { open, stat } from 'node:fs/promises';
import type { Llama, LlamaModel } from './llamaTypes';
import { EngineError } from '../../core/engine/types';
import { nodeLlamaCpp } from './nodeLlamaCpp';

/**
 * Loads a GGUF with every failure turned into an EngineError that says what is wrong with which
 * file: missing, not a GGUF, truncated, an architecture llama.cpp does not know, or too big.
 */
export async function loadModelFile(llama: Llama, modelPath: string, options: { signal?: AbortSignal; onProgress?: (fraction: number) => void }): Promise<LlamaModel> {
  await checkGgufFile(modelPath);
  try {
    return await llama.loadModel({
      modelPath,
      gpuLayers: 'auto',
      ...(options.signal ? { loadSignal: options.signal } : {}),
      ...(options.onProgress ? { onLoadProgress: options.onProgress } : {}),
    });
  } catch (error) {
    throw await classifyLoadError(error, modelPath, options.signal);
  }
}

/** Cheap checks before handing the file to native code, which reports these cases poorly. */
async function checkGgufFile(modelPath: string): Promise<void> {
  let size: number;
  try {
    const info = await stat(modelPath);
    if (!info.isFile()) throw new EngineError('model-not-found', `${modelPath} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError('model-not-found', `no model file at ${modelPath}`, { cause: error });
  }
  const handle = await open(modelPath, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead } = await handle.read(head, 0, 4, 0);
    if (bytesRead < 4 || head.toString('latin1') !== 'GGUF') {
      const what = size === 0 ? 'the file is empty' : `it starts with ${JSON.stringify(head.subarray(0, bytesRead).toString('latin1'))}, not "GGUF"`;
      throw new EngineError('model-corrupt', `${modelPath} is not a GGUF model file: ${what}`);
    }
  } finally {
    await handle.close();
  }
}

async function classifyLoadError(error: unknown, modelPath: string, signal: AbortSignal | undefined): Promise<EngineError> {
  if (error instanceof EngineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (signal?.aborted) return new EngineError('cancelled', `loading ${modelPath} was cancelled`, { cause: error });
  // llama.cpp only says "Failed to load model"; the header tells an unknown architecture apart.
  const architecture = await unknownArchitecture(modelPath);
  if (architecture !== undefined) {
    return new EngineError('unsupported-model', `${modelPath}: llama.cpp does not support the model architecture "${architecture}"`, { cause: error });
  }
  if (/unknown (model )?architecture|unsupported (model )?architecture/i.test(message)) {
    return new EngineError('unsupported-model', `${modelPath}: llama.cpp does not support this model's architecture (${message})`, { cause: error });
  }
  if ((error instanceof Error && error.name === 'InsufficientMemoryError') || /memory|alloc/i.test(message)) {
    return new EngineError('out-of-memory', `not enough memory to load ${modelPath}: ${message}. Choose a smaller quantization or force the CPU backend`, { cause: error });
  }
  return new EngineError('model-corrupt', `${modelPath} could not be loaded (truncated or corrupt GGUF?): ${message}`, { cause: error });
}

/** The file's `general.architecture` when node-llama-cpp does not know it; undefined otherwise. */
async function unknownArchitecture(modelPath: string): Promise<string | undefined> {
  try {
    const mod = await nodeLlamaCpp();
    const info = await mod.readGgufFileInfo(modelPath, { readTensorInfo: false, logWarnings: false });
    const architecture = String(info.metadata.general.architecture);
    // Declared as a const enum, but a real object at runtime: the architectures it knows.
    const known = Object.values((mod as unknown as { GgufArchitectureType: Record<string, string> }).GgufArchitectureType);
    return known.includes(architecture) ? undefined : architecture;
  } catch {
    return undefined;
  }
}
