import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../../src/core/errors';
import { renderPrompt, renderQuery } from '../../../src/core/formats/render';
import { DEFAULT_VARIANT, FORMAT_IDS, VARIANTS } from '../../../src/core/formats/types';
import { A1_QUERY, B2_MESSAGES, C2_MESSAGES, GOLDENS, RECORD0, W1_TOOLS } from './goldens';
import { checkInvariants, messagesOf, msgs, toolsOf } from './support';

void describe('renderPrompt dispatch', () => {
  void it('an omitted or empty variant is the family default', () => {
    for (const format of FORMAT_IDS) {
      const omitted = renderPrompt({ format, tools: [], messages: [] });
      const empty = renderPrompt({ format, variant: '', tools: [], messages: [] });
      assert.equal(omitted.variant, DEFAULT_VARIANT[format]);
      assert.equal(empty.prompt, omitted.prompt);
    }
  });

  void it('an unknown variant is an InputError listing the valid ones', () => {
    assert.throws(
      () => renderPrompt({ format: 'fc-v1', variant: 'vllm', tools: [], messages: [] }),
      (error: unknown) => error instanceof InputError && /valid variants: card, bfcl/.test(error.message),
    );
    assert.throws(() => renderPrompt({ format: 'xlam2-llama', variant: 'gguf', tools: [], messages: [] }), /valid variants: vllm, bfcl/);
  });

  void it('stop strings per family', () => {
    const stops = Object.fromEntries(FORMAT_IDS.map((format) => [format, renderPrompt({ format, tools: [], messages: [] }).stop]));
    assert.deepEqual(stops, {
      'fc-v1': ['<|EOT|>'],
      'general-v1': [],
      'xlam2-qwen': ['<|im_end|>', '<|endoftext|>'],
      'xlam2-llama': ['<|eot_id|>'],
    });
  });

  void it('renderQuery is one user message', () => {
    assert.equal(renderQuery('fc-v1', toolsOf(W1_TOOLS), A1_QUERY).prompt, GOLDENS.A1);
    assert.equal(renderQuery('fc-v1', toolsOf(W1_TOOLS), A1_QUERY, 'bfcl').prompt, GOLDENS.A2);
  });

  void it('only v1 families have content', () => {
    for (const format of FORMAT_IDS) {
      for (const variant of VARIANTS[format]) {
        const result = renderPrompt({ format, variant, tools: [], messages: [] });
        assert.equal(result.content !== undefined, format === 'fc-v1' || format === 'general-v1', `${format} ${variant}`);
      }
    }
  });
});

void describe('every format and variant keeps the block invariants', () => {
  const toolSets = { w1: W1_TOOLS, flat: RECORD0.tools, none: '[]' };
  const messageSets = {
    none: '[]',
    query: msgs({ role: 'user', content: 'Größe?' }),
    b2: B2_MESSAGES,
    c2: C2_MESSAGES,
    odd: msgs(
      { role: 'system', content: null },
      { role: 'tool', content: null },
      { role: 'assistant', tool_calls: { name: 'x', arguments: 'not json' } },
      { role: 'assistant', tool_calls: [{ name: 'bare', arguments: {} }, 7] },
      { role: 'ipython', content: [{ type: 'text', text: 'part' }] },
      { role: 'user', content: [{ type: 'text', text: 'part' }] },
    ),
  };
  for (const format of FORMAT_IDS) {
    for (const variant of VARIANTS[format]) {
      void it(`${format} ${variant}`, () => {
        for (const [toolsName, toolsText] of Object.entries(toolSets)) {
          for (const [messagesName, messagesText] of Object.entries(messageSets)) {
            const result = renderPrompt({ format, variant, tools: toolsOf(toolsText), messages: messagesOf(messagesText) });
            assert.doesNotThrow(() => checkInvariants(result), `${toolsName} × ${messagesName}`);
            assert.equal(result.format, format);
            assert.equal(result.variant, variant);
          }
        }
      });
    }
  }
});
