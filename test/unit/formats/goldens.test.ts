import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderQuery } from '../../../src/core/formats/render';
import { A1_QUERY, B2_MESSAGES, C1_QUERY, C2_MESSAGES, GOLDENS, W1_TOOLS, W2_TOOLS } from './goldens';
import { checkInvariants, msgs, renderTexts, toolsOf } from './support';

/** The reference's golden renderings, byte for byte. */
void describe('golden renderings (reference §3–§5)', () => {
  void it('A1: fc-v1 card in the deepseek wrapper', () => {
    const result = renderQuery('fc-v1', toolsOf(W1_TOOLS), A1_QUERY);
    checkInvariants(result);
    assert.equal(result.variant, 'card');
    assert.equal(result.prompt, GOLDENS.A1);
    // The card content lies between "### Instruction:\n" and the final "\n### Response:\n".
    const start = GOLDENS.A1.indexOf('### Instruction:\n') + '### Instruction:\n'.length;
    assert.equal(result.content, GOLDENS.A1.slice(start, GOLDENS.A1.length - '\n### Response:\n'.length));
    assert.deepEqual(result.warnings, []);
  });

  void it('A2: fc-v1 bfcl', () => {
    const result = renderQuery('fc-v1', toolsOf(W1_TOOLS), A1_QUERY, 'bfcl');
    checkInvariants(result);
    assert.equal(result.prompt, GOLDENS.A2);
    assert.ok(result.content !== undefined && GOLDENS.A2.includes(result.content));
    assert.ok(result.content.startsWith('[BEGIN OF TASK INSTRUCTION]\n') && result.content.endsWith('[END OF QUERY]\n\n'));
  });

  void it('B1: general-v1 client content, no system message', () => {
    const result = renderTexts('general-v1', undefined, W1_TOOLS, msgs({ role: 'user', content: A1_QUERY }));
    assert.equal(result.content, GOLDENS.B1);
    assert.equal(result.prompt, GOLDENS.B1);
  });

  void it('B2: general-v1 client content of the README conversation', () => {
    const result = renderTexts('general-v1', 'client', W1_TOOLS, B2_MESSAGES);
    assert.equal(result.content, GOLDENS.B2);
  });

  void it('C1: xlam2-qwen vllm', () => {
    const result = renderTexts('xlam2-qwen', undefined, W2_TOOLS, msgs({ role: 'user', content: C1_QUERY }));
    assert.equal(result.variant, 'vllm');
    assert.equal(result.prompt, GOLDENS.C1);
    assert.equal(result.content, undefined);
    assert.deepEqual(result.warnings, []);
  });

  void it('C2: xlam2-qwen vllm with a call and its result', () => {
    const result = renderTexts('xlam2-qwen', 'vllm', W2_TOOLS, C2_MESSAGES);
    assert.equal(result.prompt, GOLDENS.C2);
    assert.deepEqual(result.warnings, []);
  });

  void it('C3: xlam2-qwen bfcl on C1 input', () => {
    const result = renderTexts('xlam2-qwen', 'bfcl', W2_TOOLS, msgs({ role: 'user', content: C1_QUERY }));
    assert.equal(result.prompt, GOLDENS.C3);
  });

  void it('C4: xlam2-qwen vllm with no tools', () => {
    const result = renderTexts('xlam2-qwen', 'vllm', '[]', msgs({ role: 'user', content: 'Hi' }));
    assert.equal(result.prompt, GOLDENS.C4);
  });

  void it('D1: xlam2-llama vllm', () => {
    const result = renderTexts('xlam2-llama', undefined, W2_TOOLS, msgs({ role: 'user', content: C1_QUERY }));
    assert.equal(result.prompt, GOLDENS.D1);
    assert.deepEqual(result.blocks[0], { kind: 'bos', text: '<|begin_of_text|>' });
  });

  void it('D2: xlam2-llama vllm with a call and its result', () => {
    const result = renderTexts('xlam2-llama', 'vllm', W2_TOOLS, C2_MESSAGES);
    assert.equal(result.prompt, GOLDENS.D2);
    assert.deepEqual(result.warnings, []);
  });
});
