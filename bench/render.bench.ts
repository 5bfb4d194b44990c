/**
 * bench/render: how fast the exact-prompt core is, measured side by side in one run.
 *   1. render a 100-tool fc v1 prompt in-process (p50, p95), and the same prompt built by a
 *      Python loop with json.dumps (where python3 exists), checked byte-equal, with the ratio.
 *      The two sides alternate for ROUNDS rounds (ours, then a fresh Python process), so a load
 *      spike from other work on the machine hits one round, not one side; every round is
 *      printed with the load average, and the verdict is the median of the per-round ratios.
 *      Ours is warmed up to V8's optimised code first (WARMUP renders), as an editor session
 *      that re-renders on every edit is; Python has no JIT and gets its own 20-build warm-up.
 *   2. pyJsonDumps vs JSON.stringify throughput on the same tools.
 * Prints numbers; asserts no timings.
 */
import { spawnSync } from 'node:child_process';
import { loadavg } from 'node:os';
import { performance } from 'node:perf_hooks';
import { renderPrompt } from '../src/core/formats/render';
import { fromPlain, toPlain } from '../src/core/json/jsonValue';
import { pyJsonDumps } from '../src/core/json/pyJsonDumps';
import { userMessage } from '../src/core/messages';
import { readTools } from '../src/core/tools/tool';

const QUERY = "What's the weather like in New York in fahrenheit?";
const ITERATIONS = 400;
const ROUNDS = 5;
const WARMUP = 1000;

function makeTools(count: number): unknown[] {
  return Array.from({ length: count }, (_, i) => ({
    name: `tool_${i}`,
    description: `Tool number ${i}: looks up record ${i} in the catalogue — returns JSON`,
    parameters: {
      type: 'object',
      properties: {
        id: { type: 'integer', description: 'Record id', minimum: 0 },
        query: { type: 'string', description: 'Free-text filter, e.g. "blue" or "größe"' },
        limit: { type: 'number', description: 'Maximum results', default: 10.5 },
        tags: { type: 'array', items: { type: 'string' }, description: 'Tags to match' },
        mode: { type: 'string', enum: ['fast', 'exact'], description: 'Search mode' },
      },
      required: ['id', 'query'],
    },
  }));
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
}

function timeIt(fn: () => void, iterations: number, untimed = 20): number[] {
  for (let i = 0; i < untimed; i++) fn();
  const samples: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const start = performance.now();
    fn();
    samples.push(performance.now() - start);
  }
  return samples.sort((a, b) => a - b);
}

/** Per-call wall time and the process's CPU time (user + system, every thread, GC included). */
function timeRenders(fn: () => void, iterations: number): Figures {
  for (let i = 0; i < 20; i++) fn();
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < iterations; i++) {
    const cpuStart = process.cpuUsage();
    const start = performance.now();
    fn();
    wall.push(performance.now() - start);
    const used = process.cpuUsage(cpuStart);
    cpu.push((used.user + used.system) / 1000);
  }
  return quartet(wall, cpu);
}

/** p50 and p95 of wall and CPU time, in ms. */
interface Figures {
  wall50: number;
  wall95: number;
  cpu50: number;
  cpu95: number;
}

function quartet(wall: number[], cpu: number[]): Figures {
  wall.sort((a, b) => a - b);
  cpu.sort((a, b) => a - b);
  return { wall50: percentile(wall, 0.5), wall95: percentile(wall, 0.95), cpu50: percentile(cpu, 0.5), cpu95: percentile(cpu, 0.95) };
}

const load = () => loadavg().map((n) => n.toFixed(2)).join(' ');
const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 0.5);

const plainTools = makeTools(100);
const { tools } = readTools(fromPlain(plainTools));
const render = () => renderPrompt({ format: 'fc-v1', tools, messages: [userMessage(QUERY)] });
const ours = render().prompt;
// The warm-up is timed too and printed, not compared: it is V8 tiering up and, around render
// 430, one deoptimisation when V8 decides to pretenure the converted tools (they outlive a
// scavenge that lands mid-render) and optimises again: a once-per-process phase Python has not.
const warmup = timeIt(render, WARMUP, 0);

