import type { Llama, LlamaModel } from './llamaTypes';
import { EngineError } from '../../core/engine/types';
import type { GgufFileInfo } from '../../core/gguf/ggufReader';
import { metadataString } from '../../core/gguf/ggufTypes';
import { checkModelFile } from './ggufFile';
import { nodeLlamaCpp } from './nodeLlamaCpp';

/**
 * Loads a GGUF with every failure turned into an EngineError that says what is wrong with which
 * file: missing, not a GGUF, truncated, an architecture llama.cpp does not know, or too big.
 * `checked`: the header checkModelFile() already read (the engine checks before it starts the
 * runtime, so a damaged file fails in milliseconds).
 */
export async function loadModelFile(llama: Llama, modelPath: string, options: { signal?: AbortSignal; onProgress?: (fraction: number) => void; checked?: GgufFileInfo }): Promise<LlamaModel> {
  const header = options.checked ?? (await checkModelFile(modelPath));
  try {
    return await llama.loadModel({
      modelPath,
      gpuLayers: 'auto',
      ...(options.signal ? { loadSignal: options.signal } : {}),
      ...(options.onProgress ? { onLoadProgress: options.onProgress } : {}),
    });
  } catch (error) {
    throw await classifyLoadError(error, modelPath, header, options.signal);
  }
}

async function classifyLoadError(error: unknown, modelPath: string, header: GgufFileInfo, signal: AbortSignal | undefined): Promise<EngineError> {
  if (error instanceof EngineError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (signal?.aborted) return new EngineError('cancelled', `loading ${modelPath} was cancelled`, { cause: error });
  // llama.cpp only says "Failed to load model"; the header tells an unknown architecture apart.
  const architecture = await unknownArchitecture(header);
  if (architecture !== undefined) {
    return new EngineError('unsupported-model', `${modelPath}: llama.cpp does not support the model architecture "${architecture}"`, { cause: error });
  }
  if (/unknown (model )?architecture|unsupported (model )?architecture/i.test(message)) {
    return new EngineError('unsupported-model', `${modelPath}: llama.cpp does not support this model's architecture (${message})`, { cause: error });
  }
  if ((error instanceof Error && error.name === 'InsufficientMemoryError') || /memory|alloc/i.test(message)) {
    return new EngineError('out-of-memory', `not enough memory to load ${modelPath}: ${message}. Choose a smaller quantization or force the CPU backend`, { cause: error });
  }
  // Our reader found the header sound, so what llama.cpp refused is in the tensors it checks itself.
  return new EngineError('model-corrupt', `${modelPath} could not be loaded: its header reads fine, but llama.cpp refused the model (${message}); the file may be damaged or made for another llama.cpp version: download it again`, { cause: error });
}

/** The file's `general.architecture` when node-llama-cpp does not know it; undefined otherwise. */
async function unknownArchitecture(header: GgufFileInfo): Promise<string | undefined> {
  const architecture = metadataString(header.metadata, 'general.architecture');
  if (architecture === undefined) return undefined;
  // Declared as a const enum, but a real object at runtime: the architectures it knows.
  const mod = (await nodeLlamaCpp()) as unknown as { GgufArchitectureType: Record<string, string> };
  return Object.values(mod.GgufArchitectureType).includes(architecture) ? undefined : architecture;
}
