import { readFileSync } from 'node:fs';
import { availableParallelism, cpus } from 'node:os';

/**
 * Below this file size a model's per-token work is too small to share: threads spend more time
 * waiting for each other than computing (measured here: a 9.6 MB test model decodes at ~400
 * tokens/s on 1 thread and 36–160 on 2).
 */
export const TINY_MODEL_BYTES = 64 * 1024 * 1024;

/**
 * llama.cpp decodes fastest with one thread per physical core; more threads than cores makes it
 * crawl (measured here: a 1B model at 0.4 tokens/s with 4 threads on 2 cores, 22 with 2).
 * node-llama-cpp's default is at least 4, so we always choose: the setting, else 1 for a tiny
 * model, else one per physical core.
 */
export function chooseThreadCount(setting: number | undefined, modelBytes?: number): number {
  if (setting !== undefined && Number.isInteger(setting) && setting > 0) return setting;
  if (modelBytes !== undefined && modelBytes < TINY_MODEL_BYTES) return 1;
  return machineThreadCount();
}

/** One per physical core, never more than the process may use. */
export function machineThreadCount(): number {
  return Math.max(1, Math.min(physicalCoreCount(), availableParallelism()));
}

/** Physical cores: unique (package, core) pairs on Linux; otherwise the logical count. */
export function physicalCoreCount(cpuinfo?: string): number {
  let text = cpuinfo;
  if (text === undefined) {
    try {
      text = readFileSync('/proc/cpuinfo', 'utf8');
    } catch {
      return cpus().length || 1;
    }
  }
  const cores = new Set<string>();
  for (const block of text.split(/\n\s*\n/)) {
    const pkg = /^physical id\s*:\s*(\d+)/m.exec(block)?.[1];
    const core = /^core id\s*:\s*(\d+)/m.exec(block)?.[1];
    if (pkg !== undefined && core !== undefined) cores.add(`${pkg}:${core}`);
  }
  return cores.size > 0 ? cores.size : cpus().length || 1;
}
