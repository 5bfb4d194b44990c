/**
 * bench:suite › inflight: suite throughput (cases/s) with 1, 2, 4 and 8 trials in flight, side by
 * side in one run (rounds interleaved, 1→8 then 8→1), over the remote engine against:
 *   (b) a loopback OpenAI-compatible stub that answers every request after a fixed 200 ms whatever
 *       the load, as a batching vLLM does at low load: what the runner's overlap is worth by itself;
 *   (a) our own `serve` on the tiny test model: what a real local server gives, bounded by its
 *       context sequences (printed; plain `serve` has one and queues the rest).
 * 24 cases sharing one tool set. Prints numbers and ratios; asserts nothing about time.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import { planCases, type PlannedCase } from '../../src/core/suite/plan';
import { readSuite } from '../../src/core/suite/readSuite';
import { runCases } from '../../src/core/suite/runCases';
import { createLocalEngine } from '../../src/engines/local/localEngine';
import { disposeRuntime } from '../../src/engines/local/nodeLlamaCpp';
import { RemoteEngine } from '../../src/engines/remote/remoteEngine';
import { startOpenAiServer } from '../../src/server/openaiServer';
import { startChatStub, type StubAnswer } from '../../test/support/chatStub';
import type { SuiteBenchSection } from './section';

const ROOT = resolve(__dirname, '../../..');
const CASES = 24;
const WIDTHS = [1, 2, 4, 8] as const;
const FIXED_LATENCY_MS = 200;
const CITIES = ['Paris', 'Tokyo', 'Lima', 'Oslo', 'Cairo', 'Denver', 'Hanoi', 'Quito'];
const quietIo = { stdout: () => undefined, stderr: (t: string) => void process.stderr.write(t), readStdin: () => Promise.resolve('') };

/** 24 hotel bookings over the travel tools: case i, `nights` i % 5 + 1 in city i % 8. */
function hotelPlan(grammar: boolean, maxTokens: number): PlannedCase[] {
  const tools = JSON.parse(readFileSync(join(ROOT, 'examples/travel.tools.json'), 'utf8')) as unknown;
  const cases = Array.from({ length: CASES }, (_, i) => ({
    id: `hotel-${i}`,
    query: `case ${i}: book a hotel in ${CITIES[i % CITIES.length]} for ${(i % 5) + 1} nights`,
    expect: { calls: [{ name: 'book_hotel', arguments: { city: CITIES[i % CITIES.length], nights: (i % 5) + 1 } }] },
  }));
  const text = JSON.stringify({ name: 'inflight', tools, defaults: { format: 'xlam2-qwen', grammar, sampling: { temperature: 0, seed: 1, maxTokens } }, cases });
  return planCases([readSuite(text, join(ROOT, 'examples/inflight.fctest.json'), () => undefined)], {});
}

/** The stub's answer: the booking the case asks for, so every case passes. */
function bookingOf(query: string): StubAnswer {
  const i = Number(/^case (\d+):/.exec(query)?.[1] ?? -1);
  return { calls: [{ name: 'book_hotel', arguments: { city: CITIES[i % CITIES.length], nights: (i % 5) + 1 } }] };
}

const delay = (ms: number): Promise<void> => new Promise((done) => setTimeout(done, ms));
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};
const round2 = (n: number): number => Math.round(n * 100) / 100;

/** Cases/s at each width, `rounds` interleaved rounds, the median of each; checks every case ran. */
async function throughput(engine: RemoteEngine, plan: PlannedCase[], rounds: number, mustPass: boolean): Promise<Map<number, number>> {
  const samples = new Map<number, number[]>(WIDTHS.map((w) => [w, []]));
  for (let round = 0; round < rounds; round++) {
    for (const width of round % 2 === 0 ? WIDTHS : [...WIDTHS].reverse()) {
      const started = performance.now();
      const { outcomes } = await runCases(engine, plan, { concurrency: width });
      const seconds = (performance.now() - started) / 1000;
      if (outcomes.length !== plan.length) throw new Error(`width ${width}: ${outcomes.length} of ${plan.length} outcomes`);
      const failed = outcomes.find((o) => !o.verdict.valid || o.finishReason === 'error');
      if (mustPass && failed !== undefined) throw new Error(`width ${width}: ${failed.caseId} failed: ${failed.verdict.message}`);
      samples.get(width)?.push(plan.length / seconds);
    }
  }
  return new Map(WIDTHS.map((w) => [w, median(samples.get(w) ?? [])]));
}

function report(key: string, label: string, perSecond: Map<number, number>, log: (line: string) => void): Record<string, number> {
  const one = perSecond.get(1) ?? NaN;
  const figures: Record<string, number> = {};
  const parts = WIDTHS.map((w) => {
    const value = perSecond.get(w) ?? NaN;
    figures[`inflight.${key}.casesPerSecond${w}`] = round2(value);
    return `${w}: ${value.toFixed(2)} (${(value / one).toFixed(2)}×)`;
  });
  figures[`inflight.${key}.speedup8`] = round2((perSecond.get(8) ?? NaN) / one);
  log(`${label}: cases/s by trials in flight — ${parts.join(', ')}`);
  return figures;
}

async function fixedLatency(log: (line: string) => void): Promise<Record<string, number>> {
  const stub = await startChatStub(async (request) => {
    await delay(FIXED_LATENCY_MS);
    return bookingOf(request.query);
  });
  const engine = new RemoteEngine({ baseURL: stub.baseURL, model: 'stub-xlam' });
  try {
    const plan = hotelPlan(true, 256);
    const perSecond = await throughput(engine, plan, 3, true);
    log(`fixed ${FIXED_LATENCY_MS} ms per request at any load (loopback stub), ${CASES} cases, most requests seen at once: ${stub.maxInFlight}`);
    return report('fixedLatency', `fixed latency`, perSecond, log);
  } finally {
    await engine.dispose();
    await stub.close();
  }
}

async function tinyServe(log: (line: string) => void): Promise<Record<string, number>> {
  const dir = mkdtempSync(join(tmpdir(), 'xlam-bench-inflight-'));
  const modelPath = join(dir, 'tiny.gguf');
  try {
    if ((await main(['make-test-model', modelPath], quietIo)) !== 0) throw new Error('make-test-model failed');
    // As `serve --parallel 8`: one model load, 8 context sequences, 8 requests decoded side by side.
    const local = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1, sequences: 8 });
    const sequences = local.info().parallel ?? 1;
    const server = await startOpenAiServer({ engine: local, modelId: 'tiny', format: 'xlam2-qwen' });
    const engine = new RemoteEngine({ baseURL: server.baseURL, model: 'tiny' });
    try {
      // Random weights: the answers fail the checker; 24 tokens each keeps the cost per case even.
      const plan = hotelPlan(false, 24);
      await runCases(engine, plan.slice(0, 2), { concurrency: 1 });
      const perSecond = await throughput(engine, plan, 2, false);
      log(`serve on the tiny model (1 thread): the server had ${sequences} context sequence${sequences === 1 ? '' : 's'} (${sequences <= 1 ? 'plain serve: requests queue one at a time' : 'requests decoded side by side'})`);
      const figures = report('serve', 'tiny serve', perSecond, log);
      figures['inflight.serve.sequences'] = sequences;
      return figures;
    } finally {
      await engine.dispose();
      await server.close();
      await local.dispose();
    }
  } finally {
    await disposeRuntime();
    rmSync(dir, { recursive: true, force: true });
  }
}

export const inflight: SuiteBenchSection = {
  name: 'inflight',
  async run(log) {
    return { ...(await fixedLatency(log)), ...(await tinyServe(log)) };
  },
};
