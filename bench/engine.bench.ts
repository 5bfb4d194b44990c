/**
 * bench/engine: the local engine measured side by side with raw node-llama-cpp in one run, on the
 * tiny test model (1 thread) and on an xLAM-1b-shaped Q4_K_M model (2 threads), both with
 * deepseek-coder's real tokenizer, generated into a temp dir and deleted after:
 *   1. decode tokens/s: our engine vs LlamaCompletion on the same model weights, prompt tokens,
 *      threads and sampling (greedy, no repeat penalty, no grammar), alternating A/B;
 *   2. prefix reuse: 20 queries over one ~1,500-token tool block (fc v1): tokens evaluated and wall
 *      time with our engine's reuse vs a sequence cleared before each prompt;
 *   3. grammar vs free decode tokens/s (our engine);
 *   4. cold prompt evaluation in chunks (ours, so a cancel is seen) vs one call (raw), and how fast
 *      a cancel returns mid-prompt and mid-decode;
 *   5. remote (tiny only): 8 requests in flight vs one after another through the loopback server.
 * Prints numbers and ratios; asserts nothing about time.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../src/cli/main';
import type { GenerateRequest } from '../src/core/engine/types';
import { renderQuery } from '../src/core/formats/render';
import { fromPlain } from '../src/core/json/jsonValue';
import { userMessage } from '../src/core/messages';
import { readTools, type Tool } from '../src/core/tools/tool';
import type { LlamaCompletion, LlamaContextSequence, Token } from '../src/engines/local/llamaTypes';
import { createLocalEngine, type LocalEngine } from '../src/engines/local/localEngine';
import { disposeRuntime, nodeLlamaCpp } from '../src/engines/local/nodeLlamaCpp';
import { RemoteEngine } from '../src/engines/remote/remoteEngine';
import { startOpenAiServer } from '../src/server/openaiServer';

// deepseek-coder's real tokenizer (xLAM-1b-fc-r's) when the shared data is there; else the built-in bytes.
const VOCAB_FILE = resolve(__dirname, '../../../shared/data/ggml-vocab-deepseek-coder.gguf');
const VOCAB = existsSync(VOCAB_FILE) ? ['--vocab', VOCAB_FILE] : [];
const CITIES = ['Paris', 'Tokyo', 'Lima', 'Oslo', 'Cairo', 'Denver', 'Hanoi', 'Quito', 'Perth', 'Riga'];
const QUERIES = Array.from({ length: 20 }, (_, i) => `Find me a ${i % 2 ? 'hotel' : 'flight'} from ${CITIES[i % 10]} to ${CITIES[(i * 3 + 1) % 10]} for ${i + 1} people`);
const quietIo = { stdout: () => undefined, stderr: (t: string) => void process.stderr.write(t), readStdin: () => Promise.resolve('') };

interface Plan {
  label: string;
  args: string[];
  threads: number;
  decodeTokens: number;
  rounds: number;
  /** Cold prompts measured without reuse (the rest extrapolated from their median). */
  coldSamples: number;
  grammarRuns: number;
  /** Cold prompts evaluated each way in the chunked-vs-one-call comparison. */
  promptRounds: number;
  remote: boolean;
}

const PLANS: Plan[] = [
  { label: 'tiny (1 thread)', args: VOCAB, threads: 1, decodeTokens: 384, rounds: 8, coldSamples: 20, grammarRuns: 6, promptRounds: 6, remote: true },
  { label: 'xLAM-1b Q4_K_M (2 threads)', args: ['--shape', 'xlam-1b', '--type', 'q4_k', ...VOCAB], threads: 2, decodeTokens: 32, rounds: 4, coldSamples: 1, grammarRuns: 3, promptRounds: 2, remote: false },
];

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const fmt = (n: number, digits = 1): string => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const ratio = (a: number, b: number): string => `${(a / b).toFixed(3)}×`;

