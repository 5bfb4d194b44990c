// `npm start`: the product in a real VS Code on a machine without VS Code. Packages the VSIX,
// makes sure code-server is installed (once, into a cache), installs the VSIX into a fresh
// profile, starts code-server on 127.0.0.1 with examples/ open, prints the URL and keeps running
// until Ctrl+C, then removes the profile.
//   npm start [-- --port 8080]
// (Packaging builds the extension for production, so the npm script runs nothing before this.)
// A --port that is taken fails at once, before the minute of packaging. A first run installs
// code-server, and before that, on Debian, the system packages its install needs (see
// scripts/e2e/ensure-code-server.mjs): run from a terminal, so sudo can ask for a password.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { ensureCodeServer } from './e2e/ensure-code-server.mjs';

const root = join(fileURLToPath(import.meta.url), '..', '..');

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

let values;
try {
  ({ values } = parseArgs({ options: { port: { type: 'string' }, target: { type: 'string', default: 'linux-x64' } } }));
} catch (error) {
  fail(`${error instanceof Error ? error.message : String(error)} (usage: npm start [-- --port N])`);
}
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(/^\d+$/.test(values.port) && port > 0 && port < 65536)) fail(`--port must be a port number (got "${values.port}")`);

/** The same check the harness makes before it starts code-server, made before packaging. */
async function checkPortFree(port) {
  await new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error) => {
      if (error.code === 'EADDRINUSE') fail(`checking --port failed: port ${port} on 127.0.0.1 is already in use by another process; choose another port or stop that process`);
      fail(`checking --port failed: cannot listen on 127.0.0.1:${port} (${error.code ?? error.message})`);
    });
    server.listen(port, '127.0.0.1', () => server.close(resolve));
  });
}
if (port !== undefined) await checkPortFree(port);

function run(step, command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error || result.status !== 0) fail(`${step} failed (${result.error?.message ?? `exit ${result.status}`})`);
}

let entry;
// First, so a machine that cannot run code-server says so before a minute of packaging.
try {
  // In this process, not a child: the system-package step may need the terminal (sudo).
  entry = ensureCodeServer();
} catch (error) {
  fail(`installing code-server (scripts/e2e/ensure-code-server.mjs) failed: ${error instanceof Error ? error.message : String(error)}`);
}

run('packaging the VSIX (scripts/package.mjs)', process.execPath, ['scripts/package.mjs', '--target', values.target]);
// The launcher is the e2e harness's own code (one way to start code-server, tested by CI);
// compile just that part, so a type error elsewhere in the tree does not stop the demo.
run('compiling the harness (tsconfig.e2e.json)', process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.e2e.json']);

const require = createRequire(import.meta.url);
const { installVsix, makeProfile, startCodeServer } = require(join(root, 'out', 'test', 'e2e', 'harness', 'codeServer.js'));

const profileRoot = mkdtempSync(join(tmpdir(), 'xlam-start-'));
// Runs on every way out, Ctrl+C included (the harness turns signals into process.exit and kills
// code-server's process group on exit).
process.on('exit', () => rmSync(profileRoot, { recursive: true, force: true }));

try {
  const profile = makeProfile(profileRoot);
  await installVsix(entry, profile, join(root, 'dist-vsix', `xlam-tool-lab-${values.target}.vsix`));
  const server = await startCodeServer(entry, profile, { port });
  // Slashes stay readable in the printed URL; each path segment is still encoded.
  const url = `${server.url}/?folder=${join(root, 'examples').split('/').map(encodeURIComponent).join('/')}`;
  console.log(`\nxLAM Tool Lab is running in VS Code (code-server) at:\n\n  ${url}\n\nOpen it in a browser (from another machine: ssh -L ${server.port}:127.0.0.1:${server.port}). Ctrl+C stops it.\n`);
  const code = await server.group.exited;
  fail(`code-server stopped by itself (${code}):\n${server.output().trim().split('\n').slice(-15).join('\n')}`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
