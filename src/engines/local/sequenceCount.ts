import type { Llama, LlamaModel } from './llamaTypes';

/** `sequences` of the local engine: a count, or "auto" to fit the count to the context and memory. */
export type SequenceSetting = number | 'auto';

/**
 * Most sequences "auto" picks. On CPU a decode step reads every weight once for the whole batch,
 * so a few sequences share that cost; past a handful each step is compute-bound and more only
 * multiplies KV memory.
 */
export const AUTO_MAX_SEQUENCES = 4;

/** Share of the free memory the context's KV cache and buffers may take when choosing "auto". */
export const AUTO_MEMORY_SHARE = 0.5;

export interface SequenceMemory {
  /** Bytes a context of `n` sequences needs (each sequence has the full per-sequence context). */
  contextBytes(n: number): number;
  /** Free bytes where the context lives (RAM on CPU, VRAM on a GPU). */
  freeBytes: number;
}

/**
 * How many sequences the engine's context gets: undefined → 1 (one run at a time, as before);
 * a number → exactly that; "auto" → the most, up to AUTO_MAX_SEQUENCES, whose context fits in
 * AUTO_MEMORY_SHARE of the free memory. Every sequence has the whole per-sequence context size,
 * so a longer context leaves room for fewer sequences.
 */
export function chooseSequenceCount(setting: SequenceSetting | undefined, memory: SequenceMemory | undefined): number {
  if (setting === undefined) return 1;
  if (setting !== 'auto') {
    if (!Number.isInteger(setting) || setting < 1) throw new RangeError(`sequences must be an integer ≥ 1 or "auto" (got ${String(setting)})`);
    return setting;
  }
  if (memory === undefined) return 1;
  let n = 1;
  while (n < AUTO_MAX_SEQUENCES && memory.contextBytes(n + 1) <= memory.freeBytes * AUTO_MEMORY_SHARE) n++;
  return n;
}

/** node-llama-cpp's own estimate of a context's memory and the free memory where it would live. */
export async function sequenceMemory(llama: Llama, model: LlamaModel, contextSize: number): Promise<SequenceMemory> {
  const onGpu = llama.gpu !== false && model.gpuLayers > 0;
  const freeBytes = onGpu ? (await llama.getVramState()).free : (await llama.getRamState()).free;
  const estimates = new Map<number, number>();
  for (let n = 1; n <= AUTO_MAX_SEQUENCES; n++) {
    const need = await model.fileInsights.estimateContextResourceRequirementsV2({ contextSize, sequences: n, modelGpuLayers: model.gpuLayers });
    estimates.set(n, onGpu ? need.gpuVram : need.cpuRam);
  }
  return { freeBytes, contextBytes: (n) => estimates.get(n) ?? Number.POSITIVE_INFINITY };
}
