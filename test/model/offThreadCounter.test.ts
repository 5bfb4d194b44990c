import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Llama, LlamaModel } from 'node-llama-cpp' with { 'resolution-mode': 'import' };
import { renderPrompt } from '../../src/core/formats/render';
import { parseToolsText } from '../../src/core/loadInputs';
import { userMessage } from '../../src/core/messages';
import { countBlockTokens } from '../../src/core/tokens/blockTokens';
import { OffThreadCounter } from '../../src/host/playground/offThreadCounter';

/**
 * The playground's worker-thread token counter (dist/tokenCountWorker.js, built by `npm run build`)
 * on the deepseek-coder vocabulary the extension ships: the same counts as counting on the calling
 * thread, a waiting request replaced by a newer one, and a bad file failing one count only.
 */
const ROOT = resolve(__dirname, '../../..');
const WORKER = join(ROOT, 'dist', 'tokenCountWorker.js');
const DEEPSEEK = join(ROOT, 'vocab', 'ggml-vocab-deepseek-coder.gguf');
const OWNER = {};
const tools = parseToolsText(readFileSync(join(ROOT, 'examples/weather.tools.json'), 'utf8'));

function blocksOf(query: string): string[] {
  return renderPrompt({ format: 'fc-v1', tools, messages: [userMessage(query)] }).blocks.map((block) => block.text);
}

describe('off-thread token counts', () => {
  let llama: Llama;
  let model: LlamaModel;
  const errors: string[] = [];
  const counter = new OffThreadCounter(WORKER, (message) => errors.push(message));

  before(async () => {
    const { getLlama } = await import('node-llama-cpp');
    llama = await getLlama({ gpu: false });
    model = await llama.loadModel({ modelPath: DEEPSEEK, vocabOnly: true });
  });
  after(async () => {
    counter.dispose();
    await model.dispose();
    await llama.dispose();
  });

  it('counts every block and the whole prompt as the calling thread does', async () => {
    const blocks = blocksOf('Weather in Paris and Tokyo, in celsius?\n\n');
    const expected = countBlockTokens(blocks.map((text) => ({ text })), (text) => model.tokenize(text, true));
    const counts = await counter.count(DEEPSEEK, blocks, OWNER);
    assert.deepEqual(counts, { blocks: expected.blocks, total: expected.total });
    assert.ok(expected.total > 100);
  });

  it('a newer request replaces the one waiting behind the running count: that one resolves undefined', async () => {
    const running = counter.count(DEEPSEEK, blocksOf('first'), OWNER);
    const replaced = counter.count(DEEPSEEK, blocksOf('second'), OWNER);
    const latest = counter.count(DEEPSEEK, blocksOf('third, the latest'), OWNER);
    const [a, b, c] = await Promise.all([running, replaced, latest]);
    assert.ok(a !== undefined && a.total > 0, 'the running count finishes');
    assert.equal(b, undefined, 'the replaced request is dropped, never counted');
    const expected = countBlockTokens(blocksOf('third, the latest').map((text) => ({ text })), (text) => model.tokenize(text, true));
    assert.equal(c?.total, expected.total);
  });

  it('a file that is not a GGUF fails its own count with the reason; the next count works', async () => {
    await assert.rejects(counter.count(join(ROOT, 'package.json'), ['x'], OWNER), (error: Error) => error.message.length > 0);
    const counts = await counter.count(DEEPSEEK, ['hello world'], OWNER);
    assert.equal(counts?.total, model.tokenize('hello world', true).length);
    assert.deepEqual(errors, [], 'the worker itself did not fail');
  });

  it('forget(owner) drops that owner\'s count in progress and waiting; another owner\'s next count works', async () => {
    const closed = {};
    const big = ['weather forecast for a city '.repeat(40_000)];
    const running = counter.count(DEEPSEEK, big, closed);
    const waiting = counter.count(DEEPSEEK, big, closed);
    counter.forget(closed);
    assert.deepEqual(await Promise.all([running, waiting]), [undefined, undefined]);
    const counts = await counter.count(DEEPSEEK, ['hello world'], OWNER);
    assert.equal(counts?.total, model.tokenize('hello world', true).length);
    assert.deepEqual(errors, [], 'ending the worker on purpose is not reported as a failure');
  });
});
