import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Llama, LlamaModel, Token } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { main } from '../../src/cli/main';

/**
 * The test model in the real runtime: node-llama-cpp (llama.cpp) must load what our GGUF writer
 * produces, tokenize with its vocabulary and generate. Timings are printed, never asserted: this
 * machine is shared and its speed varies.
 */

const SHARED_DATA = resolve(__dirname, '../../../../shared/data');
const dir = mkdtempSync(join(tmpdir(), 'xlam-model-'));
const quietIo = { stdout: () => undefined, stderr: (text: string) => void process.stderr.write(text), readStdin: () => Promise.resolve('') };

async function makeModel(name: string, ...options: string[]): Promise<string> {
  const file = join(dir, name);
  assert.equal(await main(['make-test-model', file, ...options], quietIo), 0);
  return file;
}

async function timedLoad(llama: Llama, modelPath: string): Promise<{ model: LlamaModel; loadMs: number }> {
  const start = performance.now();
  const model = await llama.loadModel({ modelPath });
  return { model, loadMs: performance.now() - start };
}

/** Evaluates the prompt and samples `count` tokens with a fixed seed; EOG tokens do not stop it. */
async function generate(model: LlamaModel, prompt: Token[], count: number): Promise<{ tokens: Token[]; tokensPerSecond: number }> {
  const context = await model.createContext({ contextSize: 512, threads: 1 });
  try {
    const sequence = context.getSequence();
    const tokens: Token[] = [];
    let firstAt = 0;
    for await (const token of sequence.evaluate(prompt, { temperature: 0.8, seed: 42, yieldEogToken: true })) {
      // Decode speed is measured from the first generated token, so prompt evaluation is excluded.
      if (tokens.length === 0) firstAt = performance.now();
      tokens.push(token);
      if (tokens.length === count) break;
    }
    return { tokens, tokensPerSecond: ((count - 1) * 1000) / (performance.now() - firstAt) };
  } finally {
    await context.dispose();
  }
}

describe('test model in node-llama-cpp (1 thread)', () => {
  let llama: Llama;

  before(async () => {
    const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
    llama = await getLlama({ gpu: false, build: 'never', maxThreads: 1, logLevel: LlamaLogLevel.warn });
  });

  after(async () => {
    await llama.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the default model loads, keeps special tokens whole and generates reproducibly', async () => {
    const file = await makeModel('tiny.gguf');
    const { model, loadMs } = await timedLoad(llama, file);
    try {
      const text = '<|im_start|>user\nhi<|im_end|>';
      const tokens = model.tokenize(text, true);
      const single = (special: string): Token => {
        const ids = model.tokenize(special, true);
        assert.equal(ids.length, 1, `${special} is one token`);
        return ids[0] as Token;
      };
      assert.equal(tokens[0], single('<|im_start|>'));
      assert.equal(tokens.at(-1), single('<|im_end|>'));
      for (const special of ['<|EOT|>', '<|begin_of_text|>', '<|eot_id|>', '<|start_header_id|>', '<|end_header_id|>', '<｜begin▁of▁sentence｜>']) single(special);
      assert.equal(model.detokenize(tokens, true), text);
      // Without special-token parsing the same text is spelled out in bytes.
      assert.ok(model.tokenize(text, false).length > tokens.length + 10);

      const first = await generate(model, tokens, 32);
      const second = await generate(model, tokens, 32);
      assert.equal(first.tokens.length, 32);
      assert.deepEqual(second.tokens, first.tokens, 'same seed, same tokens');
      console.log(`tiny default model: ${statSync(file).size} bytes, load ${loadMs.toFixed(0)} ms, decode ${first.tokensPerSecond.toFixed(0)} tokens/s (1 thread)`);
    } finally {
      await model.dispose();
    }
  });

  const vocabCases: [string, string][] = [
    ['ggml-vocab-deepseek-coder.gguf', '<｜begin▁of▁sentence｜>### Instruction:\nhi'],
    ['ggml-vocab-qwen2.gguf', '<|im_start|>user\nWhat is the weather in 東京? {"a": 1}<|im_end|>\n'],
  ];
  for (const [vocabName, text] of vocabCases) {
    const vocabFile = join(SHARED_DATA, vocabName);
    const skip = existsSync(vocabFile) ? false : `${vocabFile} not found`;
    if (skip) console.log(`skipping the ${vocabName} variant: ${skip}`);

    it(`with the tokenizer of ${vocabName}, tokenizes exactly as the vocab-only file`, { skip }, async () => {
      const file = await makeModel(vocabName.replace('ggml-vocab-', 'tiny-'), '--vocab', vocabFile);
      const { model, loadMs } = await timedLoad(llama, file);
      // gpuLayers 0 skips node-llama-cpp's memory simulation, which cannot load a vocab-only file.
      const vocabOnly = await llama.loadModel({ modelPath: vocabFile, vocabOnly: true, gpuLayers: 0 });
      try {
        const ours = model.tokenize(text, true);
        assert.deepEqual(ours, vocabOnly.tokenize(text, true));
        assert.deepEqual(model.tokenize(text, false), vocabOnly.tokenize(text, false));
        const { tokensPerSecond } = await generate(model, ours, 32);
        console.log(`tiny model with ${vocabName}: ${statSync(file).size} bytes, load ${loadMs.toFixed(0)} ms, decode ${tokensPerSecond.toFixed(0)} tokens/s (1 thread)`);
      } finally {
        await vocabOnly.dispose();
        await model.dispose();
      }
    });
  }
});
