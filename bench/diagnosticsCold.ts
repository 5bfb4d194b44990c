/**
 * One really cold run, for bench/diagnostics (one per child process): nothing compiled, cached or
 * JIT-warmed. "Cold" is the first call in the process after its modules are loaded; loading is
 * timed on its own. argv: the file (read before any clock starts) and what to run:
 *   lint      lintToolsText on the file (the default);
 *   raw-ajv   a fresh Ajv (not strict, allErrors, ajv-formats): meta-validate, compile and validate
 *             one sample for each tool's parameters (parsed with JSON.parse before the clock);
 *   parse     JSON.parse of the file: the floor any lint of the text stands on.
 * Prints JSON: wall ms of the load and of the call, CPU ms of both (all of the process's threads:
 * V8 compiles and collects garbage beside the main thread), and what the call found.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const file = process.argv[2] as string;
const mode = process.argv[3] ?? 'lint';
const text = readFileSync(file, 'utf8');
const cpuMs = (since: NodeJS.CpuUsage) => {
  const used = process.cpuUsage(since);
  return (used.user + used.system) / 1000;
};

const sample = { id: 1, query: 'blue', limit: 5, tags: ['a'], mode: 'fast', email: 'a@b.co', code: 'AB1' };
const schemas = mode === 'raw-ajv' ? (JSON.parse(text) as Array<{ function: { parameters: object } }>).map((tool) => tool.function.parameters) : [];

let cpu = process.cpuUsage();
let start = performance.now();
/* eslint-disable @typescript-eslint/no-require-imports -- timed on purpose: a static import would load before the clock starts */
let run: () => number;
if (mode === 'lint') {
  const lint = require('../src/core/lint') as typeof import('../src/core/lint');
  // No time budget: on a busy machine a cold lint can pass the editor's 2 s and stop early.
  run = () => lint.lintToolsText(text, undefined, { budgetMs: 600_000 }).length;
} else if (mode === 'raw-ajv') {
  const Ajv = (require('ajv') as typeof import('ajv')).default;
  const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
  run = () => {
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
    addFormats(ajv);
    const meta = ajv.getSchema('http://json-schema.org/draft-07/schema');
    let valid = 0;
    for (const schema of schemas) {
      void meta?.(schema);
      if (ajv.compile(schema)(sample)) valid++;
    }
    return valid;
  };
} else {
  run = () => (JSON.parse(text) as unknown[]).length;
}
/* eslint-enable @typescript-eslint/no-require-imports */
const load = performance.now() - start;
const loadCpu = cpuMs(cpu);
cpu = process.cpuUsage();
start = performance.now();
const found = run();
const ms = performance.now() - start;
const callCpu = cpuMs(cpu);
const compiles = mode === 'lint' ? (require('../src/core/lint') as typeof import('../src/core/lint')).ajvStats.compiles : 0; // eslint-disable-line @typescript-eslint/no-require-imports -- already loaded
process.stdout.write(`${JSON.stringify({ load, loadCpu, ms, cpu: callCpu, found, compiles })}\n`);
