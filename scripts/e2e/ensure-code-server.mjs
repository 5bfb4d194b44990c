// Makes sure code-server (a real VS Code, web edition) is installed in a cache folder outside this
// project's own dependencies, so neither `npm ci` nor the VSIX ever carries it.
//   node scripts/e2e/ensure-code-server.mjs [--print-path]
// Idempotent: an install that finished (marker file present) is reused as it is. Prints the
// code-server launcher path as the last stdout line; exits 1 with one message naming the step.
// A first install needs rg, the Kerberos headers and node-gyp's toolchain from the system; when
// one is missing it runs scripts/ci/install-system-deps.sh for just those (Debian; sudo when not
// root), or says what to install (elsewhere, or with XLAM_NO_SYSTEM_INSTALL=1).
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = join(fileURLToPath(import.meta.url), '..', '..', '..');

export const CODE_SERVER_VERSION = '4.100.3';
// code-server 4.100.3's lib/vscode/npm-shrinkwrap.json pins @vscode/ripgrep to this version; its
// postinstall caches downloads in $TMPDIR/vscode-ripgrep-cache-<version>/.
const RIPGREP_PACKAGE_VERSION = '1.15.11';
// The release tag + target @vscode/ripgrep 1.15.x asks GitHub for on linux-x64.
const RIPGREP_ASSET = 'ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz';

export function codeServerHome() {
  const cacheRoot = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(cacheRoot, 'xlam-tool-lab', `code-server-${CODE_SERVER_VERSION}`);
}

/** The launcher script npm installs; running it with our node keeps node 20 (code-server requires 20). */
export function codeServerEntry(home = codeServerHome()) {
  return join(home, 'node_modules', 'code-server', 'out', 'node', 'entry.js');
}

const markerPath = (home) => join(home, '.installed');

export function isInstalled(home = codeServerHome()) {
  return existsSync(markerPath(home)) && readFileSync(markerPath(home), 'utf8').trim() === CODE_SERVER_VERSION && existsSync(codeServerEntry(home));
}

class StepError extends Error {}

function run(step, command, args, options) {
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (result.error || result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.trim().split('\n').slice(-25).join('\n');
    throw new StepError(`${step} failed (${result.error?.message ?? `exit ${result.status}`})\n${output}`);
  }
  return result.stdout;
}

function which(binary) {
  const result = spawnSync('/bin/sh', ['-c', `command -v ${binary}`], { encoding: 'utf8' });
  return result.status === 0 ? result.stdout.trim() : undefined;
}

/** What code-server's npm install takes from the system: [what, Debian package, present?]. */
const PREREQUISITES = [
  ['rg (ripgrep)', 'ripgrep', () => which('rg')],
  ['the Kerberos headers (krb5-config)', 'libkrb5-dev', () => which('krb5-config') || existsSync('/usr/include/gssapi/gssapi.h')],
  ['g++', 'g++', () => which('g++')],
  ['make', 'make', () => which('make')],
  ['python3', 'python3', () => which('python3')],
];

const missingPrerequisites = () => PREREQUISITES.filter(([, , present]) => !present());

/**
 * Makes sure the system has what the install needs, through scripts/ci/install-system-deps.sh
 * (its password prompt, if sudo asks, goes to the terminal; its one-line refusal becomes ours).
 */
function ensurePrerequisites(log) {
  const missing = missingPrerequisites();
  if (missing.length === 0) return;
  const packages = missing.map(([, pkg]) => pkg);
  log(`ensure-code-server: code-server's install needs ${missing.map(([what]) => what).join(', ')}; running scripts/ci/install-system-deps.sh ${packages.join(' ')}`);
  const result = spawnSync(join(root, 'scripts', 'ci', 'install-system-deps.sh'), packages, { stdio: ['inherit', 'inherit', 'pipe'], encoding: 'utf8' });
  if (result.stderr) process.stderr.write(result.stderr);
  const said = (result.stderr ?? '').trim().split('\n').filter((line) => line.startsWith('install-system-deps:')).pop();
  if (result.error || result.status !== 0) {
    throw new StepError(`installing system packages failed: ${said?.replace(/^install-system-deps: /, '') ?? result.error?.message ?? `exit ${result.status}`}`);
  }
  const still = missingPrerequisites();
  if (still.length > 0) throw new StepError(`installing system packages failed: still missing ${still.map(([what]) => what).join(', ')} after scripts/ci/install-system-deps.sh`);
}

