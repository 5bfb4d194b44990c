import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { basename } from 'node:path';
import { Failure, summarizeOutput, waitFor } from './steps';

/**
 * Child processes started in their own process group, so that teardown reaches everything they
 * start in turn (code-server forks an extension host, a pty host, file watchers...). Every group
 * is remembered until it is stopped; on any exit of the runner, even an uncaught error or Ctrl+C,
 * the remaining groups are killed, so no run leaves processes behind.
 */
export interface Group {
  child: ChildProcess;
  /** Everything the process printed so far (stdout and stderr), for failure messages. */
  output: () => string;
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<number | string>;
  stop: () => Promise<void>;
}

const live = new Set<number>();
const started: number[] = [];

/** Every process group this process started, stopped or not (the fault tests check they are gone). */
export function startedGroups(): readonly number[] {
  return started;
}

/** Whether any process of group `pid` still exists (zombies included, as `kill -0` sees them). */
export function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function killGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}

let hooksInstalled = false;
function installExitHooks(): void {
  if (hooksInstalled) return;
  hooksInstalled = true;
  // 'exit' handlers must be synchronous: process.kill is, so SIGKILL whatever is still alive.
  process.on('exit', () => {
    for (const pid of live) killGroup(pid, 'SIGKILL');
  });
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => process.exit(130));
  }
}

export function spawnGroup(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; echo?: (line: string) => void } = {}): Group {
  installExitHooks();
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const collect = (chunk: Buffer): void => {
    const text = chunk.toString('utf8');
    output = (output + text).slice(-64 * 1024);
    if (options.echo) for (const line of text.split('\n')) if (line.trim()) options.echo(line);
  };
  child.stdout?.on('data', collect);
  child.stderr?.on('data', collect);
  const pid = child.pid;
  if (pid !== undefined) {
    live.add(pid);
    started.push(pid);
  }
  const exited = new Promise<number | string>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? signal ?? 'unknown'));
    child.on('error', (error) => resolve(error.message));
  });
  const stop = async (): Promise<void> => {
    if (pid === undefined) return;
    killGroup(pid, 'SIGTERM');
    const timer = setTimeout(() => killGroup(pid, 'SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    // The leader is gone; anything else left in its group gets no second chance, and stop()
    // returns once the kernel says the whole group is gone.
    killGroup(pid, 'SIGKILL');
    await waitFor(`process group ${pid} to be gone`, 10_000, () => !groupAlive(pid), 20).catch(() => undefined);
    live.delete(pid);
  };
  return { child, output: () => output, exited, stop };
}

/**
 * Runs a command to completion in its own group; rejects with a one-line summary of its output
 * when it fails or outlives `timeoutMs` (the full output goes in the error's detail).
 */
export async function runToEnd(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number; label?: string; echo?: (line: string) => void }): Promise<string> {
  const group = spawnGroup(command, args, options);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void group.stop();
  }, options.timeoutMs);
  const label = options.label ?? [basename(command), ...args.slice(0, 1).map((arg) => basename(arg))].join(' ');
  const closed = once(group.child, 'close').then(([code]) => code as number | null, (error: Error) => error);
  const code = await closed;
  clearTimeout(timer);
  await group.stop();
  if (code instanceof Error) throw new Failure(`${label} could not be started: ${code.message}`);
  if (code !== 0) {
    const how = timedOut ? `did not finish within ${Math.round(options.timeoutMs / 1000)} s` : `exited with ${code ?? 'a signal'}`;
    throw new Failure(`${label} ${how}: ${summarizeOutput(group.output())}`, group.output());
  }
  return group.output();
}
