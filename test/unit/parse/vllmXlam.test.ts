import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { toPlain } from '../../../src/core/json/jsonValue';
import { parseOutput } from '../../../src/core/parse/parseOutput';
import { vllmExtractToolCalls } from '../../../src/core/parse/vllmXlam';
import { pyStrip } from '../../../src/core/python/pyStrip';

/**
 * Strict mode rows. Each expectation was checked against vLLM's xlam_tool_parser logic run under
 * Python 3.11 with the `regex` module (calls, argument strings, content, exception path).
 * `calls`: [name, arguments as vLLM sends them]; `content`: the response's message content
 * (the original text whenever no call is returned); `error`: vLLM takes its exception path.
 */
export interface VllmRow {
  title: string;
  text: string;
  calls: Array<[string, string]>;
  content: string;
  /** The parser's own content (null = Python None); only listed where it differs from `content`. */
  parserContent?: string | null;
  error?: boolean;
}

const W = '[{"name": "get_weather", "arguments": {"location": "NY"}}]';
const W_ARGS = '{"location": "NY"}';

export const VLLM_ROWS: VllmRow[] = [
  // Accepted
  { title: 'a bare list', text: W, calls: [['get_weather', W_ARGS]], content: '', parserContent: null },
  { title: 'whitespace around the list', text: ` \n${W}\n `, calls: [['get_weather', W_ARGS]], content: '', parserContent: null },
  { title: 'arguments re-dumped Python style: floats, NaN, big ints, key order, ensure_ascii', text: '[{"name": "a", "arguments": {"2": 1.0, "1": 1e5, "z": NaN, "big": 12345678901234567890, "c": "Z\u00fcrich"}}]', calls: [['a', '{"2": 1.0, "1": 100000.0, "z": NaN, "big": 12345678901234567890, "c": "Z\\u00fcrich"}']], content: '', parserContent: null },
  { title: 'compact separators are re-dumped with spaces', text: '[{"name":"a","arguments":{"x":[1,2]}}]', calls: [['a', '{"x": [1, 2]}']], content: '', parserContent: null },
  { title: 'string arguments pass through unchanged', text: '[{"name": "a", "arguments": "{\\"x\\":1}"}, {"name": "b", "arguments": "not json"}]', calls: [['a', '{"x":1}'], ['b', 'not json']], content: '', parserContent: null },
  { title: 'items without name or arguments are skipped', text: '[{"name": "a"}, 5, {"arguments": {}}, {"name": "b", "arguments": {}}]', calls: [['b', '{}']], content: '', parserContent: null },
  { title: 'a fenced json block, text around it is content', text: `Sure!\n\`\`\`json\n${W}\n\`\`\`\nDone.`, calls: [['get_weather', W_ARGS]], content: 'Sure!\n\nDone.' },
  { title: 'a fence without a tag', text: `\`\`\`\n${W}\n\`\`\``, calls: [['get_weather', W_ARGS]], content: '' },
  { title: 'the first fence that parses wins; every fence is removed from content', text: `\`\`\`json\n[bad\n\`\`\`\ntext\n\`\`\`json\n${W}\n\`\`\``, calls: [['get_weather', W_ARGS]], content: 'text' },
  { title: '[TOOL_CALLS] with the list on the same line', text: `[TOOL_CALLS] ${W}\nThanks`, calls: [['get_weather', W_ARGS]], content: 'Thanks' },
  { title: '<tool_call> holding a list', text: `<tool_call>${W}</tool_call> tail`, calls: [['get_weather', W_ARGS]], content: 'tail' },
  { title: 'think, then a list: content is the think part', text: `<think>I should call.</think>\n${W}`, calls: [['get_weather', W_ARGS]], content: '<think>I should call.</think>' },
  { title: 'think, then text and a fence: the text is dropped', text: `<think>t</think>\nHere:\n\`\`\`json\n${W}\n\`\`\``, calls: [['get_weather', W_ARGS]], content: '<think>t</think>' },
  { title: '\\s after ```json is the regex module\'s: U+0085 is skipped', text: `\`\`\`json\u0085${W}\`\`\``, calls: [['get_weather', W_ARGS]], content: '' },

  // Rejected: no calls, the original text is the content
  { title: 'plain text', text: 'The weather is sunny.', calls: [], content: 'The weather is sunny.' },
  { title: 'a single call object', text: '{"name": "a", "arguments": {}}', calls: [], content: '{"name": "a", "arguments": {}}' },
  { title: 'the fc v1 envelope', text: '{"tool_calls": [{"name": "a", "arguments": {}}]}', calls: [], content: '{"tool_calls": [{"name": "a", "arguments": {}}]}' },
  { title: 'the general v1 envelope', text: '{"thought": "x", "tool_calls": []}', calls: [], content: '{"thought": "x", "tool_calls": []}' },
  { title: 'text before an unfenced list', text: `Sure! ${W}`, calls: [], content: `Sure! ${W}` },
  // Not a list: vLLM returns `content or model_output`, and the fence-less content is empty.
  { title: 'a fenced object', text: '```json\n{"name": "a", "arguments": {}}\n```', calls: [], content: '```json\n{"name": "a", "arguments": {}}\n```', parserContent: '```json\n{"name": "a", "arguments": {}}\n```' },
  { title: 'hermes-style <tool_call> objects', text: '<tool_call>{"name": "a", "arguments": {}}</tool_call>', calls: [], content: '<tool_call>{"name": "a", "arguments": {}}</tool_call>', parserContent: '<tool_call>{"name": "a", "arguments": {}}</tool_call>' },
  { title: 'a fenced object with text around: the parser keeps the text only', text: 'See:\n```json\n{"a": 1}\n```', calls: [], content: 'See:\n```json\n{"a": 1}\n```', parserContent: 'See:' },
  { title: 'an empty list', text: '[]', calls: [], content: '[]', parserContent: null },
  { title: 'a list of data', text: '[1, 2]', calls: [], content: '[1, 2]', parserContent: null },
  { title: 'every item lacks arguments', text: '[{"name": "a"}]', calls: [], content: '[{"name": "a"}]', parserContent: null },
  { title: 'think then plain text', text: '<think>t</think>\nHello', calls: [], content: '<think>t</think>\nHello' },
  { title: 'an invalid list without name/arguments words is plain content', text: '[{"fn": "a", "args": {}', calls: [], content: '[{"fn": "a", "args": {}' },

  // Rejected through vLLM's `except Exception` (logged as an error): no calls, original text
  { title: 'text after the list (partial-JSON path, json.loads raises)', text: `${W} done`, calls: [], content: `${W} done`, error: true },
  { title: 'a truncated list', text: '[{"name": "a", "arguments": {"x": ', calls: [], content: '[{"name": "a", "arguments": {"x": ', error: true },
  { title: 'multi-line JSON after [TOOL_CALLS] (only the rest of the line is tried)', text: '[TOOL_CALLS] [{"name": "a",\n "arguments": {}}]', calls: [], content: '[TOOL_CALLS] [{"name": "a",\n "arguments": {}}]', error: true },
  { title: 'a stop token left in the text', text: `${W}<|im_end|>`, calls: [], content: `${W}<|im_end|>`, error: true },
  { title: 'non-JSON whitespace before the list (U+00A0)', text: `\u00a0${W}`, calls: [], content: `\u00a0${W}`, error: true },
  { title: 'a non-string name fails FunctionCall validation', text: '[{"name": 1, "arguments": {}}]', calls: [], content: '[{"name": 1, "arguments": {}}]', error: true },
  { title: 'null arguments fail validation, dropping the valid calls too', text: '[{"name": "b", "arguments": {}}, {"name": "a", "arguments": null}]', calls: [], content: '[{"name": "b", "arguments": {}}, {"name": "a", "arguments": null}]', error: true },
  { title: 'an int over 4300 digits (ValueError escapes preprocessing)', text: `[{"name": "a", "arguments": {"n": ${'9'.repeat(4301)}}}]`, calls: [], content: `[{"name": "a", "arguments": {"n": ${'9'.repeat(4301)}}}]`, error: true },
];