/** Synthetic travel tools, as many as make the fc v1 prompt about 1,500 tokens. */
function bigTools(engine: LocalEngine, targetTokens: number): Tool[] {
  const make = (n: number): Tool[] =>
    readTools(
      fromPlain(
        Array.from({ length: n }, (_, i) => ({
          name: `travel_tool_${i}`,
          description: `Searches the ${CITIES[i % 10]} travel catalogue (section ${i}) and returns matching offers as JSON, cheapest first.`,
          parameters: {
            type: 'object',
            properties: {
              origin: { type: 'string', description: 'City or IATA airport code to start from, e.g. "SFO"' },
              destination: { type: 'string', description: 'City or IATA airport code to go to' },
              date: { type: 'string', description: 'Departure date, YYYY-MM-DD' },
              travellers: { type: 'integer', description: 'Number of travellers, 1 to 9' },
              cabin: { type: 'string', enum: ['economy', 'premium', 'business', 'first'], description: 'Cabin class' },
            },
            required: ['origin', 'destination', 'date'],
          },
        })),
      ),
    ).tools;
  let n = 1;
  while (engine.tokenize(renderQuery('fc-v1', make(n), QUERIES[0] as string).prompt).length < targetTokens) n++;
  return make(n);
}

/** The prompt tokens exactly as our engine evaluates them (no BOS written as text; the completion adds it). */
function promptTokens(engine: LocalEngine, prompt: string): Token[] {
  const tokens = engine.tokenize(prompt);
  const bos = engine.model.tokens.bos;
  return engine.model.tokens.shouldPrependBosToken && bos !== null && tokens[0] === bos ? tokens.slice(1) : tokens;
}

/** One raw LlamaCompletion run; decode tokens/s measured as the engine does (after the first token). */
async function rawRun(completion: LlamaCompletion, tokens: Token[], maxTokens: number, stop: string[]): Promise<{ tps: number; tokens: number; ms: number }> {
  const started = performance.now();
  let first: number | undefined;
  let count = 0;
  await completion.generateCompletion(tokens, {
    maxTokens,
    temperature: 0,
    repeatPenalty: false,
    customStopTriggers: stop,
    onToken: (t) => {
      first ??= performance.now();
      count += t.length;
    },
  });
  const end = performance.now();
  return { tps: count > 1 && first !== undefined ? ((count - 1) * 1000) / (end - first) : 0, tokens: count, ms: end - started };
}

type Results = Map<string, string>;

/** The machine is shared: its load is printed with the numbers it disturbs. */
const loadLine = (): string => `load average ${loadavg().map((l) => fmt(l, 2)).join(' ')} on ${availableParallelism()} cores`;

async function decodeAB(engine: LocalEngine, raw: LlamaCompletion, tools: Tool[], plan: Plan, out: Results): Promise<void> {
  const rendered = renderQuery('fc-v1', tools, "What's the weather like in Oslo?");
  const tokens = promptTokens(engine, rendered.prompt);
  const request: GenerateRequest = { format: 'fc-v1', tools, messages: [userMessage("What's the weather like in Oslo?")], sampling: { temperature: 0, maxTokens: plan.decodeTokens } };
  await engine.generate(request);
  await rawRun(raw, tokens, plan.decodeTokens, rendered.stop);
  const ours: number[] = [];
  const theirs: number[] = [];
  const pairs: number[] = [];
  let generated = 0;
  for (let round = 0; round < plan.rounds; round++) {
    // ABBA order, so a drift in machine load hits both sides alike; each pair gives one ratio.
    const oursFirst = round % 2 === 0;
    const b0 = oursFirst ? undefined : await rawRun(raw, tokens, plan.decodeTokens, rendered.stop);
    const a = await engine.generate(request);
    const b = b0 ?? (await rawRun(raw, tokens, plan.decodeTokens, rendered.stop));
    ours.push(a.timings.tokensPerSecond);
    theirs.push(b.tps);
    pairs.push(a.timings.tokensPerSecond / b.tps);
    generated = a.timings.completionTokens;
    console.log(`  decode round ${round + 1}: ours ${fmt(a.timings.tokensPerSecond)} tok/s (${a.timings.completionTokens} tokens), raw ${fmt(b.tps)} tok/s (${b.tokens} tokens)`);
  }
  out.set('decode tok/s ours / raw node-llama-cpp, medians', `${fmt(median(ours))} / ${fmt(median(theirs))}`);
  out.set('decode ratio ours/raw, median of A/B pairs (goal ≥ 0.97)', `${median(pairs).toFixed(3)}× (${plan.rounds} pairs, range ${Math.min(...pairs).toFixed(2)}–${Math.max(...pairs).toFixed(2)})`);
  out.set('  (prompt tokens, generated per run)', `${tokens.length + 1}, ${generated}`);
}

