import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { EngineError, type GenerateRequest, type GenerateResult } from '../../src/core/engine/types';
import { parseToolsText } from '../../src/core/loadInputs';
import { userMessage } from '../../src/core/messages';
import { createLocalEngine, type LocalEngine } from '../../src/engines/local/localEngine';
import { disposeRuntime } from '../../src/engines/local/nodeLlamaCpp';
import { engineError } from '../support/engineError';
import { quietIo } from '../support/tinyServer';

/**
 * The local engine with N sequences of one context, for real on the tiny test model: runs on
 * different sequences are batched together and must give exactly what one sequence gives, one
 * run after another; each run takes the sequence holding its prompt's prefix.
 */
const ROOT = resolve(__dirname, '../../..');
const travel = parseToolsText(readFileSync(join(ROOT, 'examples/travel.tools.json'), 'utf8'));
const weather = parseToolsText(readFileSync(join(ROOT, 'examples/weather.tools.json'), 'utf8'));

const weatherRun = (query: string, sampling: GenerateRequest['sampling']): GenerateRequest => ({ format: 'fc-v1', tools: weather, messages: [userMessage(query)], sampling });

/**
 * llama.cpp's numbers depend on how a prompt is split into batches (on one sequence too: a suffix
 * evaluated after a reused prefix can sample another last token than the same prompt evaluated
 * cold), so both sides see the same splits: a warm-up evaluates the shared system+tools prefix,
 * and every query starts with its own first letter, so each run reuses exactly that prefix.
 */
const WARM_UP = weatherRun('Warm up', { temperature: 0, maxTokens: 2 });
/** Six runs, greedy and sampled with fixed seeds. */
const REQUESTS: GenerateRequest[] = [
  weatherRun('Oslo weather?', { temperature: 0, maxTokens: 16 }),
  weatherRun('Lima: weather today?', { temperature: 0.8, seed: 7, maxTokens: 16 }),
  weatherRun('Quito, is it raining?', { temperature: 0.8, seed: 11, maxTokens: 16 }),
  weatherRun('Perth in fahrenheit', { temperature: 0, maxTokens: 16 }),
  weatherRun('Rain in Riga?', { temperature: 1, seed: 3, maxTokens: 16 }),
  weatherRun('Sun in Cairo?', { temperature: 1, seed: 5, maxTokens: 16 }),
];


/** Runs every request at once and counts how many were streaming at the same time, at most. */
async function together(engine: LocalEngine, requests: readonly GenerateRequest[]): Promise<{ results: GenerateResult[]; overlap: number }> {
  let streaming = 0;
  let overlap = 0;
  const results = await Promise.all(
    requests.map(async (request) => {
      let started = false;
      const result = await engine.generate({
        ...request,
        onText: () => {
          if (started) return;
          started = true;
          overlap = Math.max(overlap, ++streaming);
        },
      });
      if (started) streaming--;
      return result;
    }),
  );
  return { results, overlap };
}

