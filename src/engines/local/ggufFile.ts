import { open, stat, type FileHandle } from 'node:fs/promises';
import { basename } from 'node:path';
import { EngineError } from '../../core/engine/types';
import { describeGgufError } from '../../core/gguf/describeGgufError';
import { readGguf, type GgufFileInfo } from '../../core/gguf/ggufReader';
import { GgufError } from '../../core/gguf/ggufTypes';

/**
 * A GGUF header (metadata and tensor infos) read from an open file with our own reader: only the
 * bytes the header needs are read, so a 1 GB model costs a few kilobytes. Callers open and close
 * the file, and turn failures into their own errors.
 */
export async function readGgufHeader(file: FileHandle): Promise<GgufFileInfo> {
  const { size } = await file.stat();
  return readGguf(async (offset, length) => {
    const buffer = new Uint8Array(length);
    const { bytesRead } = await file.read(buffer, 0, length, offset);
    return buffer.subarray(0, bytesRead);
  }, size);
}

/**
 * Reads and checks a model file's header with our reader before native code sees it: llama.cpp
 * (and node-llama-cpp's own reader) answer a damaged file with JS internals, a huge allocation or
 * a hang. Every failure is an EngineError whose message is one sentence saying which part of the
 * file is bad, at which byte, and what to do.
 */
export async function checkModelFile(modelPath: string): Promise<GgufFileInfo> {
  let size: number;
  try {
    const info = await stat(modelPath);
    if (!info.isFile()) throw new EngineError('model-not-found', `${modelPath} is not a file`);
    size = info.size;
  } catch (error) {
    if (error instanceof EngineError) throw error;
    throw new EngineError('model-not-found', `no model file at ${modelPath}`, { cause: error });
  }
  if (size === 0) throw new EngineError('model-corrupt', `${modelPath} is not a GGUF model file: the file is empty`);
  let handle: FileHandle;
  try {
    handle = await open(modelPath, 'r');
  } catch (error) {
    throw new EngineError('model-not-found', `cannot open ${modelPath}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { cause: error });
  }
  try {
    return await readGgufHeader(handle);
  } catch (error) {
    if (!(error instanceof GgufError)) throw error;
    const code = error.kind === 'unsupported' ? 'unsupported-model' : 'model-corrupt';
    throw new EngineError(code, describeGgufError(error, basename(modelPath), size), { cause: error });
  } finally {
    await handle.close();
  }
}
