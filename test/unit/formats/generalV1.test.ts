import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GENERAL_V1_NO_TEMPLATE_WARNING } from '../../../src/core/formats/generalV1';
import { A1_QUERY, GOLDENS, RECORD0, W1_TOOLS } from './goldens';
import { msgs, renderTexts, textsOf } from './support';

void describe('general-v1 client', () => {
  void it('prompt is the content, with a warning that no template is applied; no stop strings', () => {
    const result = renderTexts('general-v1', undefined, W1_TOOLS, msgs({ role: 'user', content: A1_QUERY }));
    assert.equal(result.prompt, result.content);
    assert.deepEqual(result.warnings, [GENERAL_V1_NO_TEMPLATE_WARNING]);
    assert.deepEqual(result.stop, []);
    assert.ok(result.blocks.every((block) => block.inContent === true));
  });

  void it('writes the system message as a Python dict repr, choosing double quotes around an apostrophe', () => {
    const result = renderTexts('general-v1', 'client', W1_TOOLS, msgs({ role: 'system', content: "You're terse.\nNo \\ tricks." }, { role: 'user', content: A1_QUERY }));
    assert.ok(result.prompt.startsWith(`{'role': 'system', 'content': "You're terse.\\nNo \\\\ tricks."}\n\n[BEGIN OF TASK INSTRUCTION]\n`));
    assert.equal(result.prompt.slice(result.prompt.indexOf('[BEGIN OF TASK')), GOLDENS.B1);
    assert.deepEqual(textsOf(result, 'system').length, 1);
  });

  void it('builds history from a multi-turn conversation: nested tool_calls, null kept, tool results as observations', () => {
    const result = renderTexts(
      'general-v1',
      'client',
      W1_TOOLS,
      // Written as text: a JS object literal would lose 1.0 and move "7" to the front.
      `[
        {"role": "user", "content": "Wetter in Köln?"},
        {"role": "assistant", "content": null, "tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": {"location": "Köln", "n": 1.0}}}]},
        {"role": "tool", "content": {"temp": 15, "7": "x", "a": "y"}},
        {"role": "assistant", "content": "It is 15 degrees."},
        {"role": "system", "content": "late system"},
        {"role": "user", "content": "Thanks"}
      ]`,
    );
    assert.deepEqual(textsOf(result, 'query'), ['Thanks']);
    const [history] = textsOf(result, 'history');
    assert.equal(
      history,
      '[{"step_id": 1, "thought": "Wetter in K\\u00f6ln?", "tool_calls": [], "next_observation": "", "user_input": "Wetter in K\\u00f6ln?"}, ' +
        '{"step_id": 2, "thought": null, "tool_calls": [[{"type": "function", "function": {"name": "get_weather", "arguments": {"location": "K\\u00f6ln", "n": 1.0}}}]], ' +
        '"next_observation": {"temp": 15, "7": "x", "a": "y"}, "user_input": ""}, ' +
        '{"step_id": 3, "thought": "It is 15 degrees.", "tool_calls": [], "next_observation": "", "user_input": ""}, ' +
        '{"step_id": 4, "thought": "late system", "tool_calls": [], "next_observation": "", "user_input": ""}, ' +
        '{"step_id": 5, "thought": "Thanks", "tool_calls": [], "next_observation": "", "user_input": "Thanks"}]',
    );
    assert.ok(result.prompt.endsWith(`\n[BEGIN OF HISTORY STEPS]\n${history}\n[END OF HISTORY STEPS]\n`));
  });

  void it('skips a tool message with no earlier step, with a warning (the client would raise IndexError)', () => {
    const result = renderTexts('general-v1', 'client', W1_TOOLS, msgs({ role: 'system', content: 's' }, { role: 'tool', content: 'orphan' }, { role: 'user', content: 'q' }));
    assert.ok(!result.prompt.includes('orphan'));
    assert.match(result.warnings.join('\n'), /message 1 \(tool\) has no earlier step/);
  });

  void it('with no messages: empty query and no history section', () => {
    const result = renderTexts('general-v1', 'client', RECORD0.tools, '[]');
    assert.ok(result.prompt.endsWith('[BEGIN OF QUERY]\n\n[END OF QUERY]\n\n'));
    assert.deepEqual(textsOf(result, 'tools'), [RECORD0.tools]);
  });
});
