import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutputFamily } from '../../../src/core/formats/types';
import { isJsonObject, toPlain } from '../../../src/core/json/jsonValue';
import { compactJson } from '../../../src/core/json/pyJsonDumps';
import { parseOutput } from '../../../src/core/parse/parseOutput';

/**
 * Tolerant mode rows. `calls`: [name, arguments as plain JSON]; `error`: true when the text holds
 * a broken call (or a call with unusable arguments), or the expected offset.
 */
interface Row {
  title: string;
  text: string;
  calls: Array<[string, unknown]>;
  content: string;
  thought?: string;
  error?: boolean | number;
}

const W = '[{"name": "get_weather", "arguments": {"location": "NY"}}]';
const WC: [string, unknown] = ['get_weather', { location: 'NY' }];
const TRUNC = '[{"name": "get_weather", "arguments": {"location": "New Yo';

const ROWS: Row[] = [
  // Family shapes: every family accepts all of them
  { title: 'fc v1 envelope', text: '{"tool_calls": [{"name": "get_weather", "arguments": {"location": "NY"}}]}', calls: [WC], content: '' },
  { title: 'fc v1 "no call"', text: '{"tool_calls": []}', calls: [], content: '' },
  { title: 'general v1 envelope with thought', text: '{"thought": "I need the weather.", "tool_calls": [{"name": "get_weather", "arguments": {"location": "NY"}}]}', calls: [WC], content: '', thought: 'I need the weather.' },
  { title: 'general v1 answer without calls', text: '{"thought": "It is 4.", "tool_calls": []}', calls: [], content: '', thought: 'It is 4.' },
  { title: 'xLAM-2 list', text: W, calls: [WC], content: '' },
  { title: 'xLAM-2 list of two, Python separators', text: '[{"name": "a", "arguments": {"x": 1}}, {"name": "b", "arguments": {}}]', calls: [['a', { x: 1 }], ['b', {}]], content: '' },
  { title: 'a single call object', text: '{"name": "get_weather", "arguments": {"location": "NY"}}', calls: [WC], content: '' },
  { title: 'tool_calls holding one object', text: '{"tool_calls": {"name": "a", "arguments": {}}}', calls: [['a', {}]], content: '' },
  { title: 'OpenAI wrapper with string arguments', text: '{"tool_calls": [{"type": "function", "function": {"name": "a", "arguments": "{\\"x\\": 2}"}}]}', calls: [['a', { x: 2 }]], content: '' },
  { title: 'an empty list', text: '[]', calls: [], content: '' },

  // Arguments
  { title: 'arguments as a JSON string are decoded', text: '[{"name": "a", "arguments": "{\\"q\\": \\"x\\"}"}]', calls: [['a', { q: 'x' }]], content: '' },
  { title: 'an undecodable argument string is kept, with an error', text: '[{"name": "a", "arguments": "oops"}]', calls: [['a', 'oops']], content: '', error: 0 },
  { title: 'null arguments are kept, with an error', text: '[{"name": "a", "arguments": null}]', calls: [['a', null]], content: '', error: true },
  { title: 'missing arguments become {}', text: '[{"name": "get_time"}]', calls: [['get_time', {}]], content: '' },
  { title: '"parameters" stands in for "arguments"', text: '{"name": "a", "parameters": {"k": 1}}', calls: [['a', { k: 1 }]], content: '' },
  { title: 'NaN and Infinity are accepted, as Python does', text: '[{"name": "a", "arguments": {"x": NaN, "y": -Infinity}}]', calls: [['a', { x: NaN, y: -Infinity }]], content: '' },
  { title: 'an item that is no call is skipped, with an error', text: '[{"name": "a", "arguments": {}}, 5]', calls: [['a', {}]], content: '', error: 0 },

  // BFCL's ; fallback and other runs of calls
  { title: '; separated objects', text: '{"name": "a", "arguments": {"x": 1}}; {"name": "b", "arguments": {}}', calls: [['a', { x: 1 }], ['b', {}]], content: '' },
  { title: 'newline separated objects', text: '{"name": "a", "arguments": {}}\n{"name": "b", "arguments": {}}', calls: [['a', {}], ['b', {}]], content: '' },
  { title: 'calls inside prose', text: 'I will call {"name": "a", "arguments": {}} and then {"name": "b", "arguments": {}}.', calls: [['a', {}], ['b', {}]], content: 'I will call  and then .' },

  // Fences, markers, tags, think
  { title: 'a json fence with text around', text: `Sure!\n\`\`\`json\n${W}\n\`\`\`\nDone.`, calls: [WC], content: 'Sure!\n\nDone.' },
  { title: 'a fence without a tag', text: `\`\`\`\n${W}\n\`\`\``, calls: [WC], content: '' },
  { title: 'a fence holding the fc v1 envelope, stop token after', text: '```json\n{"tool_calls": [{"name": "get_weather", "arguments": {"location": "NY"}}]}\n```<|EOT|>', calls: [WC], content: '' },
  { title: 'a non-call fence stays content', text: 'Example:\n```python\nprint(1)\n```', calls: [], content: 'Example:\n```python\nprint(1)\n```' },
  { title: '[TOOL_CALLS] prefix', text: `[TOOL_CALLS] ${W}`, calls: [WC], content: '' },
  { title: '[TOOL_CALLS] with multi-line JSON', text: '[TOOL_CALLS] [{"name": "a",\n  "arguments": {}}]\nok', calls: [['a', {}]], content: 'ok' },
  { title: 'several <tool_call> blocks', text: 'Calling.\n<tool_call>\n{"name": "a", "arguments": {"q": 1}}\n</tool_call>\n<tool_call>\n{"name": "b", "arguments": {}}\n</tool_call>', calls: [['a', { q: 1 }], ['b', {}]], content: 'Calling.' },
  { title: 'an unclosed last <tool_call>', text: '<tool_call>\n{"name": "a", "arguments": {}}', calls: [['a', {}]], content: '' },
  { title: 'think, then a list, then a stop token', text: `<think>Need weather.</think>\n${W}<|im_end|>`, calls: [WC], content: '', thought: 'Need weather.' },
  { title: 'think, then an answer', text: '<think>Easy.</think>\nIt is 4.', calls: [], content: 'It is 4.', thought: 'Easy.' },
  { title: 'a JSON thought wins over the think text', text: '<think>t</think>{"thought": "json", "tool_calls": []}', calls: [], content: '', thought: 'json' },

  // Text around calls
  { title: 'text before and after a list', text: `Here you go: ${W} Anything else?`, calls: [WC], content: 'Here you go:  Anything else?' },
  { title: 'other stop tokens', text: `${W}</s>`, calls: [WC], content: '' },
  { title: '<|eot_id|> after text', text: 'Hello!<|eot_id|>', calls: [], content: 'Hello!' },
  { title: 'several stop tokens in a row', text: `${W}<|eot_id|>\n<|endoftext|>`, calls: [WC], content: '' },

  // Broken calls
  { title: 'a truncated list is an error, not content', text: TRUNC, calls: [], content: '', error: TRUNC.indexOf('"New') },
  { title: 'a truncated list after text', text: `Let me check.\n${TRUNC}`, calls: [], content: 'Let me check.', error: true },
  { title: 'a malformed list in a fence', text: 'Ok:\n```json\n[{"name": "a", "arguments": {}\n```', calls: [], content: 'Ok:', error: true },
  { title: 'a truncated second <tool_call>', text: '<tool_call>{"name": "a", "arguments": {}}</tool_call>\n<tool_call>{"name": "b", "argu', calls: [['a', {}]], content: '', error: true },
  { title: 'a truncated general v1 envelope', text: '{"thought": "x", "tool_calls": [{"name": "a", "arguments": {}}', calls: [], content: '', error: true },
  { title: 'complete calls inside a broken list are not taken', text: '[{"name": "a", "arguments": {}}, {"name": "b", "arg', calls: [], content: '', error: true },

  // Not calls
  { title: 'plain text', text: 'The weather in NY is sunny.', calls: [], content: 'The weather in NY is sunny.' },
  { title: 'a list of data', text: '[1, 2, 3]', calls: [], content: '[1, 2, 3]' },
  { title: 'an object with a name that is data', text: '{"name": "Alice", "age": 3}', calls: [], content: '{"name": "Alice", "age": 3}' },
  { title: "BFCL's decoded one-key form", text: '[{"get_weather": {"location": "NY"}}]', calls: [], content: '[{"get_weather": {"location": "NY"}}]' },
  { title: 'a call nested in other data', text: 'Result: {"data": {"name": "f", "arguments": {}}}', calls: [], content: 'Result: {"data": {"name": "f", "arguments": {}}}' },
  { title: 'braces and "name" in prose', text: 'Use {curly} braces and a "name" field.', calls: [], content: 'Use {curly} braces and a "name" field.' },
  { title: 'a JSON string', text: '"just text"', calls: [], content: '"just text"' },
  { title: 'empty output', text: '  \n', calls: [], content: '' },
];

