// `npm run test:fuzz`: the fuzz suites of test/unit/fuzz with many inputs (FUZZ_RUNS per property,
// default 4,500: over 100,000 inputs in all) and a fresh seed; `npm test` runs them with a few.
import { spawnSync } from 'node:child_process';

const env = { ...process.env, FUZZ_RUNS: process.env.FUZZ_RUNS ?? '4500' };
const started = Date.now();
const result = spawnSync(process.execPath, ['scripts/run-tests.mjs', 'unit/fuzz', '--test-concurrency=1', ...process.argv.slice(2)], { stdio: 'inherit', env });
console.log(`fuzz: FUZZ_RUNS=${env.FUZZ_RUNS}, ${((Date.now() - started) / 1000).toFixed(1)} s`);
process.exit(result.status ?? 1);
