/**
 * bench/diagnostics: how fast the tools lint is on a generated 1,000-tool file, side by side with
 * raw ajv doing the schema work of the same tools in the same run:
 *   1. full lint, cold: the first lint in a fresh child process after the lint's modules are
 *      loaded (their loading timed apart), wall and CPU, side by side with raw ajv and with
 *      JSON.parse alone, each in fresh processes interleaved with ours. Then in this process
 *      with caches cleared but the JIT warm (every schema meta-validated by the generated
 *      meta-schema validator; nothing compiled: a validator is compiled when a calls file first
 *      validates against it, and a $ref schema only when ajv could resolve it differently from
 *      the lint), and the same plus compiling every schema (what calling every tool would add);
 *   2. full lint, warm (same text again: every tool found in the caches);
 *   3. re-lint after editing one tool (one schema meta-validated, none compiled), with the
 *      file's snapshot (as the editor lints: same file id) and without (a fresh split of the file);
 *   4. raw ajv: a fresh Ajv (same options, ajv-formats), meta-validate + compile + validate one
 *      sample argument object for each of the 1,000 parameter schemas;
 *   5. parsing alone (ours, jsonc-parser's parseTree, JSON.parse) to show where the time goes;
 *   6. inputs that used to be super-linear (audit of issue 5): 10 MB of flat xlam-60k tools,
 *      `[{},{},…]` of 400,000 items, an output of 4,000 calls, and a `(a+)+` pattern against
 *      "a"×40 + "!" (which a backtracking engine would take days on). Once each, cold.
 * Prints medians and ratios against the goals (issue 12: the in-process cold lint ≤ 50 ms, the
 * one-tool edit ≤ 10 ms; ≤ 1.5× raw ajv), with the load average before and after each phase (the
 * machine may be shared: the in-process cold lint is also given in CPU time, which a busy machine
 * inflates less than wall time). The fresh-process figure is context: it is mostly V8 running the
 * lint's code for the first time, unoptimised. Asserts no timings.
 */
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import { parseTree } from 'jsonc-parser';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ajvStats, clearLintCaches, lintCallsText, lintToolsText } from '../src/core/lint';
import { compileSchema } from '../src/core/lint/ajvCache';
import { parseJsonTree } from '../src/core/lint/jsonTree';

const TOOLS = 1000;
/** Cold and warm lints: medians of this many (the machine may be shared). */
const RUNS = 21;
/** Raw ajv (and compiling every schema) take seconds: fewer runs, interleaved with the cold ones. */
const RAW_RUNS = 9;
/** Edits are cheap: more of them give a steadier median on a busy machine. */
const EDIT_RUNS = 40;

/**
 * Every tool's parameters differ (the id description names the tool), so no two share a schema
 * hash. Every tenth tool takes its tags through a `$ref` (resolved by the lint, not compiled).
 */
