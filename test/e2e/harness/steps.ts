import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A setup step that failed. The runner prints `<step> failed: <message>` once and stops, so a
 * broken machine (no Chromium, code-server that will not start, a taken port) reads as one line
 * naming the step instead of a cascade of scenario failures or a hang. `detail` keeps the full
 * output of whatever failed (the runner saves it to a file instead of printing it).
 */
export class StepError extends Error {
  constructor(
    readonly step: string,
    message: string,
    readonly detail?: string,
  ) {
    super(`${step} failed: ${message}`);
  }
}

/** An error whose message is meant for the user as it is, with the raw output kept aside. */
export class Failure extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/** Runs one named setup step, turning any error into a StepError that names it. */
export async function step<T>(name: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof StepError) throw error;
    const detail = error instanceof Failure || error instanceof GiveUp ? error.detail : undefined;
    throw new StepError(name, firstLine(error instanceof Error ? error.message : String(error)), detail);
  }
}

/** The first non-empty line of a message (Playwright and Node errors append call logs and stacks). */
export function firstLine(message: string): string {
  return message.split('\n').find((line) => line.trim() !== '')?.trim() ?? message;
}

/**
 * The lines of a tool's output that say what went wrong, on one line: no stack frames, no
 * dumped error fields, no code frames; the error lines if there are any, else the last lines.
 */
export function summarizeOutput(output: string, maxLines = 3): string {
  const lines = output
    .split('\n')
    // code-server's log lines start with a timestamp: "[2026-01-01T00:00:00.000Z] error ...".
    .map((line) => line.trim().replace(/^\[\d{4}-[\d:.TZ-]+\]\s*/, ''))
    .filter((line) => line !== '' && !/^at\s/.test(line) && !/^[{}]$/.test(line) && !/^\w+: '.*',?$/.test(line) && !/^(\d+ \||-+\^)/.test(line));
  const errors = lines.filter((line) => /error|fail|cannot|denied|not found|EADDRINUSE|ENOENT/i.test(line));
  const chosen = (errors.length > 0 ? errors : lines).slice(-maxLines);
  return chosen.join(' / ') || '(no output)';
}

/** Thrown from a waitFor probe to stop waiting at once (the awaited thing can no longer happen). */
export class GiveUp extends Error {
  constructor(
    message: string,
    readonly detail?: string,
  ) {
    super(message);
  }
}

/**
 * Polls `probe` until it returns a value other than undefined/false, or fails after `timeoutMs`.
 * Every wait in the harness goes through here or through Playwright's own auto-waiting, so there
 * is no fixed sleep anywhere: a slow machine waits longer, a broken one fails with `what`.
 * The deadline holds even when a probe never settles (a socket that accepts and never answers):
 * each probe is raced against the time left, and its `signal` aborts when that time is up, so a
 * probe that does I/O should pass it on (fetch(url, { signal })).
 */
export async function waitFor<T>(what: string, timeoutMs: number, probe: (signal: AbortSignal) => Promise<T | undefined | false> | T | undefined | false, intervalMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const expired = new AbortController();
  let lastError: unknown;
  const timedOut = (hung = false): Error => {
    const cause = hung ? ' (the check in progress had not returned)' : lastError instanceof Error ? ` (last error: ${firstLine(lastError.message)})` : '';
    return new Error(`timed out after ${timeoutMs} ms waiting for ${what}${cause}`);
  };
  let timer: NodeJS.Timeout | undefined;
  const deadlinePassed = new Promise<'deadline'>((resolve) => {
    timer = setTimeout(() => {
      expired.abort(new Error(`the wait for ${what} timed out`));
      resolve('deadline');
    }, timeoutMs);
  });
  try {
    for (;;) {
      const attempt = Promise.resolve().then(() => probe(expired.signal));
      // A probe abandoned at the deadline may still reject later: that is expected, not a crash.
      attempt.catch(() => undefined);
      const outcome = await Promise.race([attempt.then((value) => ({ value }), (error: unknown) => ({ error })), deadlinePassed]);
      if (outcome === 'deadline') throw timedOut(true);
      if ('error' in outcome) {
        if (outcome.error instanceof GiveUp) throw outcome.error;
        lastError = outcome.error;
      } else if (outcome.value !== undefined && outcome.value !== false) {
        return outcome.value;
      }
      if (Date.now() >= deadline) throw timedOut();
      const pause = await Promise.race([new Promise<'next'>((resolve) => setTimeout(() => resolve('next'), Math.min(intervalMs, Math.max(0, deadline - Date.now())))), deadlinePassed]);
      if (pause === 'deadline') throw timedOut();
    }
  } finally {
    clearTimeout(timer);
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
