import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { joinBlocks, PromptBuilder } from '../../../src/core/formats/blocks';

describe('PromptBuilder', () => {
  it('gives the content as the run of inContent blocks, inside the prompt', () => {
    const builder = new PromptBuilder().add('bos', '<s>').add('system', 'sys ').add('blockMarker', '[A]\n', true).add('tools', '[{"x": 1}]', true).add('query', 'é?', true).add('roleMarker', '\n');
    assert.equal(builder.prompt, '<s>sys [A]\n[{"x": 1}]é?\n');
    assert.equal(builder.content, '[A]\n[{"x": 1}]é?');
  });

  it('joins inContent blocks that are not one run', () => {
    const builder = new PromptBuilder().add('system', 'a', true).add('roleMarker', '|').add('query', 'b', true);
    assert.equal(builder.content, 'ab');
    assert.equal(builder.prompt, 'a|b');
  });

  it('has empty content when no block is inContent', () => {
    assert.equal(new PromptBuilder().add('system', 'a').content, '');
  });

  it('reads a prompt that includes blocks added after an earlier read', () => {
    const builder = new PromptBuilder().add('system', 'a', true);
    assert.equal(builder.prompt, 'a');
    assert.equal(builder.content, 'a');
    builder.add('query', 'b', true).add('roleMarker', '');
    assert.equal(builder.prompt, 'ab');
    assert.equal(builder.content, 'ab');
    assert.equal(joinBlocks(builder.blocks), 'ab');
  });
});
