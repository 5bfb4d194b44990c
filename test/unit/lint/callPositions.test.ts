import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintCallsText, type Diagnostic } from '../../../src/core/lint';
import { locateCalls } from '../../../src/core/lint/callSites';
import { StringOffsets } from '../../../src/core/lint/textUtil';

const noTools = () => undefined;

const HOTEL = {
  name: 'book_hotel',
  description: 'Book a hotel room in a city',
  parameters: {
    type: 'object',
    properties: {
      city: { type: 'string', description: 'City name here' },
      note: { type: 'string', description: 'A note for the hotel' },
      tags: { type: 'array', items: { type: 'integer' }, description: 'Tag ids to attach' },
      opts: { type: 'object', description: 'Nested options', properties: { n: { type: 'integer', minimum: 1 }, deep: { type: 'array', items: { type: 'string', maxLength: 3 } } } },
    },
    required: ['city'],
  },
};

/** [code, exact source text, message] of each diagnostic. */
const show = (line: string, ds: Diagnostic[]) => ds.map((d) => [d.code, line.slice(d.range.start.offset, d.range.end.offset), d.message]);

/** The index of the `n`-th (0-based) occurrence of `needle` in `text`. */
function nth(text: string, needle: string, n: number): number {
  let at = -1;
  for (let i = 0; i <= n; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `occurrence ${n} of ${needle}`);
  }
  return at;
}

function lintOutput(output: string, tools: unknown[] = [HOTEL], format = 'xlam2-qwen'): { line: string; ds: Diagnostic[] } {
  const line = JSON.stringify({ tools, format, output });
  return { line, ds: lintCallsText(line, 'a.calls.jsonl', noTools) };
}

describe('calls in an output are located structurally', () => {
  it('a tool name written as an argument value of call 1 does not pull call 2 into call 1', () => {
    const output = JSON.stringify([
      { name: 'book_hotel', arguments: { city: 'Paris', note: 'book_hotel' } },
      { name: 'book_hotel', arguments: { note: 'x' } },
    ]);
    const { line, ds } = lintOutput(output);
    assert.deepEqual(show(line, ds), [['call-missing-arg', '\\"book_hotel\\"', '"book_hotel" is missing the required argument "city"']]);
    // The second call's name, not the argument value inside call 1 (the 2nd occurrence of the string).
    assert.equal(ds[0]?.range.start.offset, nth(line, '\\"book_hotel\\"', 2));
  });

  it('an unexpected argument points at its own key, even when an earlier call has the same key', () => {
    const output = JSON.stringify([
      { name: 'book_hotel', arguments: { city: 'Paris', guests: 1 } },
      { name: 'book_hotel', arguments: { city: 'Rome', guests: 2 } },
    ]);
    const { line, ds } = lintOutput(output);
    assert.deepEqual(
      ds.map((d) => [d.code, d.range.start.offset]),
      [
        ['call-unexpected-arg', nth(line, '\\"guests\\"', 0)],
        ['call-unexpected-arg', nth(line, '\\"guests\\"', 1)],
      ],
    );
  });

  it('fc v1 {"tool_calls": …}, a fenced block and <tool_call> tags: each call at its name', () => {
    const bad = { name: 'book_hotel', arguments: { note: 'x' } };
    for (const [format, output] of [
      ['fc-v1', JSON.stringify({ tool_calls: [{ name: 'book_hotel', arguments: { city: 'Oslo' } }, bad] })],
      ['xlam2-qwen', `Sure:\n\`\`\`json\n${JSON.stringify([bad])}\n\`\`\``],
      ['xlam2-qwen', `<tool_call>\n${JSON.stringify({ name: 'book_hotel', arguments: { city: 'Oslo' } })}\n</tool_call>\n<tool_call>\n${JSON.stringify(bad)}\n</tool_call>`],
    ] as const) {
      const { line, ds } = lintOutput(output, [HOTEL], format);
      const last = line.lastIndexOf('\\"book_hotel\\"');
      assert.deepEqual(
        ds.filter((d) => d.code === 'call-missing-arg').map((d) => [d.range.start.offset, d.range.end.offset]),
        [[last, last + '\\"book_hotel\\"'.length]],
        output,
      );
    }
  });

  it('an OpenAI-wrapped call in the output is located inside its "function" object', () => {
    const output = JSON.stringify([{ type: 'function', function: { name: 'book_hotel', arguments: { city: 'Paris', nights: 2 } } }]);
    const { line, ds } = lintOutput(output);
    assert.deepEqual(show(line, ds), [['call-unexpected-arg', '\\"nights\\"', '"book_hotel" has no parameter "nights"']]);
  });

  it('locateCalls does not look inside arguments, nor take data objects for calls', () => {
    const output = `[{"name": "a", "arguments": {"x": {"name": "b", "arguments": {}}}}] {"name": "Alice", "age": 3} [1, 2]`;
    assert.deepEqual(
      locateCalls(output).map((c) => c.name),
      ['a'],
    );
  });
});

