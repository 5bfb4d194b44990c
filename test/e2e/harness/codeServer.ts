import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runToEnd, spawnGroup, type Group } from './processes';
import { Failure, GiveUp, repoRoot, step, summarizeOutput, waitFor } from './steps';

/**
 * code-server (VS Code 1.100.3 for the browser) as the harness uses it: installed once into a
 * cache by scripts/e2e/ensure-code-server.mjs, started per run with throwaway user-data and
 * extensions folders so no run sees another's state.
 */

/** ensure-code-server's progress lines (a first install takes minutes), not npm's output. */
function echoProgress(line: string): void {
  if (/^(ensure-code-server|install-system-deps):/.test(line)) console.error(line);
}

/**
 * Installs code-server if needed (the .mjs is also `npm run e2e:setup`). Returns the path of its
 * entry.js and, for the run's report, how long the step took and whether it installed anything.
 */
export async function ensureCodeServer(): Promise<{ entry: string; seconds: number; installed: boolean }> {
  return step('installing code-server (scripts/e2e/ensure-code-server.mjs)', async () => {
    const started = Date.now();
    const output = await runToEnd(process.execPath, [join(repoRoot(), 'scripts', 'e2e', 'ensure-code-server.mjs'), '--quiet'], { timeoutMs: 30 * 60_000, label: 'scripts/e2e/ensure-code-server.mjs', echo: echoProgress });
    const entry = output.trim().split('\n').pop();
    if (!entry?.endsWith('entry.js')) throw new Error(`unexpected output: ${output}`);
    return { entry, seconds: (Date.now() - started) / 1000, installed: output.includes('installed in') };
  });
}

/** A port the OS just handed out; code-server failing to bind it is still caught at startup. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/**
 * Fails at once, with a message that says so, when something already listens on 127.0.0.1:port
 * (a wildcard listener on the port counts too: binding 127.0.0.1 then fails the same way).
 */
export async function assertPortFree(port: number): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new Error(`port ${port} on 127.0.0.1 is already in use by another process; choose another port or stop that process`));
      else if (error.code === 'EACCES') reject(new Error(`not allowed to listen on port ${port} (ports below 1024 need privileges); choose another port`));
      else reject(error);
    });
    server.listen(port, '127.0.0.1', () => server.close(() => resolve()));
  });
}

/** One GET of /healthz that gives up after `timeoutMs` (a socket that accepts and never answers). */
export async function probeHealthz(url: string, timeoutMs = 2000, signal?: AbortSignal): Promise<boolean> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const response = await fetch(`${url}/healthz`, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout }).catch(() => undefined);
  // Read the body, so the connection is not left half-used.
  await response?.arrayBuffer().catch(() => undefined);
  return response?.ok === true;
}

/** Settings that keep the workbench quiet and deterministic: no trust prompt, no welcome page. */
const USER_SETTINGS = {
  'security.workspace.trust.enabled': false,
  'workbench.startupEditor': 'none',
  'workbench.tips.enabled': false,
  'workbench.enableExperiments': false,
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'extensions.ignoreRecommendations': true,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'git.enabled': false,
  'chat.commandCenter.enabled': false,
  'window.restoreWindows': 'none',
  // VS Code in a browser saves after a 1 s delay by default; desktop VS Code does not. Off, as on the
  // desktop, so an unsaved edit stays unsaved until the scenario saves it (close-unsaved and hot-exit tests).
  'files.autoSave': 'off',
};

export interface Profile {
  root: string;
  userDataDir: string;
  extensionsDir: string;
  configFile: string;
}

/** A fresh profile under `root`: user settings, an empty extensions folder, a config file. */
export function makeProfile(root: string): Profile {
  const profile = { root, userDataDir: join(root, 'user-data'), extensionsDir: join(root, 'extensions'), configFile: join(root, 'config.yaml') };
  mkdirSync(join(profile.userDataDir, 'User'), { recursive: true });
  mkdirSync(profile.extensionsDir, { recursive: true });
  writeFileSync(join(profile.userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  // Our own config file, so code-server never writes ~/.config/code-server/config.yaml.
  writeFileSync(profile.configFile, 'auth: none\ncert: false\n');
  return profile;
}

function profileArgs(profile: Profile): string[] {
  return ['--config', profile.configFile, '--user-data-dir', profile.userDataDir, '--extensions-dir', profile.extensionsDir];
}

export async function installVsix(entry: string, profile: Profile, vsix: string): Promise<void> {
  await step(`installing the VSIX ${vsix}`, async () => {
    const output = await runToEnd(process.execPath, [entry, ...profileArgs(profile), '--install-extension', vsix], { timeoutMs: 120_000, label: 'code-server --install-extension' });
    if (!/successfully installed/i.test(output)) throw new Failure(`code-server did not confirm the install: ${summarizeOutput(output)}`, output);
  });
}

export interface RunningCodeServer {
  url: string;
  port: number;
  group: Group;
  /** Whatever code-server logged so far. */
  output: () => string;
  stop: () => Promise<void>;
}

const STARTUP_TIMEOUT_MS = 60_000;

/**
 * Starts code-server on 127.0.0.1 (on `port`, checked to be free first, or on a free one) and
 * waits until it is ready, as one step. Ready means: our child is still running, it logged that
 * *it* listens on that port (so nobody else holds the port), and /healthz answers there.
 */
export async function startCodeServer(entry: string, profile: Profile, options: { env?: NodeJS.ProcessEnv; echo?: (line: string) => void; port?: number; timeoutMs?: number } = {}): Promise<RunningCodeServer> {
  return step('starting code-server', async () => {
    if (options.port !== undefined) await assertPortFree(options.port);
    return launchCodeServer(entry, profile, options.port ?? (await freePort()), options);
  });
}

/** startCodeServer without the port check: what a port taken in between looks like (tests). */
export async function launchCodeServer(entry: string, profile: Profile, port: number, options: { env?: NodeJS.ProcessEnv; echo?: (line: string) => void; timeoutMs?: number } = {}): Promise<RunningCodeServer> {
  const args = [entry, ...profileArgs(profile), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'];
  const group = spawnGroup(process.execPath, args, { env: { ...process.env, ...options.env }, echo: options.echo });
  const url = `http://127.0.0.1:${port}`;
  try {
    await awaitReady(group, port, options.timeoutMs ?? STARTUP_TIMEOUT_MS);
  } catch (error) {
    await group.stop();
    throw error;
  }
  return { url, port, group, output: group.output, stop: group.stop };
}

/** The line code-server logs once its HTTP server is bound (code-server 4.x). */
const listeningLine = (port: number): string => `HTTP server listening on http://127.0.0.1:${port}/`;

/**
 * Waits for the code-server in `group` to be ready on `port`; gives up at once when it exits.
 * A /healthz answer alone proves nothing (any server on the port could give it), so it counts
 * only after our own child said it listens there.
 */
export async function awaitReady(group: Group, port: number, timeoutMs: number): Promise<void> {
  let exited: number | string | undefined;
  void group.exited.then((code) => (exited = code));
  const url = `http://127.0.0.1:${port}`;
  const gaveUp = (why: string): GiveUp => new GiveUp(`${why}: ${summarizeOutput(group.output())}`, group.output());
  await waitFor(`code-server to listen on ${url} and answer /healthz`, timeoutMs, async (signal) => {
    if (exited !== undefined) throw gaveUp(`code-server exited (${exited}) before it was ready`);
    if (!group.output().includes(listeningLine(port))) return false;
    return probeHealthz(url, 2000, signal);
  });
  if (exited !== undefined) throw gaveUp(`code-server exited (${exited}) right after it was ready`);
}
