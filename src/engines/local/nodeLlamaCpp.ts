/**
 * The one door to node-llama-cpp. It is ESM with native binaries and heavy to load, so it is
 * imported lazily on first local-model use, never at activation, and one `Llama` is kept.
 */
import type { Llama, LlamaLogLevel, NodeLlamaCpp } from './llamaTypes';

let modulePromise: Promise<NodeLlamaCpp> | undefined;
let loaded = false;

export function isNodeLlamaCppLoaded(): boolean {
  return loaded;
}

export async function nodeLlamaCpp(): Promise<NodeLlamaCpp> {
  modulePromise ??= import('node-llama-cpp').then((mod) => {
    loaded = true;
    return mod;
  });
  return modulePromise;
}

export type GpuSetting = 'auto' | 'cpu';

export interface RuntimeOptions {
  gpu: GpuSetting;
  /** Upper bound of threads for every context of this runtime. */
  maxThreads: number;
  /** Receives node-llama-cpp's own log lines (warnings and errors). */
  log?: (level: 'info' | 'warn' | 'error', message: string) => void;
}

let runtime: { key: string; llama: Promise<Llama> } | undefined;

/** The shared Llama instance; a different GPU setting disposes the old one and makes a new one. */
export async function getRuntime(options: RuntimeOptions): Promise<Llama> {
  const key = `${options.gpu}:${options.maxThreads}`;
  if (runtime?.key === key) return runtime.llama;
  const previous = runtime;
  const mod = await nodeLlamaCpp();
  const llama = (async () => {
    if (previous) await (await previous.llama).dispose().catch(() => undefined);
    return mod.getLlama({
      // "auto" tries CUDA, Vulkan and Metal and falls back to the CPU when none works.
      gpu: options.gpu === 'cpu' ? false : 'auto',
      // Never compile llama.cpp inside a user's editor: prebuilt binaries or a clear error.
      build: 'never',
      maxThreads: options.maxThreads,
      logLevel: mod.LlamaLogLevel.warn,
      logger: (level: LlamaLogLevel, message: string) => {
        const text = message.trim();
        if (text === '' || options.log === undefined) return;
        options.log(level === mod.LlamaLogLevel.error || level === mod.LlamaLogLevel.fatal ? 'error' : level === mod.LlamaLogLevel.warn ? 'warn' : 'info', text);
      },
    });
  })();
  runtime = { key, llama };
  try {
    return await llama;
  } catch (error) {
    runtime = undefined;
    throw error;
  }
}

/** Frees the shared runtime (extension deactivation, tests). */
export async function disposeRuntime(): Promise<void> {
  const current = runtime;
  runtime = undefined;
  if (current) await (await current.llama).dispose().catch(() => undefined);
}
