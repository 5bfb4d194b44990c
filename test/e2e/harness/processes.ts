import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';

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
  if (pid !== undefined) live.add(pid);
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
    // The leader is gone; anything else left in its group gets no second chance.
    killGroup(pid, 'SIGKILL');
    live.delete(pid);
  };
  return { child, output: () => output, exited, stop };
}

/** Runs a command to completion in its own group; rejects with its output tail when it fails. */
export async function runToEnd(command: string, args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs: number }): Promise<string> {
  const group = spawnGroup(command, args, options);
  const timer = setTimeout(() => void group.stop(), options.timeoutMs);
  const [code] = (await once(group.child, 'close')) as [number | null];
  clearTimeout(timer);
  await group.stop();
  if (code !== 0) {
    const tail = group.output().trim().split('\n').slice(-20).join('\n');
    throw new Error(`${[command, ...args].join(' ')} exited with ${code ?? 'a signal (timed out?)'}\n${tail}`);
  }
  return group.output();
}