function makeTool(i: number, edit = 0): unknown {
  const tags = i % 10 === 0 ? { $ref: '#/$defs/tags' } : { type: 'array', items: { type: 'string' }, description: 'Tags that must all match' };
  const defs = i % 10 === 0 ? { $defs: { tags: { type: 'array', items: { type: 'string', maxLength: 20 }, description: 'Tags that must all match' } } } : {};
  return {
    type: 'function',
    function: {
      name: `tool_${i}`,
      description: `Tool number ${i}: looks up record ${i} in the catalogue and returns it as JSON`,
      parameters: {
        type: 'object',
        properties: {
          id: { type: 'integer', description: `Record id to look up in catalogue ${i}`, minimum: edit },
          query: { type: 'string', description: 'Free-text filter, e.g. "blue" or "größe"', maxLength: 200 },
          limit: { type: 'number', description: 'Maximum number of results', default: 10.5 },
          tags,
          mode: { type: 'string', enum: ['fast', 'exact'], description: 'Search mode to use' },
          email: { type: 'string', format: 'email', description: 'Where to send the report' },
          code: { type: 'string', pattern: `^[A-Z]{2}${i % 10}$`, description: 'Region code of the record' },
        },
        required: ['id', 'query'],
        ...defs,
      },
    },
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

function time(fn: () => void): number {
  const start = performance.now();
  fn();
  return performance.now() - start;
}

const tools = Array.from({ length: TOOLS }, (_, i) => makeTool(i));
/**
 * JSON.stringify returns a rope that the first scan of it flattens (a copy of the whole text);
 * an editor's document text is already flat (VS Code joins its lines), so texts are flattened
 * before any lint of them is timed.
 */
const flat = (rope: string) => {
  void rope.indexOf('\0');
  return rope;
};
const text = flat(JSON.stringify(tools, null, 2));
const schemas = tools.map((t) => (t as { function: { parameters: object } }).function.parameters);
const sample = { id: 1, query: 'blue', limit: 5, tags: ['a'], mode: 'fast', email: 'a@b.co', code: 'AB1' };

// 1. Really cold: one child process per run, the call timed inside it after its modules load.
// Our lint, raw ajv and JSON.parse alone, interleaved so that each kind sees the same load.
const dir = mkdtempSync(join(tmpdir(), 'xlam-bench-'));
const file = join(dir, 'bench.tools.json');
writeFileSync(file, text);
interface ColdRun {
  load: number;
  loadCpu: number;
  ms: number;
  cpu: number;
  found: number;
  compiles: number;
}
const COLD_KINDS = ['lint', 'raw-ajv', 'parse'] as const;
const fresh: Record<(typeof COLD_KINDS)[number], ColdRun[]> = { lint: [], 'raw-ajv': [], parse: [] };
const loadAt = () => loadavg()[0] as number;
const loads: Record<string, [number, number]> = {};
const phase = <T>(name: string, fn: () => T): T => {
  const before = loadAt();
  const result = fn();
  loads[name] = [before, loadAt()];
  return result;
};
phase('fresh', () => {
  for (let run = 0; run < RUNS; run++) {
    // Raw ajv takes seconds cold: fewer runs of it (still interleaved with ours).
    for (const kind of COLD_KINDS) if (kind !== 'raw-ajv' || run < RAW_RUNS) fresh[kind].push(JSON.parse(execFileSync(process.execPath, [join(__dirname, 'diagnosticsCold.js'), file, kind], { encoding: 'utf8' })) as ColdRun);
  }
});
rmSync(dir, { recursive: true, force: true });

// Warm up the JIT on a smaller file, then measure.
for (let i = 0; i < 3; i++) lintToolsText(JSON.stringify(tools.slice(0, 100), null, 2));

const cold: number[] = [];
const coldCpu: number[] = [];
const coldAll: number[] = [];
const warm: number[] = [];
const edit: number[] = [];
const editNoSession: number[] = [];
const raw: number[] = [];
let diagnostics = 0;
// What compiling the two meta-schemas at run time would cost (the generated code saves it).
const metaCompile = time(() => {
  for (const ajv of [new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false }), new Ajv2020({ strict: false, allErrors: true, logger: false, validateSchema: false })]) {
    addFormats(ajv);
    void ajv.getSchema(ajv instanceof Ajv2020 ? 'https://json-schema.org/draft/2020-12/schema' : 'http://json-schema.org/draft-07/schema');
  }
});
const rawAjv = () =>
  time(() => {
    const ajv = new Ajv({ strict: false, allErrors: true, logger: false, validateSchema: false });
    addFormats(ajv);
    const meta = ajv.getSchema('http://json-schema.org/draft-07/schema');
    for (const schema of schemas) {
      void meta?.(schema);
      ajv.compile(schema)(sample);
    }
  });
