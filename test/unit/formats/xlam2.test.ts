import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { X2_FORMAT, X2_SYSTEM_BFCL, X2_SYSTEM_VLLM } from '../../../src/core/formats/xlam2';
import { C1_QUERY, GOLDENS, W2_TOOLS } from './goldens';
import { msgs, renderTexts, textsOf } from './support';

const ONE_USER = msgs({ role: 'user', content: C1_QUERY });
const TOOLS = '[{"name": "t", "description": "Größe 日本", "parameters": {"type": "object", "properties": {"b": {"type": "number", "default": 1.0, "maximum": 1e5, "minimum": 1e-5}, "7": {"type": "object", "properties": {}, "enum": []}}}}]';

/** A conversation with every kind of tool result. Written as text so that number lexemes survive. */
const CONVERSATION = `[
  {"role": "user", "content": "first"},
  {"role": "assistant", "content": "I will call", "tool_calls": [{"type": "function", "function": {"name": "a", "arguments": {"x": 1.0, "y": "ü"}}}, {"type": "function", "function": {"name": "b", "arguments": {}}}]},
  {"role": "tool", "content": {"content": {"temp": 1.5, "u": "ü"}}},
  {"role": "tool", "content": [1, "ü", {"k": null}]},
  {"role": "tool", "content": "plain ü result "},
  {"role": "assistant", "content": "  done  "},
  {"role": "assistant", "content": "", "tool_calls": []},
  {"role": "assistant", "content": " text only ", "tool_calls": []},
  {"role": "user", "content": "second"}
]`;

/** One call with OpenAI-style string arguments, then its result. */
const STRING_ARGS = `[
  {"role": "user", "content": "q"},
  {"role": "assistant", "tool_calls": [{"type": "function", "function": {"name": "get_weather", "arguments": "{\\"location\\": \\"Köln\\", \\"n\\": 2.50}"}}]},
  {"role": "tool", "content": "{\\"t\\": 1}"}
]`;

void describe('xlam2 tools JSON (indent 4)', () => {
  void it('vllm tojson keeps non-ASCII raw; bfcl json.dumps escapes it; both keep floats, key order and empty containers', () => {
    const body = (escaped: string) =>
      `{\n    "name": "t",\n    "description": "${escaped}",\n    "parameters": {\n        "type": "object",\n        "properties": {\n` +
      `            "b": {\n                "type": "number",\n                "default": 1.0,\n                "maximum": 100000.0,\n                "minimum": 1e-05\n            },\n` +
      `            "7": {\n                "type": "object",\n                "properties": {},\n                "enum": []\n            }\n        }\n    }\n}\n\n`;
    for (const format of ['xlam2-qwen', 'xlam2-llama'] as const) {
      assert.deepEqual(textsOf(renderTexts(format, 'vllm', TOOLS, ONE_USER), 'tools'), [body('Größe 日本')]);
      assert.deepEqual(textsOf(renderTexts(format, 'bfcl', TOOLS, ONE_USER), 'tools'), [body('Gr\\u00f6\\u00dfe \\u65e5\\u672c')]);
    }
  });

  void it('unwraps OpenAI-wrapped tools (golden C1)', () => {
    const wrapped = `[{"type": "function", "function": ${W2_TOOLS.slice(1, -1)}}]`;
    assert.equal(renderTexts('xlam2-qwen', 'vllm', wrapped, ONE_USER).prompt, GOLDENS.C1);
  });

  void it('no tools: vllm treats them as none (no format instruction); bfcl always writes the instruction', () => {
    const llama = renderTexts('xlam2-llama', 'vllm', '[]', msgs({ role: 'user', content: 'Hi' }));
    assert.equal(llama.prompt, `<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n${X2_SYSTEM_VLLM}\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nHi<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n`);
    const bfcl = renderTexts('xlam2-qwen', 'bfcl', '[]', msgs({ role: 'user', content: 'Hi' }));
    assert.equal(bfcl.prompt, `<|im_start|>system\n${X2_SYSTEM_BFCL}\n${X2_FORMAT}\n\n<|im_end|><|im_start|>user\nHi<|im_end|><|im_start|>assistant\n`);
  });
});