describe('local engine with several sequences (tiny model)', () => {
  let modelPath: string;
  let one: LocalEngine;
  /** Each request's result on one sequence, one after another from a fresh context. */
  const expected: GenerateResult[] = [];

  before(async () => {
    modelPath = join(mkdtempSync(join(tmpdir(), 'xlam-seq-')), 'tiny.gguf');
    assert.equal(await main(['make-test-model', modelPath], quietIo), 0);
    one = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1 });
    await one.generate(WARM_UP);
    for (const request of REQUESTS) expected.push(await one.generate(request));
  });

  after(async () => {
    await one.dispose();
    await disposeRuntime();
    rmSync(resolve(modelPath, '..'), { recursive: true, force: true });
  });

  it('says how many runs it serves at once', async () => {
    assert.equal(one.info().parallel, 1);
    const three = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1, sequences: 3 });
    try {
      assert.equal(three.info().parallel, 3);
      assert.equal(three.sequences, 3);
    } finally {
      await three.dispose();
    }
  });

  it('three sequences batched together give exactly the texts of one sequence, one run after another', async () => {
    const three = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1, sequences: 3 });
    try {
      await three.generate(WARM_UP);
      const { results, overlap } = await together(three, REQUESTS);
      results.forEach((result, i) => assert.equal(result.text, expected[i]?.text, `request ${i}`));
      // The six runs reach the pool in one burst, before any generation (native work) can end:
      // all three sequences are lent at once, whatever the machine's speed.
      assert.equal(three.peakParallelRuns(), 3, 'three runs held a sequence at the same time');
      console.log(`# 6 runs on 3 sequences: up to ${overlap} streaming at once; texts equal to one sequence's`);
    } finally {
      await three.dispose();
    }
  });

  it('a case with the same tools takes the sequence holding their prefix and reuses as much as one sequence does', async () => {
    const follow = weatherRun('Hobart weather?', { temperature: 0, maxTokens: 4 });
    const travelRun: GenerateRequest = { format: 'xlam2-qwen', tools: travel, messages: [userMessage('A hotel in Rome')], sampling: { temperature: 0, maxTokens: 4 } };
    const single = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1 });
    const pool = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1, sequences: 3 });
    try {
      await single.generate(REQUESTS[0] as GenerateRequest);
      const alone = await single.generate(follow);
      // The pool's sequences hold a weather prompt and a travel prompt; the follow-up must pick the weather one.
      await Promise.all([pool.generate(REQUESTS[0] as GenerateRequest), pool.generate(travelRun)]);
      const pooled = await pool.generate(follow);
      assert.ok(alone.timings.cachedPromptTokens > 0);
      assert.equal(pooled.timings.cachedPromptTokens, alone.timings.cachedPromptTokens);
      assert.equal(pooled.text, alone.text);
    } finally {
      await single.dispose();
      await pool.dispose();
    }
  });

  it('a sequence with no useful prefix copies it from a busy one that holds it, and generates the same text', async () => {
    const pool = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1, sequences: 2 });
    try {
      await pool.generate(WARM_UP);
      // REQUESTS[1] and [4] share the weather prefix: one takes the warm sequence, the other the empty one.
      const [a, b] = await Promise.all([pool.generate(REQUESTS[1] as GenerateRequest), pool.generate(REQUESTS[4] as GenerateRequest)]);
      assert.ok(a.timings.cachedPromptTokens > 256, `cached ${a.timings.cachedPromptTokens}`);
      assert.ok(b.timings.cachedPromptTokens > 256, `the copy gave ${b.timings.cachedPromptTokens} cached tokens`);
      assert.equal(a.text, expected[1]?.text);
      assert.equal(b.text, expected[4]?.text);
    } finally {
      await pool.dispose();
    }
  });

  it('cancelling one of several concurrent runs leaves the others exact', async () => {
    const three = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1, sequences: 3 });
    try {
      await three.generate(WARM_UP);
      const controller = new AbortController();
      const cancelled = three.generate({ ...(REQUESTS[2] as GenerateRequest), sampling: { temperature: 1, seed: 2, maxTokens: 100_000 }, signal: controller.signal, onText: () => controller.abort() });
      const others = [REQUESTS[1], REQUESTS[3], REQUESTS[5]].map((r) => three.generate(r as GenerateRequest));
      assert.equal((await cancelled).finishReason, 'cancelled');
      const results = await Promise.all(others);
      assert.deepEqual(results.map((r) => r.text), [expected[1]?.text, expected[3]?.text, expected[5]?.text]);
    } finally {
      await three.dispose();
    }
  });

  it('dispose while runs are in flight: running ones finish, waiting ones are refused, later ones too', async () => {
    const two = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1, sequences: 2 });
    await two.generate(WARM_UP);
    // generate() takes a free sequence synchronously: the first two run, the last two wait.
    const runs = Promise.allSettled(REQUESTS.slice(0, 4).map((r) => two.generate(r)));
    await two.dispose();
    const settled = await runs;
    assert.deepEqual(settled.map((s) => s.status), ['fulfilled', 'fulfilled', 'rejected', 'rejected']);
    for (const [i, s] of settled.slice(0, 2).entries()) assert.equal(s.status === 'fulfilled' ? s.value.text : undefined, expected[i]?.text);
    for (const s of settled.slice(2)) assert.equal(s.status === 'rejected' && s.reason instanceof EngineError ? s.reason.code : undefined, 'disposed');
    assert.equal((await engineError(two.generate(REQUESTS[0] as GenerateRequest))).code, 'disposed');
  });

  it('refuses a sequence count that is not a positive integer', async () => {
    await assert.rejects(createLocalEngine({ modelPath, gpu: 'cpu', threads: 1, sequences: 0 }), /sequences must be an integer ≥ 1/);
  });
});