async function prefix(engine: LocalEngine, raw: LlamaCompletion, rawSequence: LlamaContextSequence, tools: Tool[], plan: Plan, out: Results): Promise<void> {
  const maxTokens = 4;
  let evaluated = 0;
  let promptTotal = 0;
  // Cross-check of the engine's own count: node-llama-cpp's meter on the engine's (one) sequence.
  const meter = engine.lastSequence.tokenMeter;
  const metered = meter.usedInputTokens;
  const started = performance.now();
  for (const query of QUERIES) {
    const result = await engine.generate({ format: 'fc-v1', tools, messages: [userMessage(query)], sampling: { temperature: 0, maxTokens } });
    evaluated += result.timings.promptTokens - result.timings.cachedPromptTokens;
    promptTotal += result.timings.promptTokens;
  }
  const withMs = performance.now() - started;
  const meteredWith = meter.usedInputTokens - metered;
  const coldMs: number[] = [];
  for (const query of QUERIES.slice(0, plan.coldSamples)) {
    const rendered = renderQuery('fc-v1', tools, query);
    await rawSequence.clearHistory();
    coldMs.push((await rawRun(raw, promptTokens(engine, rendered.prompt), maxTokens, rendered.stop)).ms);
  }
  const withoutMs = plan.coldSamples >= QUERIES.length ? coldMs.reduce((a, b) => a + b, 0) : median(coldMs) * QUERIES.length;
  const note = plan.coldSamples >= QUERIES.length ? '' : ` (${plan.coldSamples} cold run${plan.coldSamples > 1 ? 's' : ''} measured, ×20 extrapolated)`;
  out.set('prefix: 20 prompts, tokens evaluated with / without reuse (goal ≤ 0.25×)', `${fmt(evaluated, 0)} / ${fmt(promptTotal, 0)} = ${ratio(evaluated, promptTotal)}`);
  out.set("  (node-llama-cpp's input token meter during the 20 runs with reuse)", `${fmt(meteredWith, 0)} (includes generated tokens fed back)`);
  out.set('prefix: wall ms with / without reuse', `${fmt(withMs, 0)} / ${fmt(withoutMs, 0)} = ${ratio(withMs, withoutMs)}${note}`);
  out.set('  (prompt tokens per query, mean)', fmt(promptTotal / QUERIES.length, 0));
}

async function grammar(engine: LocalEngine, tools: Tool[], plan: Plan, out: Results): Promise<void> {
  const base = { format: 'fc-v1' as const, tools: tools.slice(0, 3), grammarLimits: { maxStringChars: 48, maxCalls: 3 } };
  // Same sampling both ways (greedy, as in the decode test); each run its own query.
  const run = (grammarMode: 'tools' | 'none', i: number) =>
    engine.generate({ ...base, messages: [userMessage(QUERIES[i % 20] as string)], grammar: grammarMode, sampling: { temperature: 0, maxTokens: plan.decodeTokens } });
  await run('tools', 0);
  await run('none', 0);
  // Pooled over the runs: decoded tokens after the first / decode seconds (grammar runs are short).
  const pool = { tools: { tokens: 0, seconds: 0 }, none: { tokens: 0, seconds: 0 } };
  for (let i = 1; i <= plan.grammarRuns; i++) {
    for (const mode of ['tools', 'none'] as const) {
      const t = (await run(mode, i)).timings;
      if (t.completionTokens > 1 && t.tokensPerSecond > 0) {
        pool[mode].tokens += t.completionTokens - 1;
        pool[mode].seconds += (t.completionTokens - 1) / t.tokensPerSecond;
      }
      console.log(`  ${mode === 'tools' ? 'grammar' : 'free'} run ${i}: ${t.completionTokens} tokens at ${fmt(t.tokensPerSecond)} tok/s`);
    }
  }
  const g = pool.tools.tokens / pool.tools.seconds;
  const f = pool.none.tokens / pool.none.seconds;
  out.set('grammar / free decode tok/s, pooled (goal ≥ 0.8×)', `${fmt(g)} / ${fmt(f)} = ${ratio(g, f)}`);
  out.set('  (tokens per run, grammar / free)', `${fmt(pool.tools.tokens / plan.grammarRuns + 1, 0)} / ${fmt(pool.none.tokens / plan.grammarRuns + 1, 0)}`);
}