const FAMILIES: readonly OutputFamily[] = ['fc-v1', 'general-v1', 'xlam2'];

describe('tolerant parser: rows (same result for every family)', () => {
  for (const row of ROWS) {
    it(row.title, () => {
      for (const family of FAMILIES) {
        const result = parseOutput(row.text, family);
        assert.deepEqual(result.calls.map((c) => [c.name, toPlain(c.arguments)]), row.calls, family);
        assert.equal(result.content, row.content, family);
        assert.equal(result.thought, row.thought, family);
        assert.equal(result.error !== undefined, row.error !== undefined && row.error !== false, `${family}: ${result.error?.message}`);
        if (typeof row.error === 'number') assert.equal(result.error?.offset, row.error);
      }
    });
  }
});

describe('tolerant parser: what plain JSON would lose', () => {
  it('keeps float-ness and integer-like key order in the arguments', () => {
    const [call] = parseOutput('[{"name": "a", "arguments": {"2": 1.0, "1": 1, "x": 1e5}}]', 'xlam2').calls;
    assert.ok(call && isJsonObject(call.arguments));
    assert.equal(compactJson(call.arguments), '{"2":1.0,"1":1,"x":100000.0}');
    assert.deepEqual(call.arguments.keys(), ['2', '1', 'x']);
  });

  it('flags {} used for missing arguments', () => {
    const [call] = parseOutput('[{"name": "get_time"}]', 'xlam2').calls;
    assert.equal(call?.argumentsMissing, true);
    assert.equal(parseOutput(`${W}`, 'xlam2').calls[0]?.argumentsMissing, undefined);
  });

  it('reports error offsets into the raw text, past think text and whitespace', () => {
    const text = `<think>a</think>\n  ${TRUNC}`;
    assert.equal(parseOutput(text, 'xlam2').error?.offset, text.indexOf('"New'));
  });

  it('reads arguments nested as deep as Python does, and reports deeper ones instead of returning them', () => {
    const nested = (n: number) => `[{"name": "a", "arguments": ${'{"k": '.repeat(n - 1)}1${'}'.repeat(n - 1)}}]`;
    const ok = parseOutput(nested(994), 'xlam2'); // 994 argument levels + the list = 995
    assert.equal(ok.calls.length, 1);
    assert.doesNotThrow(() => compactJson(ok.calls[0]?.arguments ?? null)); // safe for recursive consumers
    const deep = parseOutput(nested(5000), 'xlam2');
    assert.deepEqual([deep.calls.length, /recursion depth/.test(deep.error?.message ?? '')], [0, true]);
  });

  it('does not overflow or stall on very deep or very long inputs', () => {
    for (const text of ['['.repeat(100_000), '{"name": ['.repeat(30_000), '{'.repeat(100_000), '<tool_call>'.repeat(20_000), '```'.repeat(30_000)]) {
      const started = Date.now();
      const result = parseOutput(text, 'xlam2');
      assert.equal(result.calls.length, 0);
      assert.ok(Date.now() - started < 5000, 'took too long');
    }
  });
});
