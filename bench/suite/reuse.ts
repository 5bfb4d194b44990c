/**
 * bench:suite reuse: a 20-case suite over one 10-tool set on the xLAM-1b-shaped Q4_K_M model, on
 * the suite runner, with the engine's prefix reuse vs a naive run that clears the sequence before
 * every case (so every prompt is evaluated whole). The naive side runs a few cases and is scaled
 * to 20 from their mean (each costs the same whole prompt); the line says how many it ran.
 */
import { availableParallelism, loadavg } from 'node:os';
import type { GenerateRequest } from '../../src/core/engine/types';
import { createLocalEngine } from '../../src/engines/local/localEngine';
import { disposeRuntime } from '../../src/engines/local/nodeLlamaCpp';
import { runCases } from '../../src/core/suite/runCases';
import { benchModel, travelSuite, vocabNote } from './benchSuite';
import type { SuiteBenchSection } from './section';

const CASES = 20;
const TOOLS = 10;
const MAX_TOKENS = 4;
/** Naive cases actually run (each re-evaluates the whole prompt, seconds apiece on 2 cores). */
const NAIVE_SAMPLES = 2;

export const reuseSection: SuiteBenchSection = {
  name: 'reuse',
  async run(log) {
    const model = await benchModel('xlam1b');
    const engine = await createLocalEngine({ modelPath: model.path, gpu: 'cpu', threads: model.threads, contextSize: 2048 });
    try {
      log(`${model.label}, ${vocabNote()}, ${model.threads} threads; ${CASES} cases sharing ${TOOLS} tools, fc v1, ${MAX_TOKENS} max tokens`);
      const plan = travelSuite(CASES, TOOLS, MAX_TOKENS);
      // A fresh context: the first case is fully cold, as at the start of a real run.
      let started = performance.now();
      const reused = await runCases(engine, plan);
      const reuseMs = performance.now() - started;
      const timings = reused.outcomes.map((o) => o.timings).filter((t) => t !== undefined);
      if (timings.length !== CASES) throw new Error(`reuse run: ${CASES - timings.length} cases failed in the engine`);
      const promptTokens = timings.reduce((sum, t) => sum + t.promptTokens, 0);
      const evaluated = timings.reduce((sum, t) => sum + t.promptTokens - t.cachedPromptTokens, 0);

      // Naive: the same runner and cases, the sequence cleared before each, so nothing is reused.
      const naive = {
        generate: async (request: GenerateRequest) => {
          await engine.lastSequence.clearHistory();
          return engine.generate(request);
        },
      };
      started = performance.now();
      const cold = await runCases(naive, plan.slice(0, NAIVE_SAMPLES));
      const naiveSampleMs = performance.now() - started;
      if (cold.outcomes.some((o) => o.timings?.cachedPromptTokens !== 0)) throw new Error('the naive run reused a prefix');
      const naiveMs = (naiveSampleMs / NAIVE_SAMPLES) * CASES;

      const tokensRatio = evaluated / promptTokens;
      const wallRatio = reuseMs / naiveMs;
      log(`prompt tokens evaluated, reuse / naive: ${evaluated} / ${promptTokens} = ${tokensRatio.toFixed(3)}× (goal ≤ 0.25×; ${Math.round(promptTokens / CASES)} per prompt)`);
      log(`wall ms for ${CASES} cases, reuse / naive: ${Math.round(reuseMs)} / ${Math.round(naiveMs)} = ${wallRatio.toFixed(3)}× (goal ≤ 0.4×; naive: ${NAIVE_SAMPLES} cases run, ${Math.round(naiveSampleMs / NAIVE_SAMPLES)} ms each, ×${CASES})`);
      log(`load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores (other work slows both sides alike only if it is steady)`);
      return { 'reuse.tokensRatio': round3(tokensRatio), 'reuse.wallRatio': round3(wallRatio) };
    } finally {
      await engine.dispose();
      await disposeRuntime();
    }
  },
};

const round3 = (n: number): number => Math.round(n * 1000) / 1000;
