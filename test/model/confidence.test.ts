import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import type { GenerateRequest } from '../../src/core/engine/types';
import { fromPlain } from '../../src/core/json/jsonValue';
import { userMessage } from '../../src/core/messages';
import { readTools } from '../../src/core/tools/tool';
import { createLocalEngine, type LocalEngine } from '../../src/engines/local/localEngine';
import { disposeRuntime } from '../../src/engines/local/nodeLlamaCpp';

/**
 * Tool-choice confidence on the tiny random model with a two-tool grammar. The two names share
 * `get_`, which the byte-level vocabulary may spell more than one way; after it the grammar allows
 * only `w…` or `f…`: there the two names part.
 */
const quietIo = { stdout: () => undefined, stderr: (text: string) => void process.stderr.write(text), readStdin: () => Promise.resolve('') };
const TOOL_NAMES = ['get_weather', 'get_forecast'];
const { tools } = readTools(fromPlain(TOOL_NAMES.map((name) => ({ name, description: `${name} of a city`, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }))));

describe('tool-choice confidence on the tiny model', () => {
  let dir: string;
  let engine: LocalEngine;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xlam-confidence-'));
    const modelPath = join(dir, 'tiny.gguf');
    assert.equal(await main(['make-test-model', modelPath], quietIo), 0);
    engine = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1 });
  });

  after(async () => {
    await engine.dispose();
    await disposeRuntime();
    rmSync(dir, { recursive: true, force: true });
  });

  const request = (seed: number, confidence: boolean, temperature = 1): GenerateRequest => ({
    format: 'xlam2-qwen',
    tools,
    messages: [userMessage(`What is the weather in Oslo, day ${seed}?`)],
    grammar: 'tools',
    grammarLimits: { maxStringChars: 8, maxCalls: 2 },
    sampling: { temperature, seed, maxTokens: 400 },
    confidence,
  });

  it('gives every call a probability in (0, 1] and alternatives that are only real tool names', async () => {
    let calls = 0;
    for (let seed = 1; seed <= 4; seed++) {
      const result = await engine.generate(request(seed, true));
      assert.ok(result.confidence?.calls, `seed ${seed}: no confidence`);
      assert.equal(result.confidence.calls.length, result.calls.length);
      result.calls.forEach((call, index) => {
        const confidence = result.confidence?.calls?.[index];
        assert.ok(confidence, `seed ${seed} call ${index} (${call.name}): name not found in ${result.text}`);
        assert.ok(confidence.p > 0 && confidence.p <= 1, `p = ${confidence.p}`);
        // With the grammar both names are possible only after `get_`, and nothing else is.
        assert.deepEqual(confidence.alternatives.map((a) => a.name).sort(), [...TOOL_NAMES].sort(), `seed ${seed}: ${JSON.stringify(confidence.alternatives)}`);
        for (const alternative of confidence.alternatives) assert.ok(alternative.p > 0 && alternative.p <= 1);
        // The grammar renormalises over the two allowed tokens, so nothing else takes a share.
        const sum = confidence.alternatives.reduce((total, a) => total + a.p, 0);
        assert.ok(Math.abs(sum - 1) < 1e-3, `alternatives sum to ${sum}`);
        // The name's tokens include the one where the names part: its product is at most that token's p
        // (less when the vocabulary could spell `get_` more than one way and the grammar allows each).
        const own = confidence.alternatives.find((a) => a.name === call.name);
        assert.ok(own && confidence.p <= own.p + 1e-6, `${call.name}: p ${confidence.p} vs ${JSON.stringify(confidence.alternatives)}`);
        calls++;
      });
    }
    assert.ok(calls >= 4, `only ${calls} calls in 4 runs`);
  });

  // Names are scored after the run (the cache cut back and the name tokens evaluated again), so
  // decoding is untouched at any temperature, and the next run still reuses the prompt's prefix.
  it('does not change what is generated, adds nothing when not asked, and leaves the cache usable', async () => {
    const plain = await engine.generate(request(7, false));
    const probed = await engine.generate(request(7, true));
    assert.equal(plain.confidence, undefined);
    assert.equal(probed.text, plain.text);
    assert.equal(probed.confidence?.calls?.length, plain.calls.length);
    const again = await engine.generate(request(7, false));
    assert.equal(again.text, plain.text);
    assert.ok(again.timings.cachedPromptTokens > 0, 'the prompt prefix was not reused');
  });
});
