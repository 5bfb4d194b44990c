import { mkdirSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { runToEnd, spawnGroup, type Group } from './processes';
import { GiveUp, repoRoot, step, waitFor } from './steps';

/**
 * code-server (VS Code 1.100.3 for the browser) as the harness uses it: installed once into a
 * cache by scripts/e2e/ensure-code-server.mjs, started per run with throwaway user-data and
 * extensions folders so no run sees another's state.
 */

/**
 * Installs code-server if needed (the .mjs is also `npm run e2e:setup`). Returns the path of its
 * entry.js and, for the run's report, how long the step took and whether it installed anything.
 */
export async function ensureCodeServer(): Promise<{ entry: string; seconds: number; installed: boolean }> {
  return step('installing code-server (scripts/e2e/ensure-code-server.mjs)', async () => {
    const started = Date.now();
    const output = await runToEnd(process.execPath, [join(repoRoot(), 'scripts', 'e2e', 'ensure-code-server.mjs'), '--quiet'], { timeoutMs: 15 * 60_000 });
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
    const output = await runToEnd(process.execPath, [entry, ...profileArgs(profile), '--install-extension', vsix], { timeoutMs: 120_000 });
    if (!/successfully installed/i.test(output)) throw new Error(`code-server did not confirm the install:\n${output}`);
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

export async function startCodeServer(entry: string, profile: Profile, options: { env?: NodeJS.ProcessEnv; echo?: (line: string) => void; port?: number } = {}): Promise<RunningCodeServer> {
  return step('starting code-server', async () => {
    const port = options.port ?? (await freePort());
    const args = [entry, ...profileArgs(profile), '--auth', 'none', '--bind-addr', `127.0.0.1:${port}`, '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust', '--disable-getting-started-override'];
    const group = spawnGroup(process.execPath, args, { env: { ...process.env, ...options.env }, echo: options.echo });
    const url = `http://127.0.0.1:${port}`;
    let exited: number | string | undefined;
    void group.exited.then((code) => (exited = code));
    try {
      await waitFor(`code-server to answer on ${url}/healthz`, 60_000, async () => {
        if (exited !== undefined) throw new GiveUp(`code-server exited (${exited}) before it was ready:\n${group.output().trim().split('\n').slice(-15).join('\n')}`);
        const response = await fetch(`${url}/healthz`).catch(() => undefined);
        return response?.ok === true;
      });
    } catch (error) {
      await group.stop();
      throw error;
    }
    return { url, port, group, output: group.output, stop: group.stop };
  });
}