void describe('xlam2-qwen vllm turns', () => {
  const result = renderTexts('xlam2-qwen', 'vllm', W2_TOOLS, CONVERSATION);
  void it('writes calls as tojson(function), unwraps content.content, tojsons objects and lists, trims plain turns', () => {
    const tail = result.prompt.slice(result.prompt.indexOf('<|im_start|>user\nfirst'));
    assert.equal(
      tail,
      '<|im_start|>user\nfirst<|im_end|>\n' +
        '<|im_start|>assistant\n[{"name": "a", "arguments": {"x": 1.0, "y": "ü"}}, {"name": "b", "arguments": {}}]<|im_end|>\n' +
        '<|im_start|>tool\n{"temp": 1.5, "u": "ü"}<|im_end|>\n' +
        '<|im_start|>tool\n[1, "ü", {"k": null}]<|im_end|>\n' +
        '<|im_start|>tool\nplain ü result <|im_end|>\n' +
        '<|im_start|>assistant\ndone<|im_end|>\n' +
        '<|im_start|>assistant\n[]\n<|im_end|>\n' +
        '<|im_start|>assistant\ntext only<|im_end|>\n' +
        '<|im_start|>user\nsecond<|im_end|>\n<|im_start|>assistant\n',
    );
    assert.deepEqual(textsOf(result, 'toolResult').length, 3);
    assert.deepEqual(result.warnings, ['message 1 (assistant): its content is not written, because the turn has tool calls']);
  });

  void it('re-quotes string arguments as the template does, and warns', () => {
    const strings = renderTexts('xlam2-qwen', 'vllm', W2_TOOLS, STRING_ARGS);
    assert.deepEqual(textsOf(strings, 'toolCall'), ['[{"name": "get_weather", "arguments": "{\\"location\\": \\"Köln\\", \\"n\\": 2.50}"}]']);
    assert.deepEqual(textsOf(strings, 'toolResult'), ['{"t": 1}']);
    assert.match(strings.warnings.join('\n'), /message 1 call 0: "arguments" is a JSON string; the vLLM Qwen template writes it re-quoted/);
  });

  void it('a custom system message is stripped with Python whitespace and drops the format instruction, with a warning', () => {
    const custom = renderTexts('xlam2-qwen', 'vllm', W2_TOOLS, msgs({ role: 'system', content: '\u0085 Be brief. \u001f\n' }, { role: 'user', content: ' \ufeffHi\u0085 ' }));
    assert.deepEqual(textsOf(custom, 'system'), ['Be brief.\n']);
    assert.deepEqual(textsOf(custom, 'formatInstruction'), []);
    assert.deepEqual(textsOf(custom, 'query'), ['\ufeffHi']);
    assert.equal(textsOf(custom, 'tools').length, 1);
    assert.equal(custom.warnings.length, 1);
    assert.match(custom.warnings[0] ?? '', /xlam2-qwen vllm: a custom system message .* drops the format instruction/);
    assert.deepEqual(custom.stop, ['<|im_end|>', '<|endoftext|>']);
  });
});