// The same prompt built the way the Python sources build it, timed inside Python with the same loop.
const PY = `
import json, sys, time
tools, query, n = json.load(sys.stdin)
TASK = ${JSON.stringify('You are an expert in composing functions. You are given a question and a set of possible functions. \nBased on the question, you will need to make one or more function/tool calls to achieve the purpose. \nIf none of the functions can be used, point it out and refuse to answer. \nIf the given question lacks the parameters required by the function, also point it out.')}
FORMAT = ${JSON.stringify('The output MUST strictly adhere to the following JSON format, and NO other text MUST be included.\nThe example format is as follows. Please make sure the parameter type is correct. If no function call is needed, please make tool_calls an empty list \'[]\'.\n```\n{\n    "tool_calls": [\n    {"name": "func_name1", "arguments": {"argument1": "value1", "argument2": "value2"}},\n    ... (more tool calls as required)\n    ]\n}\n```')}
SYSTEM = ${JSON.stringify('You are an AI programming assistant, utilizing the Deepseek Coder model, developed by Deepseek Company, and you only answer questions related to computer science. For politically sensitive questions, security and privacy issues, and other non-computer science questions, you will refuse to answer\n')}
BOS = "<\\uff5cbegin\\u2581of\\u2581sentence\\uff5c>"
def build():
    conv = [{"name": t["name"], "description": t["description"], "parameters": t["parameters"].get("properties", {})} for t in tools]
    content = ("[BEGIN OF TASK INSTRUCTION]\\n" + TASK + "\\n[END OF TASK INSTRUCTION]\\n\\n"
        + "[BEGIN OF AVAILABLE TOOLS]\\n" + json.dumps(conv) + "\\n[END OF AVAILABLE TOOLS]\\n\\n"
        + "[BEGIN OF FORMAT INSTRUCTION]\\n" + FORMAT + "\\n[END OF FORMAT INSTRUCTION]\\n\\n"
        + "[BEGIN OF QUERY]\\n" + query + "\\n[END OF QUERY]\\n\\n")
    return BOS + SYSTEM + "### Instruction:\\n" + content + "\\n" + "### Response:\\n"
for _ in range(20): build()
wall, cpu = [], []
for _ in range(n):
    c = time.process_time(); t = time.perf_counter(); build()
    wall.append((time.perf_counter() - t) * 1000); cpu.append((time.process_time() - c) * 1000)
json.dump({"prompt": build(), "wall": wall, "cpu": cpu}, sys.stdout)
`;
function runPython(): { prompt: string; figures: Figures } | string {
  const run = spawnSync('python3', ['-c', PY], { input: JSON.stringify([plainTools, QUERY, ITERATIONS]), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (run.status !== 0) return run.error?.message ?? run.stderr.trim();
  const out = JSON.parse(run.stdout) as { prompt: string; wall: number[]; cpu: number[] };
  return { prompt: out.prompt, figures: quartet(out.wall, out.cpu) };
}

const KEYS = ['wall50', 'wall95', 'cpu50', 'cpu95'] as const;
const ms = (n: number) => n.toFixed(3);
const x = (n: number) => `${n.toFixed(2)}x`;

console.log(`fc-v1 card, 100 tools, ${ours.length} chars; ${ROUNDS} rounds of ${ITERATIONS} renders per side, alternating`);
console.log(`ours, first ${WARMUP} renders of the process (JIT warm-up, not compared): wall p50 ${ms(percentile(warmup, 0.5))} ms, p95 ${ms(percentile(warmup, 0.95))} ms`);
console.log('each round: ours/python in ms and their ratio; wall = elapsed, cpu = process CPU time (not counting waits for a core)');
const ratios: Figures[] = [];
for (let round = 1; round <= ROUNDS; round++) {
  const loadBefore = load();
  const mine = timeRenders(render, ITERATIONS);
  const py = runPython();
  if (typeof py === 'string') {
    console.log(`round ${round}: python3 comparison not run: ${py}`);
    break;
  }
  const ratio = { wall50: mine.wall50 / py.figures.wall50, wall95: mine.wall95 / py.figures.wall95, cpu50: mine.cpu50 / py.figures.cpu50, cpu95: mine.cpu95 / py.figures.cpu95 };
  ratios.push(ratio);
  const cells = KEYS.map((key) => `${key.slice(0, -2)} p${key.slice(-2)} ${ms(mine[key])}/${ms(py.figures[key])} ${x(ratio[key])}`);
  console.log(`round ${round} (load ${loadBefore}): ${cells.join(', ')}; same bytes: ${py.prompt === ours}`);
}
if (ratios.length > 0) {
  const cells = KEYS.map((key) => `${key.slice(0, -2)} p${key.slice(-2)} ${x(median(ratios.map((r) => r[key])))}`);
  console.log(`ratio ours/python, median of ${ratios.length} rounds: ${cells.join(', ')} (load now ${load()})`);
}

// Serializer throughput on the same 100 tools.
const ordered = fromPlain(plainTools);
const plain = toPlain(ordered);
const bytes = pyJsonDumps(ordered).length;
const py = timeIt(() => pyJsonDumps(ordered), ITERATIONS);
const js = timeIt(() => JSON.stringify(plain), ITERATIONS);
const mbps = (ms: number) => (bytes / 1e6 / (ms / 1000)).toFixed(1);
console.log(`pyJsonDumps: p50 ${percentile(py, 0.5).toFixed(3)} ms (${mbps(percentile(py, 0.5))} MB/s); JSON.stringify: p50 ${percentile(js, 0.5).toFixed(3)} ms (${mbps(percentile(js, 0.5))} MB/s); ratio ${(percentile(py, 0.5) / percentile(js, 0.5)).toFixed(2)}x`);
