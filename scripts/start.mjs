// `npm start`: the product in a real VS Code on a machine without VS Code. Packages the VSIX,
// makes sure code-server is installed (once, into a cache), installs the VSIX into a fresh
// profile, starts code-server on 127.0.0.1 with examples/ open, prints the URL and keeps running
// until Ctrl+C, then removes the profile.
//   npm start [-- --port 8080]
// (The npm script runs `npm run build` first; packaging rebuilds for production anyway.)
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(fileURLToPath(import.meta.url), '..', '..');
const { values } = parseArgs({ options: { port: { type: 'string' }, target: { type: 'string', default: 'linux-x64' } } });

function fail(message) {
  console.error(`npm start: ${message}`);
  process.exit(1);
}

function run(step, command, args) {
  const result = spawnSync(command, args, { cwd: root, stdio: 'inherit' });
  if (result.error || result.status !== 0) fail(`${step} failed (${result.error?.message ?? `exit ${result.status}`})`);
}

run('packaging the VSIX (scripts/package.mjs)', process.execPath, ['scripts/package.mjs', '--target', values.target]);
// The launcher is the e2e harness's own code (one way to start code-server, tested by CI);
// compile just that part, so a type error elsewhere in the tree does not stop the demo.
run('compiling the harness (tsconfig.e2e.json)', process.execPath, [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.e2e.json']);

const require = createRequire(import.meta.url);
const { ensureCodeServer, installVsix, makeProfile, startCodeServer } = require(join(root, 'out', 'test', 'e2e', 'harness', 'codeServer.js'));

const profileRoot = mkdtempSync(join(tmpdir(), 'xlam-start-'));
// Runs on every way out, Ctrl+C included (the harness turns signals into process.exit and kills
// code-server's process group on exit).
process.on('exit', () => rmSync(profileRoot, { recursive: true, force: true }));

try {
  const { entry } = await ensureCodeServer();
  const profile = makeProfile(profileRoot);
  await installVsix(entry, profile, join(root, 'dist-vsix', `xlam-tool-lab-${values.target}.vsix`));
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port > 0 && port < 65536)) fail(`--port must be a port number (got "${values.port}")`);
  const server = await startCodeServer(entry, profile, { port });
  // Slashes stay readable in the printed URL; each path segment is still encoded.
  const url = `${server.url}/?folder=${join(root, 'examples').split('/').map(encodeURIComponent).join('/')}`;
  console.log(`\nxLAM Tool Lab is running in VS Code (code-server) at:\n\n  ${url}\n\nOpen it in a browser (from another machine: ssh -L ${server.port}:127.0.0.1:${server.port}). Ctrl+C stops it.\n`);
  const code = await server.group.exited;
  fail(`code-server stopped by itself (${code}):\n${server.output().trim().split('\n').slice(-15).join('\n')}`);
} catch (error) {
  fail(error instanceof Error ? error.message : String(error));
}