describe('errors inside an argument are placed at the deepest node', () => {
  it('each bad array item at the item; nested constraints at the nested value', () => {
    const output = JSON.stringify([{ name: 'book_hotel', arguments: { city: 'Paris', tags: [1, 'a', 2.5], opts: { n: 0, deep: ['ok', 'long'] } } }]);
    const { line, ds } = lintOutput(output);
    assert.deepEqual(show(line, ds), [
      ['call-arg-type', '\\"a\\"', '"tags"[1] is "a" (string); expected integer'],
      ['call-arg-type', '2.5', '"tags"[2] is 2.5 (float); expected integer'],
      ['call-arg-constraint', '0', '"opts.n" must be >= 1 (minimum)'],
      ['call-arg-constraint', '\\"long\\"', '"opts.deep.1" must NOT have more than 3 characters (maxLength)'],
    ]);
  });

  it('the same in a written "calls" list', () => {
    const line = JSON.stringify({ tools: [HOTEL], format: 'xlam2-qwen', calls: [{ name: 'book_hotel', arguments: { city: 'Paris', tags: ['x'], opts: { n: 0 } } }] });
    assert.deepEqual(show(line, lintCallsText(line, 'a.calls.jsonl', noTools)), [
      ['call-arg-type', '"x"', '"tags"[0] is "x" (string); expected integer'],
      ['call-arg-constraint', '0', '"opts.n" must be >= 1 (minimum)'],
    ]);
  });

  it('bad items are reported one by one up to 10, then in one summary at the argument', () => {
    const output = JSON.stringify([{ name: 'book_hotel', arguments: { city: 'Paris', tags: Array.from({ length: 25 }, (_, i) => `t${i}`) } }]);
    const { line, ds } = lintOutput(output);
    const items = ds.filter((d) => /^"tags"\[\d+\]/.test(d.message));
    assert.deepEqual(
      items.map((d) => line.slice(d.range.start.offset, d.range.end.offset)),
      Array.from({ length: 10 }, (_, i) => `\\"t${i}\\"`),
    );
    const summary = ds.find((d) => d.message === '"tags" has 15 more items that are not integer');
    assert.ok(summary);
    assert.equal(line[summary.range.start.offset], '[', 'the summary is at the array');
  });
});

describe('calls against a flat xlam-60k tool', () => {
  const FLAT = {
    name: 'search',
    description: 'Search the catalogue for products',
    parameters: {
      query: { type: 'str', description: 'Words to search for' },
      limit: { type: 'int, optional', description: 'Most results to return', default: 10 },
      tags: { type: 'Optional[List[str]]', description: 'Tags that must all match' },
      sort: { type: 'str, optional', description: 'Order of the results', enum: ['price', 'name'] },
    },
  };
  const lintCalls = (calls: unknown[]) => {
    const line = JSON.stringify({ tools: [FLAT], format: 'xlam2-qwen', calls });
    return { line, ds: lintCallsText(line, 'a.calls.jsonl', noTools) };
  };

  it('a valid call has no diagnostics; Optional[List[str]] accepts null', () => {
    assert.deepEqual(lintCalls([{ name: 'search', arguments: { query: 'shoes', tags: null } }, { name: 'search', arguments: { query: 'shoes', limit: 5, tags: ['red'], sort: 'price' } }]).ds, []);
  });

  it('missing, mistyped, null for a non-Optional type, bad enum value, bad list item', () => {
    const { line, ds } = lintCalls([{ name: 'search', arguments: { limit: 2.5 } }, { name: 'search', arguments: { query: 'x', limit: null, sort: 'date', tags: ['a', 3] } }]);
    assert.deepEqual(show(line, ds), [
      ['call-missing-arg', '"search"', '"search" is missing the required argument "query"'],
      ['call-arg-type', '2.5', '"limit" is 2.5 (float); expected integer (BFCL does not accept a float for an integer)'],
      ['call-arg-type', 'null', '"limit" is null (null); expected integer'],
      ['call-arg-enum', '"date"', '"sort" is "date" (string); expected one of "price" or "name"'],
      ['call-arg-type', '3', '"tags"[1] is 3 (integer); expected string'],
    ]);
  });
});

describe('mapping positions through the output string is linear', () => {
  it('StringOffsets walks each source character a bounded number of times, in any lookup order', () => {
    const decoded = 'a"\\\né'.repeat(20_000);
    const text = JSON.stringify(decoded);
    const offsets = new StringOffsets(text, { offset: 0, length: text.length });
    const lookups = 20_000;
    for (let k = 0; k < lookups; k++) {
      const index = (k * 7919) % decoded.length; // scattered, not increasing
      const at = offsets.offset(index);
      if (k % 997 === 0) assert.equal(JSON.parse(`"${text.slice(at, offsets.offset(index + 1))}"`), decoded[index]);
    }
    // Building the checkpoints walks the text once; each lookup at most 256 decoded characters.
    assert.ok(offsets.steps <= text.length + lookups * 256 * 2, String(offsets.steps));
    assert.equal(offsets.offset(decoded.length + 5), text.length - 1, 'past the end: the closing quote');
  });

  it('an output of 4,000 calls: the one bad call is found, at its own name', () => {
    const calls = Array.from({ length: 4000 }, (_, i) => ({ name: 'book_hotel', arguments: i === 3999 ? { note: 'book_hotel' } : { city: `Paris ${i}`, note: 'book_hotel' } }));
    const { line, ds } = lintOutput(JSON.stringify(calls));
    assert.deepEqual(
      ds.map((d) => [d.code, d.range.start.offset]),
      [['call-missing-arg', line.lastIndexOf('\\"name\\":\\"book_hotel\\"') + '\\"name\\":'.length]],
    );
  });
});