void describe('xlam2-llama vllm turns', () => {
  void it('writes calls piece by piece, results under ipython without unwrapping', () => {
    const result = renderTexts('xlam2-llama', 'vllm', W2_TOOLS, CONVERSATION);
    assert.deepEqual(textsOf(result, 'toolCall'), ['[{"name": "a", "arguments": {"x": 1.0, "y": "ü"}}, {"name": "b", "arguments": {}}]', '[]\n']);
    assert.deepEqual(textsOf(result, 'toolResult'), ['{"content": {"temp": 1.5, "u": "ü"}}', '[1, "ü", {"k": null}]', 'plain ü result ']);
    assert.equal(result.prompt.split('<|start_header_id|>ipython<|end_header_id|>\n\n').length, 4);
    assert.deepEqual(result.blocks[0], { kind: 'bos', text: '<|begin_of_text|>' });
    assert.deepEqual(result.stop, ['<|eot_id|>']);
  });

  void it('re-quotes string arguments after an unescaped name, and warns', () => {
    const result = renderTexts('xlam2-llama', 'vllm', W2_TOOLS, STRING_ARGS);
    assert.deepEqual(textsOf(result, 'toolCall'), ['[{"name": "get_weather", "arguments": "{\\"location\\": \\"Köln\\", \\"n\\": 2.50}"}]']);
    assert.match(result.warnings.join('\n'), /vLLM Llama template writes it re-quoted/);
  });

  void it('a custom system message drops the format instruction, with a warning', () => {
    const result = renderTexts('xlam2-llama', 'vllm', W2_TOOLS, msgs({ role: 'system', content: 'Custom.' }, { role: 'user', content: 'q' }));
    assert.ok(result.prompt.startsWith('<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCustom.\n{\n    "name": "get_weather"'));
    assert.match(result.warnings.join('\n'), /xlam2-llama vllm: a custom system message/);
  });

  void it('a message with tool_calls is an assistant turn even under role tool (branch order)', () => {
    const result = renderTexts('xlam2-llama', 'vllm', '[]', msgs({ role: 'tool', content: 'x', tool_calls: [] }, { role: 'ipython', content: { a: 1 } }));
    assert.ok(result.prompt.includes('<|start_header_id|>assistant<|end_header_id|>\n\nx<|eot_id|><|start_header_id|>ipython<|end_header_id|>\n\n{"a": 1}<|eot_id|>'));
  });
});

void describe('xlam2 bfcl turns', () => {
  void it('Qwen: no "\\n" after <|im_end|>, calls as json.dumps of {name, parsed arguments}, object results compact and escaped', () => {
    const result = renderTexts('xlam2-qwen', 'bfcl', W2_TOOLS, CONVERSATION);
    assert.ok(!result.prompt.includes('<|im_end|>\n'));
    assert.deepEqual(textsOf(result, 'toolCall'), ['[{"name": "a", "arguments": {"x": 1.0, "y": "\\u00fc"}}, {"name": "b", "arguments": {}}]']);
    assert.deepEqual(textsOf(result, 'toolResult'), ['{"content": {"temp": 1.5, "u": "\\u00fc"}}', '[1, "\\u00fc", {"k": null}]', 'plain ü result ']);
    // An empty calls list is a plain turn in the handler: the stripped content, even if empty.
    assert.ok(result.prompt.includes('<|im_start|>assistant\ndone<|im_end|><|im_start|>assistant\n<|im_end|><|im_start|>assistant\ntext only<|im_end|>'));
  });

  void it('parses string arguments back into objects (json.loads), Python number repr included', () => {
    for (const format of ['xlam2-qwen', 'xlam2-llama'] as const) {
      const result = renderTexts(format, 'bfcl', W2_TOOLS, STRING_ARGS);
      assert.deepEqual(textsOf(result, 'toolCall'), ['[{"name": "get_weather", "arguments": {"location": "K\\u00f6ln", "n": 2.5}}]']);
      assert.deepEqual(result.warnings, []);
    }
  });

  void it('keeps the format instruction after a custom system message, stripped', () => {
    const result = renderTexts('xlam2-llama', 'bfcl', W2_TOOLS, msgs({ role: 'system', content: '  Custom.\u001c' }, { role: 'tool', content: { r: 'ü' } }));
    assert.ok(result.prompt.startsWith(`<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCustom.\n${X2_FORMAT}\n\n{\n    "name": "get_weather"`));
    assert.ok(result.prompt.endsWith('<|eot_id|><|start_header_id|>ipython<|end_header_id|>\n\n{"r": "\\u00fc"}<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n'));
    assert.deepEqual(result.warnings, []);
  });
});
