import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, test } from 'node:test';
import { repoRoot } from '../harness/steps';
import { assertNothingLeft, assertOneLine, groupsSoFar, processesMentioning } from './leftovers';

/**
 * The user's commands when a setup step fails: what `npm run test:e2e` (the runner) and
 * `npm start` print, and that they leave nothing running. Each runs as a child process, with a
 * TMPDIR of its own, so any process it left behind is found by that folder in its command line.
 */
const root = repoRoot();
const work = mkdtempSync(join(tmpdir(), 'xlam-e2e-setup-'));
after(() => rmSync(work, { recursive: true, force: true }));

function runNode(args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, encoding: 'utf8', timeout: timeoutMs, killSignal: 'SIGKILL' });
  assert.equal(result.error, undefined, `${args.join(' ')} did not finish in time`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('the runner with a corrupt VSIX stops with one line naming the install step, and nothing left', { timeout: 120_000 }, () => {
  const tmp = join(work, 'runner-tmp');
  mkdirSync(tmp);
  const vsix = join(work, 'corrupt.vsix');
  writeFileSync(vsix, 'not a zip archive');
  const since = groupsSoFar();
  const { status, stdout, stderr } = runNode([join(root, 'out', 'test', 'e2e', 'run.js'), '--ui-only', '--no-faults'], { XLAM_VSIX: vsix, XLAM_E2E_RESULTS: join(work, 'results'), TMPDIR: tmp }, 110_000);
  assert.equal(status, 1, stdout + stderr);
  const failures = stderr.split('\n').filter((line) => line.startsWith('✖'));
  assert.equal(failures.length, 1, stderr);
  assertOneLine(failures[0] ?? '');
  assert.match(failures[0] ?? '', new RegExp(`^✖ e2e: installing the VSIX ${vsix.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} failed: .*(not a zip file|central directory)`));
  assert.doesNotMatch(stdout + stderr, /^\s+at /m, 'no stack trace printed');
  assert.match(stdout, /^e2e: 0 passed, 1 failed$/m);
  assert.ok(existsSync(join(work, 'results', 'failed-step-output.txt')), 'the full output is kept in a file');
  assert.deepEqual(processesMentioning(tmp), [], 'no process of that run is still alive');
  assertNothingLeft(since);
});

test('npm start with a taken --port says so on one line before packaging anything', { timeout: 60_000 }, async () => {
  const foreign = createHttpServer((_request, response) => response.end('{"status":"alive"}'));
  await new Promise<void>((resolve) => foreign.listen(0, '127.0.0.1', resolve));
  const address = foreign.address();
  assert.ok(address !== null && typeof address === 'object');
  try {
    const { status, stdout, stderr } = runNode([join(root, 'scripts', 'start.mjs'), '--port', String(address.port)], {}, 50_000);
    assert.equal(status, 1);
    assert.equal(stderr.trim(), `npm start: checking --port failed: port ${address.port} on 127.0.0.1 is already in use by another process; choose another port or stop that process`);
    assert.equal(stdout, '', 'nothing was packaged or installed');
  } finally {
    foreign.close();
  }
});

test('the code-server setup on a machine without rg, g++, make, python3 and apt-get says what to install', { timeout: 60_000 }, () => {
  // A PATH with node and a shell but none of the tools, and an empty cache (so it would install).
  const bin = join(work, 'bin');
  mkdirSync(bin);
  symlinkSync(process.execPath, join(bin, 'node'));
  symlinkSync('/bin/bash', join(bin, 'bash'));
  const cache = join(work, 'cache');
  const { status, stdout, stderr } = runNode([join(root, 'scripts', 'e2e', 'ensure-code-server.mjs')], { PATH: bin, XDG_CACHE_HOME: cache }, 50_000);
  assert.equal(status, 1, stdout + stderr);
  const last = stderr.trim().split('\n').pop() ?? '';
  assert.match(last, /^ensure-code-server: installing system packages failed: cannot install ripgrep g\+\+ make python3: this is not a Debian\/Ubuntu system/);
  assert.match(stderr, /code-server's install needs rg \(ripgrep\), g\+\+, make, python3; running scripts\/ci\/install-system-deps\.sh ripgrep g\+\+ make python3/);
  assert.equal(existsSync(join(cache, 'xlam-tool-lab', 'code-server-4.100.3', 'node_modules')), false, 'no install was attempted');
});
