import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Llama, LlamaModel } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { renderPrompt, renderQuery } from '../../src/core/formats/render';
import { parseToolsText } from '../../src/core/loadInputs';
import { userMessage } from '../../src/core/messages';
import { countBlockTokens } from '../../src/core/tokens/blockTokens';

/**
 * Vocabulary-only GGUFs (../shared/data, no weights) as tokenizers for the playground's per-block
 * token counts: node-llama-cpp 3.21.1 loads them with `vocabOnly: true` and tokenizes exactly as
 * the full model does (testModel.test.ts checks that against a model built on the same vocab),
 * but cannot make a context from them. Skipped, with the reason printed, when the files are absent.
 */
const ROOT = resolve(__dirname, '../../..');
// The copies the extension ships (vocab/), the same files as ../shared/data.
const SHARED_DATA = resolve(ROOT, 'vocab');
const DEEPSEEK = join(SHARED_DATA, 'ggml-vocab-deepseek-coder.gguf');
const QWEN = join(SHARED_DATA, 'ggml-vocab-qwen2.gguf');
const tools = parseToolsText(readFileSync(join(ROOT, 'examples/weather.tools.json'), 'utf8'));
const QUERY = "What's the weather like in New York in fahrenheit?";

for (const file of [DEEPSEEK, QWEN]) {
  if (existsSync(file)) console.log(`${file}: ${statSync(file).size} bytes`);
  else console.log(`skipping vocab-only tokenizer tests for ${file}: not found in vocab/`);
}

let llama: Llama;
const logs: string[] = [];

async function loadVocab(path: string): Promise<{ model: LlamaModel; ms: number }> {
  const start = performance.now();
  // gpuLayers 0: nothing to offload, and node-llama-cpp's memory estimate has no tensors to read.
  const model = await llama.loadModel({ modelPath: path, vocabOnly: true, gpuLayers: 0 });
  return { model, ms: performance.now() - start };
}

void describe('vocab-only GGUF tokenizers', { skip: !existsSync(DEEPSEEK) && !existsSync(QWEN) ? 'no vocab files in vocab/' : false }, () => {
  before(async () => {
    const { getLlama, LlamaLogLevel } = await import('node-llama-cpp');
    llama = await getLlama({ gpu: false, build: 'never', maxThreads: 1, logLevel: LlamaLogLevel.warn, logger: (_level, message) => void logs.push(message.trim()) });
  });
  after(async () => {
    if (logs.length > 0) console.log(`node-llama-cpp said while loading vocab-only files:\n  ${logs.filter((l) => l !== '').join('\n  ')}`);
    await llama.dispose();
  });

  void it('counts an fc-v1 prompt with the deepseek-coder vocabulary (xLAM-1b/7b-fc-r)', { skip: existsSync(DEEPSEEK) ? false : `${DEEPSEEK} not found` }, async () => {
    const { model, ms } = await loadVocab(DEEPSEEK);
    try {
      const rendered = renderQuery('fc-v1', tools, QUERY);
      const tokens = model.tokenize(rendered.prompt, true);
      // The BOS text is the BOS token, read as a special token, not spelled out.
      assert.equal(tokens[0], model.tokens.bos);
      assert.equal(model.detokenize(tokens, true), rendered.prompt);
      const counts = countBlockTokens(rendered.blocks, (text) => model.tokenize(text, true));
      assert.equal(counts.total, tokens.length);
      assert.equal(counts.blocks.reduce((a, b) => a + b, 0), tokens.length);
      const own = rendered.blocks.map((b) => (b.text === '' ? 0 : model.tokenize(b.text, true).length)).reduce((a, b) => a + b, 0);
      console.log(`deepseek-coder vocab: load ${ms.toFixed(0)} ms; fc-v1 card prompt ${rendered.prompt.length} chars = ${tokens.length} tokens (blocks alone: ${own}; ${counts.approximate ? 'apportioned' : 'exact'})`);
      // No weights: generation is impossible, and node-llama-cpp says so.
      await assert.rejects(model.createContext({ contextSize: 256 }), /vocabOnly/);
    } finally {
      await model.dispose();
    }
  });

  void it('reads ChatML markers as single tokens with the qwen2 vocabulary (xLAM-2 on Qwen)', { skip: existsSync(QWEN) ? false : `${QWEN} not found` }, async () => {
    const { model, ms } = await loadVocab(QWEN);
    try {
      const rendered = renderPrompt({ format: 'xlam2-qwen', tools, messages: [userMessage(QUERY)] });
      const tokens = model.tokenize(rendered.prompt, true);
      assert.equal(model.tokenize('<|im_start|>', true).length, 1);
      assert.equal(model.detokenize(tokens, true), rendered.prompt);
      const counts = countBlockTokens(rendered.blocks, (text) => model.tokenize(text, true));
      assert.equal(counts.total, tokens.length);
      console.log(`qwen2 vocab: load ${ms.toFixed(0)} ms; xlam2-qwen vllm prompt ${rendered.prompt.length} chars = ${tokens.length} tokens (${counts.approximate ? 'apportioned' : 'exact'})`);
    } finally {
      await model.dispose();
    }
  });
});