describe('vLLM xlam strict mode: rows', () => {
  for (const row of VLLM_ROWS) {
    it(row.title, () => {
      const result = parseOutput(row.text, 'xlam2', 'vllm');
      assert.deepEqual(result.calls.map((c) => [c.name, c.argumentsText]), row.calls);
      assert.equal(result.content, row.content);
      assert.equal(result.error !== undefined, row.error === true, result.error?.message);
      if (row.parserContent !== undefined) assert.equal(vllmExtractToolCalls(row.text).content, row.parserContent);
    });
  }
});

describe('vLLM xlam strict mode: details', () => {
  it('returns the parsed object as arguments, and decodes string arguments for display only', () => {
    const result = parseOutput('[{"name": "a", "arguments": {"x": 1.0}}, {"name": "b", "arguments": "{\\"y\\": 2}"}]', 'xlam2', 'vllm');
    assert.deepEqual(result.calls.map((c) => toPlain(c.arguments)), [{ x: 1 }, { y: 2 }]);
    assert.deepEqual(result.calls.map((c) => c.argumentsText), ['{"x": 1.0}', '{"y": 2}']);
  });

  it('points the error at the JSON that failed', () => {
    const text = `Sure ${W} x`;
    assert.equal(parseOutput(text, 'xlam2', 'vllm').error, undefined); // does not start with "[": content
    const truncated = '[{"name": "a", "arguments": {"x": ';
    assert.equal(parseOutput(truncated, 'xlam2', 'vllm').error?.offset, truncated.length);
    const fenced = `\`\`\`json\n${W}\n\`\`\`\n[{"name": 1, "arguments": {}}]`;
    assert.equal(parseOutput(fenced, 'xlam2', 'vllm').error, undefined); // the fence wins first
  });

  it('treats deep nesting as a RecursionError, not a stack overflow', () => {
    const result = parseOutput('['.repeat(100_000), 'xlam2', 'vllm');
    assert.deepEqual([result.calls.length, result.error?.message.includes('RecursionError')], [0, true]);
  });

  it('ignores the family: the same text gives the same result for every family', () => {
    for (const row of VLLM_ROWS.slice(0, 8)) {
      const results = (['fc-v1', 'general-v1', 'xlam2'] as const).map((family) => parseOutput(row.text, family, 'vllm'));
      assert.deepEqual(results[0], results[1]);
      assert.deepEqual(results[1], results[2]);
    }
  });

  it('strips like Python str.strip (U+001C..U+001F and U+0085 yes, U+FEFF no)', () => {
    assert.equal(pyStrip('\u001c\u0085 a \u3000\u001f'), 'a');
    assert.equal(pyStrip('\ufeffa\ufeff'), '\ufeffa\ufeff');
  });
});