/**
 * Prompt evaluation in chunks (so a cancel is seen between them) against node-llama-cpp's one
 * call, on the same cold ~1,500-token prompt; then how fast a cancel returns, mid-prompt and
 * mid-decode, and when the engine is free again.
 */
async function promptAndCancel(engine: LocalEngine, raw: LlamaCompletion, rawSequence: LlamaContextSequence, tools: Tool[], plan: Plan, out: Results): Promise<void> {
  const ourSequence = engine.lastSequence;
  const request = (query: string, signal?: AbortSignal, onText?: (chunk: string) => void): GenerateRequest => ({ format: 'fc-v1', tools, messages: [userMessage(query)], sampling: { temperature: 0, maxTokens: 1 }, ...(signal ? { signal } : {}), ...(onText ? { onText } : {}) });
  const ours: number[] = [];
  const theirs: number[] = [];
  for (let round = 0; round < plan.promptRounds; round++) {
    const query = QUERIES[round % 20] as string;
    const rendered = renderQuery('fc-v1', tools, query);
    await ourSequence.clearHistory();
    let t = performance.now();
    await engine.generate(request(query));
    ours.push(performance.now() - t);
    await rawSequence.clearHistory();
    t = performance.now();
    await rawRun(raw, promptTokens(engine, rendered.prompt), 1, rendered.stop);
    theirs.push(performance.now() - t);
    console.log(`  cold prompt round ${round + 1}: ours (chunked) ${fmt(ours.at(-1) ?? 0, 0)} ms, raw (one call) ${fmt(theirs.at(-1) ?? 0, 0)} ms`);
  }
  const promptLen = promptTokens(engine, renderQuery('fc-v1', tools, QUERIES[0] as string).prompt).length + 1;
  out.set('cold prompt ms, ours chunked / raw one call; prompt speed ours/raw', `${fmt(median(ours), 0)} / ${fmt(median(theirs), 0)}; ${ratio(median(theirs), median(ours))} (${promptLen} tokens, ${fmt((promptLen * 1000) / median(ours), 0)} tok/s ours)`);

  // Mid-prompt: abort a third of the way through a cold prompt.
  await ourSequence.clearHistory();
  const controller = new AbortController();
  const abortAfter = median(ours) / 3;
  let abortedAt = 0;
  setTimeout(() => {
    abortedAt = performance.now();
    controller.abort();
  }, abortAfter);
  const cancelled = await engine.generate(request('cancel me mid-prompt', controller.signal));
  const returnedMs = performance.now() - abortedAt;
  await engine.idle();
  const freeMs = performance.now() - abortedAt;
  out.set('cancel mid-prompt: returned / engine free, ms after abort (goal ≤ 200 returned)', `${fmt(returnedMs, 1)} / ${fmt(freeMs, 0)} (finish ${cancelled.finishReason}, aborted ${fmt(abortAfter, 0)} ms in)`);

  // Mid-decode: abort at the first streamed text.
  const decode = new AbortController();
  let decodeAbortAt = 0;
  const stopped = await engine.generate({
    ...request('cancel me mid-decode', decode.signal, () => {
      if (decodeAbortAt === 0) {
        decodeAbortAt = performance.now();
        decode.abort();
      }
    }),
    sampling: { temperature: 1, seed: 1, maxTokens: 10_000 },
  });
  out.set('cancel mid-decode: returned ms after abort', `${fmt(performance.now() - decodeAbortAt, 1)} (finish ${stopped.finishReason}, ${stopped.timings.completionTokens} tokens)`);
}

