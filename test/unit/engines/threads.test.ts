import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { chooseThreadCount, machineThreadCount, physicalCoreCount, TINY_MODEL_BYTES } from '../../../src/engines/local/threads';
import { guessFamily } from '../../../src/core/modelFamily';

const CPUINFO_SMT = ['physical id\t: 0\ncore id\t\t: 0', 'physical id\t: 0\ncore id\t\t: 0', 'physical id\t: 0\ncore id\t\t: 1', 'physical id\t: 0\ncore id\t\t: 1'].join('\n\n');

describe('thread count', () => {
  it('counts physical cores, not hyper-threads', () => {
    assert.equal(physicalCoreCount(CPUINFO_SMT), 2);
  });

  it('uses an explicit setting as given', () => {
    assert.equal(chooseThreadCount(3), 3);
  });

  it('gives a tiny model one thread and a real-sized one the machine\'s count; a setting wins over both', () => {
    assert.equal(chooseThreadCount(undefined, 9_563_488), 1);
    assert.equal(chooseThreadCount(undefined, TINY_MODEL_BYTES - 1), 1);
    assert.equal(chooseThreadCount(undefined, 873_453_280), machineThreadCount());
    assert.equal(chooseThreadCount(undefined, undefined), machineThreadCount());
    assert.equal(chooseThreadCount(2, 9_563_488), 2);
  });

  it('never picks more threads than this machine can run at once', async () => {
    const { availableParallelism } = await import('node:os');
    const chosen = chooseThreadCount(undefined);
    assert.ok(chosen >= 1 && chosen <= availableParallelism(), `chose ${chosen}`);
  });
});

describe('format proposal from GGUF facts', () => {
  it('deepseek-coder vocabulary → fc-v1', () => {
    assert.equal(guessFamily({ architecture: 'llama', specialTokens: ['<\uff5cbegin\u2581of\u2581sentence\uff5c>'] })?.format, 'fc-v1');
  });
  it('ChatML template with tools → xlam2-qwen', () => {
    assert.equal(guessFamily({ architecture: 'qwen2', specialTokens: [], chatTemplate: '{% if tools %}<|im_start|>system' })?.format, 'xlam2-qwen');
  });
  it('Llama 3 template with tools → xlam2-llama', () => {
    assert.equal(guessFamily({ architecture: 'llama', specialTokens: ['<|begin_of_text|>'], chatTemplate: '{% if tools %}<|start_header_id|>' })?.format, 'xlam2-llama');
  });
  it('Mixtral → general-v1', () => {
    assert.equal(guessFamily({ architecture: 'llama', name: 'xLAM-8x7b-r (Mixtral)', specialTokens: ['<s>'] })?.format, 'general-v1');
  });
  it('an unrelated model → no proposal', () => {
    assert.equal(guessFamily({ architecture: 'gpt2', specialTokens: ['<|endoftext|>'] }), undefined);
  });
});
