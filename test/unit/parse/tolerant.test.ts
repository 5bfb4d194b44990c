import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { OutputFamily } from '../../../src/core/formats/types';
import { isJsonObject, toPlain } from '../../../src/core/json/jsonValue';
import { compactJson } from '../../../src/core/json/pyJsonDumps';
import { parseOutput } from '../../../src/core/parse/parseOutput';
import type { OutputShape } from '../../../src/core/parse/types';

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
  /** The shape read; none for plain text and broken JSON. */
  shape?: OutputShape;
}

const W = '[{"name": "get_weather", "arguments": {"location": "NY"}}]';
const WC: [string, unknown] = ['get_weather', { location: 'NY' }];
const TRUNC = '[{"name": "get_weather", "arguments": {"location": "New Yo';

const ROWS: Row[] = [
  // Family shapes: every family accepts all of them
  { title: 'fc v1 envelope', text: '{"tool_calls": [{"name": "get_weather", "arguments": {"location": "NY"}}]}', calls: [WC], content: '', shape: 'tool-calls-object' },
  { title: 'fc v1 "no call"', text: '{"tool_calls": []}', calls: [], content: '', shape: 'tool-calls-object' },
  { title: 'general v1 envelope with thought', text: '{"thought": "I need the weather.", "tool_calls": [{"name": "get_weather", "arguments": {"location": "NY"}}]}', calls: [WC], content: '', thought: 'I need the weather.', shape: 'thought-object' },
  { title: 'general v1 answer without calls', text: '{"thought": "It is 4.", "tool_calls": []}', calls: [], content: '', thought: 'It is 4.', shape: 'thought-object' },
  { title: 'xLAM-2 list', text: W, calls: [WC], content: '', shape: 'array' },
  { title: 'xLAM-2 list of two, Python separators', text: '[{"name": "a", "arguments": {"x": 1}}, {"name": "b", "arguments": {}}]', calls: [['a', { x: 1 }], ['b', {}]], content: '', shape: 'array' },
  { title: 'a single call object', text: '{"name": "get_weather", "arguments": {"location": "NY"}}', calls: [WC], content: '', shape: 'call-object' },
  { title: 'tool_calls holding one object', text: '{"tool_calls": {"name": "a", "arguments": {}}}', calls: [['a', {}]], content: '', shape: 'tool-calls-object' },
  { title: 'OpenAI wrapper with string arguments', text: '{"tool_calls": [{"type": "function", "function": {"name": "a", "arguments": "{\\"x\\": 2}"}}]}', calls: [['a', { x: 2 }]], content: '', shape: 'tool-calls-object' },
  { title: 'an empty list', text: '[]', calls: [], content: '', shape: 'array' },
  { title: 'tool_calls holding a string is an error at the string', text: '{"tool_calls": "abc"}', calls: [], content: '', error: '{"tool_calls": '.length, shape: 'tool-calls-object' },
  { title: 'tool_calls holding a number is an error at the number', text: '{"thought": "t", "tool_calls": 5}', calls: [], content: '', thought: 't', error: '{"thought": "t", "tool_calls": '.length, shape: 'thought-object' },
  { title: 'tool_calls holding data is an error at that value', text: 'Ok ```json\n{"tool_calls" :\n {"x": 1}}\n```', calls: [], content: 'Ok', error: 'Ok ```json\n{"tool_calls" :\n '.length, shape: 'tool-calls-object' },
  { title: 'a repeated tool_calls key: the error is at the value json.loads keeps', text: '{"tool_calls": [], "tool_calls": true}', calls: [], content: '', error: '{"tool_calls": [], "tool_calls": '.length, shape: 'tool-calls-object' },

  // Arguments
  { title: 'arguments as a JSON string are decoded', text: '[{"name": "a", "arguments": "{\\"q\\": \\"x\\"}"}]', calls: [['a', { q: 'x' }]], content: '', shape: 'array' },
  { title: 'an undecodable argument string is kept, with an error', text: '[{"name": "a", "arguments": "oops"}]', calls: [['a', 'oops']], content: '', error: 0, shape: 'array' },
  { title: 'null arguments are kept, with an error', text: '[{"name": "a", "arguments": null}]', calls: [['a', null]], content: '', error: true, shape: 'array' },
  { title: 'missing arguments become {}', text: '[{"name": "get_time"}]', calls: [['get_time', {}]], content: '', shape: 'array' },
  { title: '"parameters" stands in for "arguments"', text: '{"name": "a", "parameters": {"k": 1}}', calls: [['a', { k: 1 }]], content: '', shape: 'call-object' },
  { title: 'NaN and Infinity are accepted, as Python does', text: '[{"name": "a", "arguments": {"x": NaN, "y": -Infinity}}]', calls: [['a', { x: NaN, y: -Infinity }]], content: '', shape: 'array' },
  { title: 'an item that is no call is skipped, with an error', text: '[{"name": "a", "arguments": {}}, 5]', calls: [['a', {}]], content: '', error: 0, shape: 'array' },

  // BFCL's ; fallback and other runs of calls
  { title: '; separated objects', text: '{"name": "a", "arguments": {"x": 1}}; {"name": "b", "arguments": {}}', calls: [['a', { x: 1 }], ['b', {}]], content: '', shape: 'separated-calls' },
  { title: 'newline separated objects', text: '{"name": "a", "arguments": {}}\n{"name": "b", "arguments": {}}', calls: [['a', {}], ['b', {}]], content: '', shape: 'separated-calls' },
  { title: 'calls inside prose', text: 'I will call {"name": "a", "arguments": {}} and then {"name": "b", "arguments": {}}.', calls: [['a', {}], ['b', {}]], content: 'I will call  and then .', shape: 'separated-calls' },

  // Fences, markers, tags, think
  { title: 'a json fence with text around', text: `Sure!\n\`\`\`json\n${W}\n\`\`\`\nDone.`, calls: [WC], content: 'Sure!\n\nDone.', shape: 'array' },
  { title: 'a fence without a tag', text: `\`\`\`\n${W}\n\`\`\``, calls: [WC], content: '', shape: 'array' },
  { title: 'a fence holding the fc v1 envelope, stop token after', text: '```json\n{"tool_calls": [{"name": "get_weather", "arguments": {"location": "NY"}}]}\n```<|EOT|>', calls: [WC], content: '', shape: 'tool-calls-object' },
  { title: 'a non-call fence stays content', text: 'Example:\n```python\nprint(1)\n```', calls: [], content: 'Example:\n```python\nprint(1)\n```' },
  { title: '[TOOL_CALLS] prefix', text: `[TOOL_CALLS] ${W}`, calls: [WC], content: '', shape: 'array' },
  { title: '[TOOL_CALLS] with multi-line JSON', text: '[TOOL_CALLS] [{"name": "a",\n  "arguments": {}}]\nok', calls: [['a', {}]], content: 'ok', shape: 'array' },
  { title: 'several <tool_call> blocks', text: 'Calling.\n<tool_call>\n{"name": "a", "arguments": {"q": 1}}\n</tool_call>\n<tool_call>\n{"name": "b", "arguments": {}}\n</tool_call>', calls: [['a', { q: 1 }], ['b', {}]], content: 'Calling.', shape: 'separated-calls' },
  { title: 'an unclosed last <tool_call>', text: '<tool_call>\n{"name": "a", "arguments": {}}', calls: [['a', {}]], content: '', shape: 'call-object' },
  { title: 'think, then a list, then a stop token', text: `<think>Need weather.</think>\n${W}<|im_end|>`, calls: [WC], content: '', thought: 'Need weather.', shape: 'array' },
  { title: 'think, then an answer', text: '<think>Easy.</think>\nIt is 4.', calls: [], content: 'It is 4.', thought: 'Easy.' },
  { title: 'a JSON thought wins over the think text', text: '<think>t</think>{"thought": "json", "tool_calls": []}', calls: [], content: '', thought: 'json', shape: 'thought-object' },

  // Text around calls
  { title: 'text before and after a list', text: `Here you go: ${W} Anything else?`, calls: [WC], content: 'Here you go:  Anything else?', shape: 'array' },
  { title: 'other stop tokens', text: `${W}</s>`, calls: [WC], content: '', shape: 'array' },
  { title: '<|eot_id|> after text', text: 'Hello!<|eot_id|>', calls: [], content: 'Hello!' },
  { title: 'several stop tokens in a row', text: `${W}<|eot_id|>\n<|endoftext|>`, calls: [WC], content: '', shape: 'array' },

  // Broken calls
  { title: 'a truncated list is an error, not content', text: TRUNC, calls: [], content: '', error: TRUNC.indexOf('"New') },
  { title: 'a truncated list after text', text: `Let me check.\n${TRUNC}`, calls: [], content: 'Let me check.', error: true },
  { title: 'a malformed list in a fence', text: 'Ok:\n```json\n[{"name": "a", "arguments": {}\n```', calls: [], content: 'Ok:', error: true },
  { title: 'a truncated second <tool_call>', text: '<tool_call>{"name": "a", "arguments": {}}</tool_call>\n<tool_call>{"name": "b", "argu', calls: [['a', {}]], content: '', error: true, shape: 'call-object' },
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

describe('tolerant parser: rows (same calls, content, thought, error and shape for every family)', () => {
  for (const row of ROWS) {
    it(row.title, () => {
      for (const family of FAMILIES) {
        const result = parseOutput(row.text, family);
        assert.deepEqual(result.calls.map((c) => [c.name, toPlain(c.arguments)]), row.calls, family);
        assert.equal(result.content, row.content, family);
        assert.equal(result.thought, row.thought, family);
        assert.equal(result.error !== undefined, row.error !== undefined && row.error !== false, `${family}: ${result.error?.message}`);
        if (typeof row.error === 'number') assert.equal(result.error?.offset, row.error);
        assert.equal(result.shape, row.shape, family);
      }
    });
  }
});

describe('tolerant parser: "tool_calls" that is not a list', () => {
  it('says so, instead of calling the value an item of a call list', () => {
    for (const value of ['"abc"', '5', 'true', '{"x": 1}']) {
      const text = `{"tool_calls": ${value}}`;
      const error = parseOutput(text, 'fc-v1').error;
      assert.match(error?.message ?? '', /^"tool_calls" is not a list of calls but an? /, value);
      assert.doesNotMatch(error?.message ?? '', /item 1/, value);
      assert.equal(error?.offset, text.indexOf(value), value);
    }
  });

  it('still reads one call object given instead of a list, and null as no calls', () => {
    assert.deepEqual(parseOutput('{"tool_calls": {"name": "a", "arguments": {}}}', 'fc-v1').calls.map((c) => c.name), ['a']);
    const none = parseOutput('{"tool_calls": null}', 'fc-v1');
    assert.deepEqual([none.calls.length, none.error], [0, undefined]);
  });
});

/** Each family's own output shape (reference §1, §6), and the other shapes the parser reads. */
const SHAPED: Array<[OutputShape, string]> = [
  ['tool-calls-object', '{"tool_calls": [{"name": "a", "arguments": {}}]}'],
  ['thought-object', '{"thought": "t", "tool_calls": [{"name": "a", "arguments": {}}]}'],
  ['array', '[{"name": "a", "arguments": {}}]'],
  ['call-object', '{"name": "a", "arguments": {}}'],
  ['separated-calls', '{"name": "a", "arguments": {}}; {"name": "b", "arguments": {}}'],
  ['several-values', '```json\n[{"name": "a", "arguments": {}}]\n```\n```json\n{"name": "b", "arguments": {}}\n```'],
];
const OWN: Record<OutputFamily, OutputShape> = { 'fc-v1': 'tool-calls-object', 'general-v1': 'thought-object', xlam2: 'array' };
const FAMILY_NAME: Record<OutputFamily, string> = { 'fc-v1': 'fc v1', 'general-v1': 'general v1', xlam2: 'xLAM-2' };

describe("tolerant parser: a warning when the shape is not the family's own", () => {
  for (const [shape, text] of SHAPED) {
    it(`${shape}: calls read for every family, a warning for the others`, () => {
      for (const family of FAMILIES) {
        const result = parseOutput(text, family);
        assert.equal(result.shape, shape, family);
        assert.ok(result.calls.length > 0, family);
        assert.equal(result.error, undefined, family);
        if (OWN[family] === shape) {
          assert.equal(result.warning, undefined, `${family}: ${result.warning?.message}`);
        } else {
          assert.ok(result.warning, family);
          assert.ok(result.warning.message.startsWith(`${FAMILY_NAME[family]} output is `), result.warning.message);
          assert.equal(result.warning.offset, text.search(/[[{]/), family);
        }
      }
    });
  }

  it('names the shape that was read', () => {
    assert.match(parseOutput(SHAPED[2]?.[1] ?? '', 'fc-v1').warning?.message ?? '', /read instead: a JSON array of calls \(xLAM-2's shape\)$/);
    assert.match(parseOutput(SHAPED[0]?.[1] ?? '', 'general-v1').warning?.message ?? '', /without "thought" \(fc v1's shape\)$/);
    assert.match(parseOutput(SHAPED[1]?.[1] ?? '', 'xlam2').warning?.message ?? '', /general v1's shape/);
    assert.match(parseOutput(SHAPED[4]?.[1] ?? '', 'xlam2').warning?.message ?? '', /BFCL's ";" fallback/);
  });

  it('points at the value, past think text, prose and fences', () => {
    const text = '<think>x</think>\nSure:\n```json\n[{"name": "a", "arguments": {}}]\n```';
    assert.equal(parseOutput(text, 'fc-v1').warning?.offset, text.indexOf('[{'));
    assert.equal(parseOutput(text, 'xlam2').warning, undefined);
  });

  it('plain text: a warning for the v1 families (they answer {"tool_calls": []}), none for xLAM-2', () => {
    for (const text of ['It is sunny.', '', '{"name": "Alice", "age": 3}']) {
      for (const family of FAMILIES) {
        const result = parseOutput(text, family);
        assert.equal(result.shape, undefined);
        assert.equal(result.warning !== undefined, family !== 'xlam2', `${family} ${JSON.stringify(text)}`);
        if (result.warning) assert.match(result.warning.message, /no call JSON$/);
      }
    }
    assert.equal(parseOutput('  It is sunny.', 'fc-v1').warning?.offset, 2);
  });

  it('a broken call gets its error and no plain-text warning', () => {
    const result = parseOutput(TRUNC, 'fc-v1');
    assert.ok(result.error);
    assert.equal(result.warning, undefined);
  });
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
