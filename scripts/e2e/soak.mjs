// The e2e suite N times in a row, each run in a fresh code-server profile (run.js makes a new
// user-data folder every time), to find flaky scenarios and scenarios that run close to their
// limits.   npm run test:e2e:soak -- N     (default 5)
// Each run's output and results go to test-results/e2e/soak/run-K/; the summary goes to
// test-results/e2e/soak.json: {"runs", "failures", "flaky", "slowest": [{"name", "ms", "timeoutMs"}]}.
// Exit 1 when any test failed in any run, or when a test's slowest run took more than half of its
// own time limit (a limit that close is a race waiting to happen on a slower machine).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const runs = Number(process.argv[2] ?? 5);
if (!Number.isInteger(runs) || runs < 1) {
  console.error(`soak: the number of runs must be a whole number of at least 1, not "${process.argv[2]}"`);
  process.exit(2);
}
const soakDir = join(root, 'test-results', 'e2e', 'soak');
rmSync(soakDir, { recursive: true, force: true });
mkdirSync(soakDir, { recursive: true });

function runOnce(index) {
  const resultsDir = join(soakDir, `run-${index}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'out', 'test', 'e2e', 'run.js')], { cwd: root, env: { ...process.env, XLAM_E2E_RESULTS: resultsDir }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const take = (chunk) => {
      output += chunk;
      for (const line of String(chunk).split('\n')) if (/^(✖|e2e:)/.test(line)) console.log(`  [run ${index}] ${line}`);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.on('close', (code) => {
      mkdirSync(resultsDir, { recursive: true });
      writeFileSync(join(resultsDir, 'output.txt'), output);
      const file = join(resultsDir, 'results.json');
      const results = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : { setupFailed: true, tests: [] };
      resolve({ index, code, ...results });
    });
  });
}

const started = Date.now();
const all = [];
for (let index = 1; index <= runs; index++) {
  const runStarted = Date.now();
  console.log(`soak: run ${index} of ${runs}`);
  const result = await runOnce(index);
  all.push(result);
  const failed = result.tests.filter((test) => !test.ok).length + (result.setupFailed ? 1 : 0);
  console.log(`soak: run ${index}: ${result.tests.length} tests, ${failed} failed, ${((Date.now() - runStarted) / 1000).toFixed(1)} s`);
}

const byName = new Map();
for (const result of all) {
  for (const test of result.tests) {
    const entry = byName.get(test.name) ?? { name: test.name, kind: test.kind, passed: 0, failed: 0, ms: 0, timeoutMs: test.timeoutMs };
    if (test.ok) entry.passed++;
    else entry.failed++;
    entry.ms = Math.max(entry.ms, test.ms);
    byName.set(test.name, entry);
  }
}
const entries = [...byName.values()];
const setupFailures = all.filter((result) => result.setupFailed).length;
const failures = entries.reduce((sum, entry) => sum + entry.failed, 0) + setupFailures;
const flaky = entries.filter((entry) => entry.failed > 0 && entry.passed > 0).map((entry) => entry.name);
const alwaysFailing = entries.filter((entry) => entry.failed > 0 && entry.passed === 0).map((entry) => entry.name);
const limited = entries.filter((entry) => typeof entry.timeoutMs === 'number' && entry.timeoutMs > 0);
const slowest = limited
  .map(({ name, ms, timeoutMs }) => ({ name, ms, timeoutMs }))
  .sort((a, b) => b.ms / b.timeoutMs - a.ms / a.timeoutMs);
const overHalf = slowest.filter((entry) => entry.ms > entry.timeoutMs / 2);
const summary = { runs, failures, flaky, alwaysFailing, setupFailures, slowest, overHalfTheirLimit: overHalf.map((entry) => entry.name), wallSeconds: Math.round((Date.now() - started) / 1000) };
writeFileSync(join(root, 'test-results', 'e2e', 'soak.json'), `${JSON.stringify(summary, null, 2)}\n`);

console.log(`\nsoak: ${runs} runs, ${failures} failures, ${summary.wallSeconds} s`);
if (flaky.length > 0) console.log(`  flaky: ${flaky.join('; ')}`);
if (alwaysFailing.length > 0) console.log(`  failing in every run: ${alwaysFailing.join('; ')}`);
console.log('  slowest run of each test with a limit (ms / limit):');
for (const entry of slowest) console.log(`    ${String(entry.ms).padStart(7)} / ${String(entry.timeoutMs).padStart(6)}  ${(entry.ms / entry.timeoutMs).toFixed(2)}  ${entry.name}`);
if (overHalf.length > 0) console.log(`  over half of their limit: ${overHalf.map((entry) => entry.name).join('; ')}`);
console.log(`soak summary: ${join('test-results', 'e2e', 'soak.json')}`);
process.exit(failures === 0 && overHalf.length === 0 ? 0 : 1);