const coldCompiles: number[] = [];
const coldStartLoad = loadAt();
for (let run = 0; run < RUNS; run++) {
  clearLintCaches();
  const before = ajvStats.compiles;
  const cpuBefore = process.cpuUsage();
  const lint = time(() => (diagnostics = lintToolsText(text).length));
  const cpuUsed = process.cpuUsage(cpuBefore);
  cold.push(lint);
  coldCpu.push((cpuUsed.user + cpuUsed.system) / 1000);
  coldCompiles.push(ajvStats.compiles - before);
  if (run >= RAW_RUNS) continue;
  coldAll.push(lint + time(() => schemas.forEach((schema) => compileSchema(JSON.stringify(schema), 'draft-07'))));
  raw.push(rawAjv());
}
loads.cold = [coldStartLoad, loadAt()];
phase('warm', () => {
  for (let run = 0; run < RUNS + 3; run++) warm.push(time(() => lintToolsText(text)));
});
const editOf = (index: number, run: number) => {
  const edited = [...tools];
  edited[index] = makeTool(index, run + 1);
  return flat(JSON.stringify(edited, null, 2));
};
const editedTexts = Array.from({ length: EDIT_RUNS + 3 }, (_, run) => editOf((run * 83) % TOOLS, run));
const refEditedTexts = Array.from({ length: EDIT_RUNS + 3 }, (_, run) => editOf(((run * 37) % 100) * 10, run));
const editRef: number[] = [];
const compiles = { plain: 0, ref: 0 };
const editStartLoad = loadAt();
for (const [texts, samples, kind] of [
  [editedTexts, edit, 'plain'],
  [refEditedTexts, editRef, 'ref'],
] as const) {
  for (const editedText of texts) {
    lintToolsText(text, 'bench.tools.json'); // the editor's previous version of the file
    const before = ajvStats.compiles;
    samples.push(time(() => lintToolsText(editedText, 'bench.tools.json')));
    compiles[kind] = ajvStats.compiles - before;
  }
}
clearLintCaches();
lintToolsText(text);
for (const editedText of editedTexts) editNoSession.push(time(() => lintToolsText(editedText)));
loads.edit = [editStartLoad, loadAt()];
// The first 3 warm and edit runs warm the JIT up for those paths.
warm.splice(0, 3);
edit.splice(0, 3);
editRef.splice(0, 3);
editNoSession.splice(0, 3);

const parseOurs = median(Array.from({ length: RAW_RUNS }, () => time(() => parseJsonTree(text))));
const parseJsonc = median(Array.from({ length: RAW_RUNS }, () => time(() => parseTree(text, []))));
const parseNative = median(Array.from({ length: RAW_RUNS }, () => time(() => void JSON.parse(text))));

const freshOf = (kind: (typeof COLD_KINDS)[number], key: 'load' | 'loadCpu' | 'ms' | 'cpu') => median(fresh[kind].map((run) => run[key]));
const m = { fresh: freshOf('lint', 'ms'), coldAll: median(coldAll), cold: median(cold), warm: median(warm), edit: median(edit), editRef: median(editRef), editNoSession: median(editNoSession), raw: median(raw) };
const ms = (x: number) => `${x.toFixed(1)} ms`;
const goal = (ok: boolean) => (ok ? 'meets goal' : 'MISSES goal');
const freshCounts = new Set(fresh.lint.map((run) => run.found));
if (freshCounts.size !== 1 || !freshCounts.has(diagnostics)) console.log(`  NOTE: a fresh-process lint found ${[...freshCounts].join('/')} diagnostics, this process ${diagnostics}`);
const load = loadavg().map((x) => x.toFixed(2)).join(', ');
const loadOf = (name: string) => `load ${(loads[name] ?? [NaN, NaN]).map((x) => x.toFixed(1)).join('→')}`;
console.log(`bench/diagnostics: ${TOOLS} tools, ${(text.length / 1024).toFixed(0)} KiB, ${diagnostics} diagnostics, median of ${RUNS} runs (${EDIT_RUNS} for edits, ${RAW_RUNS} for raw ajv, compiling every schema and parsing); load average now ${load} on ${availableParallelism()} CPUs`);
console.log(`  cold = the first call in a fresh process, after its modules are loaded (child processes, interleaved; ${loadOf('fresh')}); CPU counts every thread of the child:`);
for (const [kind, label] of [
  ['lint', 'our lint'],
  ['raw-ajv', 'raw ajv: meta + compile + validate'],
  ['parse', 'JSON.parse of the file'],
] as const) {
  const wall = freshOf(kind, 'ms');
  console.log(`    ${label.padEnd(36)} ${ms(wall).padStart(9)} wall, ${ms(freshOf(kind, 'cpu')).padStart(9)} CPU   ${(wall / freshOf('lint', 'ms')).toFixed(2)}x our lint   (${fresh[kind].length} runs; loading the modules: ${ms(freshOf(kind, 'load'))} wall, ${ms(freshOf(kind, 'loadCpu'))} CPU)`);
}
console.log(`    our lint: ${Math.max(...fresh.lint.map((run) => run.compiles))} schemas compiled (context, no goal: a first run is mostly V8 running unoptimised code)`);
console.log('  in this process (JIT warm):');
const row = (label: string, x: number, note = '') => console.log(`  ${label.padEnd(34)} ${ms(x).padStart(9)}   ${(x / m.raw).toFixed(2)}x raw ajv${note ? `   (${note})` : ''}`);
row('full lint, cold caches in process', m.cold, `${loadOf('cold')}; goal ≤ 50 ms: ${goal(m.cold <= 50)}; ${ms(median(coldCpu))} CPU; ≤ 1.5x raw ajv: ${goal(m.cold <= 1.5 * m.raw)}; ${Math.max(...coldCompiles)} schemas compiled`);
row('  + compiling every schema', m.coldAll, `≤ 1.5x raw ajv: ${goal(m.coldAll <= 1.5 * m.raw)}`);
row('full lint, warm caches', m.warm, `${loadOf('warm')}; goal ≤ 50 ms: ${goal(m.warm <= 50)}`);
row('re-lint after editing one tool', m.edit, `${loadOf('edit')}; goal ≤ 10 ms: ${goal(m.edit <= 10)}; ${compiles.plain} schemas compiled`);
row('  the same without the snapshot', m.editNoSession, 'a lint without the file id: split and hash every tool');
row('  editing a tool with a $ref', m.editRef, `goal ≤ 10 ms: ${goal(m.editRef <= 10)}; ${compiles.ref} schemas compiled`);
console.log(`  ${'raw ajv: meta + compile + validate'.padEnd(34)} ${ms(m.raw).padStart(9)}`);
console.log(`  ${'meta-schemas compiled at run time'.padEnd(34)} ${ms(metaCompile).padStart(9)}   (draft-07 and 2020-12: what the generated standalone validators save each process)`);
console.log(`  parse only: ours ${ms(parseOurs)}, jsonc-parser parseTree ${ms(parseJsonc)}, JSON.parse ${ms(parseNative)}`);

