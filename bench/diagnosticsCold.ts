/**
 * One really cold lint, for bench/diagnostics (run once per child process): nothing compiled,
 * cached or JIT-warmed. Prints JSON: the time to load the lint modules and the time of the one
 * lintToolsText call on the file named by argv[2] (read before the clock starts).
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const loadStart = performance.now();
// eslint-disable-next-line @typescript-eslint/no-require-imports -- timed on purpose: a static import would load before the clock starts
const lint = require('../src/core/lint') as typeof import('../src/core/lint');
const load = performance.now() - loadStart;
const text = readFileSync(process.argv[2] as string, 'utf8');
const start = performance.now();
// No time budget: on a busy machine a cold lint can pass the editor's 2 s and stop early.
const diagnostics = lint.lintToolsText(text, undefined, { budgetMs: 600_000 }).length;
const ms = performance.now() - start;
const compiles = lint.ajvStats.compiles;
process.stdout.write(`${JSON.stringify({ load, ms, diagnostics, compiles })}\n`);