/**
 * @vscode/ripgrep's postinstall downloads rg from GitHub, which is unreachable here. It first
 * looks in its cache folder, so we put Debian's rg there as the asset it expects: a tar.gz with
 * `rg` at the top level (the postinstall runs `tar xvf <asset> -C bin` and then wants bin/rg).
 */
function seedRipgrepCache(tmpDir) {
  const cacheDir = join(tmpDir, `vscode-ripgrep-cache-${RIPGREP_PACKAGE_VERSION}`);
  const asset = join(cacheDir, RIPGREP_ASSET);
  if (existsSync(asset)) return;
  const rg = which('rg');
  if (!rg) throw new StepError('seeding the ripgrep cache failed: no `rg` on PATH (run scripts/ci/install-system-deps.sh, or apt-get install ripgrep)');
  mkdirSync(cacheDir, { recursive: true });
  run('seeding the ripgrep cache', 'tar', ['-czf', asset, '-C', join(rg, '..'), 'rg']);
}

export function ensureCodeServer({ log = (line) => console.error(line) } = {}) {
  const home = codeServerHome();
  if (isInstalled(home)) return codeServerEntry(home);
  if (process.platform !== 'linux' || process.arch !== 'x64') {
    throw new StepError(`installing code-server: this setup step knows linux-x64 only (here: ${process.platform}-${process.arch})`);
  }
  ensurePrerequisites(log);
  const started = Date.now();
  log(`ensure-code-server: installing code-server@${CODE_SERVER_VERSION} into ${home} (takes a few minutes, once)`);
  // A half-finished earlier attempt is not trusted: start its node_modules over.
  rmSync(join(home, 'node_modules'), { recursive: true, force: true });
  mkdirSync(home, { recursive: true });
  // A package.json of its own stops npm from walking up into whatever project holds the cache.
  writeFileSync(join(home, 'package.json'), `${JSON.stringify({ name: 'xlam-code-server-cache', private: true }, null, 2)}\n`);
  const tmpDir = join(home, 'tmp');
  seedRipgrepCache(tmpDir);
  run(`npm install code-server@${CODE_SERVER_VERSION}`, 'npm', ['install', '--unsafe-perm', '--no-audit', '--no-fund', '--no-save', `code-server@${CODE_SERVER_VERSION}`], {
    cwd: home,
    env: { ...process.env, TMPDIR: tmpDir, npm_config_yes: 'true', npm_config_unsafe_perm: 'true' },
    // A stalled registry must end the step, not hang it (a normal install takes 1-2 minutes).
    timeout: 12 * 60_000,
    killSignal: 'SIGKILL',
  });
  if (!existsSync(codeServerEntry(home))) throw new StepError(`npm install code-server@${CODE_SERVER_VERSION} finished but ${codeServerEntry(home)} is missing`);
  writeFileSync(markerPath(home), `${CODE_SERVER_VERSION}\n`);
  log(`ensure-code-server: installed in ${Math.round((Date.now() - started) / 1000)} s`);
  return codeServerEntry(home);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  try {
    const entry = ensureCodeServer();
    if (!process.argv.includes('--quiet')) console.error(`ensure-code-server: code-server ${CODE_SERVER_VERSION} ready`);
    console.log(entry);
  } catch (error) {
    console.error(error instanceof StepError ? `ensure-code-server: ${error.message}` : error);
    process.exit(1);
  }
}
