import { join } from 'node:path';
import type { Page } from 'playwright-core';
import type { Scenario } from '../scenarios/types';
import { resetWorkbench, saveFailureEvidence } from './isolation';
import { firstLine } from './steps';

/** One test's outcome as the run records it (test-results/e2e/results.json; the soak reads it). */
export interface TestRecord {
  name: string;
  kind: 'harness' | 'ui' | 'exthost';
  ok: boolean;
  ms: number;
  /** The test's own time limit, where it has one. */
  timeoutMs?: number;
  error?: string;
}

export interface ScenarioRunOptions {
  page: Page;
  resultsDir: string;
  userDataDir: string;
  measure: (name: string, value: string) => void;
}

export const slug = (name: string): string =>
  name
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

/** How long a scenario cut off by its limit may take to stop (its waits are 30 s at most). */
const STOP_GRACE_MS = 45_000;

/** Rejects after `ms` unless `work` settles first; the timer never outlives the race. */
async function withinTimeout<T>(work: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not finish within its ${ms} ms limit`)), ms);
  });
  try {
    return await Promise.race([work, limit]);
  } finally {
    clearTimeout(timer);
  }
}

/**
 * Runs one UI scenario in isolation: the workbench is reset to its known state first (a failed
 * reset fails this scenario, named as such, rather than letting it run on leftovers), the run is
 * held to the scenario's own time limit, a failure's evidence is saved before clean-up, and the
 * scenario's clean-up hooks run last, newest first.
 */
export async function runScenario(scenario: Scenario, options: ScenarioRunOptions): Promise<TestRecord> {
  const { page, resultsDir } = options;
  const cleanups: (() => Promise<void> | void)[] = [];
  const started = Date.now();
  let error: unknown;
  let work: Promise<void> | undefined;
  try {
    await resetWorkbench(page).catch((cause: unknown) => {
      throw new Error(`resetting the workbench before the scenario failed: ${cause instanceof Error ? firstLine(cause.message) : String(cause)}`);
    });
    work = scenario.run({
      page,
      screenshot: async (name) => {
        const path = join(resultsDir, `${name}.png`);
        await page.screenshot({ path });
        return path;
      },
      measure: options.measure,
      onCleanup: (cleanup) => cleanups.push(cleanup),
      saveFailureEvidence: (dir, name) => saveFailureEvidence(page, dir, name, options.userDataDir),
      userDataDir: options.userDataDir,
    });
    await withinTimeout(work, scenario.timeoutMs, `the scenario "${scenario.name}"`);
  } catch (caught) {
    error = caught;
  }
  const ms = Date.now() - started;
  if (error !== undefined) await saveFailureEvidence(page, resultsDir, slug(scenario.name), options.userDataDir);
  // A scenario cut off by its limit is still running: let it end (each of its waits has a
  // deadline) before cleaning up under it or starting the next one. One that does not end
  // within the grace has a wait without a deadline: that is named, not waited for forever.
  if (work !== undefined) {
    const ended = await withinTimeout(work.then(() => true, () => true), STOP_GRACE_MS, 'ending').catch(() => false);
    if (!ended) error = new Error(`${error instanceof Error ? `${error.message}; ` : ''}the scenario still had not stopped ${STOP_GRACE_MS} ms after its limit (a wait with no deadline)`);
  }
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch (cleanupError) {
      error ??= new Error(`clean-up failed: ${cleanupError instanceof Error ? cleanupError.message : String(cleanupError)}`);
    }
  }
  return {
    name: scenario.name,
    kind: 'ui',
    ok: error === undefined,
    ms,
    timeoutMs: scenario.timeoutMs,
    ...(error === undefined ? {} : { error: error instanceof Error ? error.message : JSON.stringify(error) }),
  };
}