// 6. Inputs that used to be super-linear, once each (no caches).
const flatTool = (i: number) => ({ name: `tool_${i}`, description: `Get the record number ${i} from the catalogue`, parameters: { id: { type: 'int', description: 'Record id to look up', default: 1 }, q: { type: 'str, optional', description: 'Free text query' } } });
const flatText = JSON.stringify(Array.from({ length: 45_000 }, (_, i) => flatTool(i)));
const emptyText = `[${Array(400_000).fill('{}').join(',')}]`;
const weather = { name: 'get_weather', description: 'Get the current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name, e.g. Paris' } }, required: ['city'] } };
const callsLine = JSON.stringify({ tools: [weather], format: 'xlam2-qwen', output: JSON.stringify(Array.from({ length: 4000 }, (_, i) => ({ name: 'get_weather', arguments: { city: `Paris ${i}` } }))) });
const evil = { name: 'check', description: 'Check that a product code is valid', parameters: { type: 'object', properties: { s: { type: 'string', description: 'The code to check', pattern: '^(a+)+$' } }, required: ['s'] } };
const regexLine = JSON.stringify({ tools: [evil], format: 'xlam2-qwen', calls: [{ name: 'check', arguments: { s: `${'a'.repeat(40)}!` } }] });
const once = (label: string, run: () => number) => {
  clearLintCaches();
  let count = 0;
  const elapsed = time(() => (count = run()));
  console.log(`  ${label.padEnd(50)} ${ms(elapsed).padStart(9)}   (${count} diagnostics)`);
};
console.log('inputs that were super-linear before (one cold run each):');
once(`10 MB flat xlam-60k tools (${(flatText.length / 1e6).toFixed(1)} MB)`, () => lintToolsText(flatText).length);
once('[{},{},…] with 400,000 items', () => lintToolsText(emptyText, undefined, { budgetMs: 60_000 }).length);
once(`an output of 4,000 calls (${(callsLine.length / 1024).toFixed(0)} KiB)`, () => lintCallsText(callsLine, 'bench.calls.jsonl', () => undefined).length);
once('pattern ^(a+)+$ against "a"×40 + "!"', () => lintCallsText(regexLine, 'bench.calls.jsonl', () => undefined).length);
