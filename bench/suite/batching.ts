/**
 * bench:suite batching: cases per second on the suite runner with one sequence (cases one after
 * another) vs four sequences of one context (four cases in flight, batched together), on the
 * tiny model and on the xLAM-1b-shaped Q4_K_M model. Both engines are warmed first (one case,
 * then one per sequence) so the shared tool prefix is evaluated before the clock starts and the
 * measure is the steady state of a suite run; the warm-up time is printed too (with four
 * sequences it includes the prefix copies between sequences).
 */
import { availableParallelism, loadavg } from 'node:os';
import { createLocalEngine } from '../../src/engines/local/localEngine';
import { disposeRuntime } from '../../src/engines/local/nodeLlamaCpp';
import type { PlannedCase } from '../../src/core/suite/plan';
import { benchModel, runInFlight, travelSuite, vocabNote } from './benchSuite';
import type { SuiteBenchSection } from './section';

const WIDTH = 4;
const PLANS = [
  { kind: 'tiny', key: 'tiny', cases: 16, maxTokens: 24 },
  { kind: 'xlam1b', key: 'xlam1b', cases: 8, maxTokens: 8 },
] as const;

/** Cases/s over `plan`, after warming every sequence with cases of `warm` (other queries, same tools). */
async function casesPerSecond(modelPath: string, threads: number, sequences: number, plan: readonly PlannedCase[], warm: readonly PlannedCase[]): Promise<{ rate: number; warmMs: number; tokens: number }> {
  const engine = await createLocalEngine({ modelPath, gpu: 'cpu', threads, contextSize: 2048, sequences });
  try {
    let started = performance.now();
    await runInFlight(engine, warm.slice(0, 1), 1);
    await runInFlight(engine, warm.slice(1, 1 + sequences), sequences);
    const warmMs = performance.now() - started;
    started = performance.now();
    const outcomes = await runInFlight(engine, plan, sequences);
    const ms = performance.now() - started;
    if (outcomes.length !== plan.length || outcomes.some((o) => o.finishReason === 'error')) throw new Error('a case failed in the engine');
    return { rate: (plan.length * 1000) / ms, warmMs, tokens: outcomes.reduce((sum, o) => sum + (o.timings?.completionTokens ?? 0), 0) };
  } finally {
    await engine.dispose();
  }
}

export const batchingSection: SuiteBenchSection = {
  name: 'batching',
  async run(log) {
    const figures: Record<string, number> = {};
    try {
      for (const { kind, key, cases, maxTokens } of PLANS) {
        const model = await benchModel(kind);
        const all = travelSuite(cases + 1 + WIDTH, 3, maxTokens);
        const [plan, warm] = [all.slice(0, cases), all.slice(cases)];
        log(`${model.label}, ${vocabNote()}, ${model.threads} thread${model.threads > 1 ? 's' : ''}; ${cases} cases, ${maxTokens} max tokens`);
        const one = await casesPerSecond(model.path, model.threads, 1, plan, warm);
        const four = await casesPerSecond(model.path, model.threads, WIDTH, plan, warm);
        const speedup = four.rate / one.rate;
        log(`  cases/s, 1 sequence / ${WIDTH} in flight: ${one.rate.toFixed(2)} / ${four.rate.toFixed(2)} = ${speedup.toFixed(2)}× (${one.tokens} / ${four.tokens} tokens generated)`);
        log(`  warm-up ms (not counted), 1 / ${WIDTH}: ${Math.round(one.warmMs)} / ${Math.round(four.warmMs)}`);
        log(`  load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
        figures[`batching.${key}.speedup4`] = Math.round(speedup * 100) / 100;
      }
    } finally {
      await disposeRuntime();
    }
    return figures;
  },
};
