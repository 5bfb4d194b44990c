import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A setup step that failed. The runner prints `<step> failed: <message>` once and stops, so a
 * broken machine (no Chromium, code-server that will not start, a taken port) reads as one line
 * naming the step instead of a cascade of scenario failures or a hang.
 */
export class StepError extends Error {
  constructor(
    readonly step: string,
    message: string,
  ) {
    super(`${step} failed: ${message}`);
  }
}

/** Runs one named setup step, turning any error into a StepError that names it. */
export async function step<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StepError) throw error;
    throw new StepError(name, error instanceof Error ? error.message : String(error));
  }
}

/** Thrown from a waitFor probe to stop waiting at once (the awaited thing can no longer happen). */
export class GiveUp extends Error {}

/**
 * Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs`.
 * Every wait in the harness goes through here or through Playwright's own auto-waiting, so there
 * is no fixed sleep anywhere: a slow machine waits longer, a broken one fails with `what`.
 */
export async function waitFor<T>(what: string, timeoutMs: number, probe: () => Promise<T | undefined | false> | T | undefined | false, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let lastError: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      if (error instanceof GiveUp) throw error;
      lastError = error;
    }
    if (Date.now() >= deadline) {
      const cause = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

/** The repository root: the nearest folder above this file with our package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) || !existsSync(join(dir, 'esbuild.mjs'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no repository root above ${__dirname}`);
    dir = parent;
  }
  return dir;
}