async function remote(engine: LocalEngine, tools: Tool[], out: Results): Promise<void> {
  const server = await startOpenAiServer({ engine, modelId: 'tiny', format: 'fc-v1' });
  const client = new RemoteEngine({ baseURL: server.baseURL, mode: 'chat' });
  try {
    const request = (i: number): GenerateRequest => ({ format: 'fc-v1', tools: tools.slice(0, 3), messages: [userMessage(QUERIES[i] as string)], sampling: { temperature: 0, maxTokens: 24 } });
    await client.generate(request(0));
    const seq: number[] = [];
    const par: number[] = [];
    for (let round = 0; round < 3; round++) {
      let t = performance.now();
      for (let i = 0; i < 8; i++) await client.generate(request(i));
      seq.push(performance.now() - t);
      t = performance.now();
      await Promise.all(Array.from({ length: 8 }, (_, i) => client.generate(request(i))));
      par.push(performance.now() - t);
    }
    out.set('remote: 8 requests wall ms, in flight / sequential (loopback)', `${fmt(median(par), 0)} / ${fmt(median(seq), 0)} = ${ratio(median(par), median(seq))}`);
  } finally {
    await client.dispose();
    await server.close();
  }
}

async function benchModel(plan: Plan, dir: string): Promise<Results> {
  const out: Results = new Map();
  const file = join(dir, `${plan.label.split(' ')[0] ?? 'model'}.gguf`);
  let t = performance.now();
  if ((await main(['make-test-model', file, ...plan.args], quietIo)) !== 0) throw new Error(`make-test-model failed for ${plan.label}`);
  console.log(`\n== ${plan.label}: generated in ${fmt(performance.now() - t, 0)} ms`);
  t = performance.now();
  const engine = await createLocalEngine({ modelPath: file, gpu: 'cpu', threads: plan.threads, contextSize: 2048 });
  console.log(`  loaded in ${fmt(performance.now() - t, 0)} ms (${engine.info().backend}); ${loadLine()}`);
  const { LlamaCompletion } = await nodeLlamaCpp();
  // The raw side: a context of its own on the very same model weights, same size and threads.
  const context = await engine.model.createContext({ contextSize: 2048, threads: plan.threads, sequences: 1 });
  const sequence = context.getSequence();
  const raw = new LlamaCompletion({ contextSequence: sequence });
  try {
    const tools = bigTools(engine, 1500);
    // Prefix first, on a fresh context: the first of the 20 prompts is fully cold.
    await prefix(engine, raw, sequence, tools, plan, out);
    await decodeAB(engine, raw, tools.slice(0, 2), plan, out);
    await grammar(engine, tools, plan, out);
    await promptAndCancel(engine, raw, sequence, tools, plan, out);
    if (plan.remote) await remote(engine, tools, out);
    out.set('machine load average (1 min) at the end', `${fmt(loadavg()[0] ?? 0, 2)} on ${availableParallelism()} cores`);
    for (const [key, value] of out) console.log(`  ${key}: ${value}`);
  } finally {
    raw.dispose();
    await context.dispose();
    await engine.dispose();
    await disposeRuntime();
    rmSync(file, { force: true });
  }
  return out;
}

async function run(): Promise<void> {
  if (VOCAB.length === 0) console.log(`note: ${VOCAB_FILE} not found; the models use the built-in byte-level vocabulary`);
  const dir = mkdtempSync(join(tmpdir(), 'xlam-engine-bench-'));
  const results: Results[] = [];
  try {
    for (const plan of PLANS) results.push(await benchModel(plan, dir));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  const keys = [...new Set(results.flatMap((r) => [...r.keys()]))];
  const width = Math.max(...keys.map((k) => k.length));
  const cols = PLANS.map((p, i) => Math.max(p.label.length, ...[...(results[i]?.values() ?? [])].map((v) => v.length)));
  console.log('\n== summary');
  console.log(`${'metric'.padEnd(width)} | ${PLANS.map((p, i) => p.label.padEnd(cols[i] ?? 0)).join(' | ')}`);
  console.log(`${'-'.repeat(width)}-+-${cols.map((c) => '-'.repeat(c)).join('-+-')}`);
  for (const key of keys) console.log(`${key.padEnd(width)} | ${results.map((r, i) => (r.get(key) ?? '—').padEnd(cols[i] ?? 0)).join(' | ')}`);
}

run().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
