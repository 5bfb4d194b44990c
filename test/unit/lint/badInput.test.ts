import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { lintCallsText, lintToolsText, type Diagnostic } from '../../../src/core/lint';

const noTools = () => undefined;
const codes = (ds: Diagnostic[]) => ds.map((d) => d.code);
const at = (ds: Diagnostic[], code: string) => {
  const d = ds.find((x) => x.code === code);
  assert.ok(d, `no ${code} in ${codes(ds).join(', ')}`);
  return d;
};
/** Never throws, and no rule failed internally (a rule that throws is a bug, even if caught). */
function lintBoth(text: string): Diagnostic[] {
  const tools = lintToolsText(text);
  const calls = lintCallsText(text, 'x.calls.jsonl', () => text);
  const json = lintCallsText(text, 'x.calls.json', () => text);
  for (const ds of [tools, calls, json]) {
    const internal = ds.filter((d) => d.code === 'internal-error');
    assert.deepEqual(internal, [], JSON.stringify(text.slice(0, 200)));
  }
  return tools;
}

const TOOL = { name: 'get_weather', description: 'Get the current weather for a city', parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name, e.g. Paris' } }, required: ['city'] } };

describe('bad input: every case is a located diagnostic, never a throw', () => {
  it('truncated JSON: json-syntax where the text ends', () => {
    const text = JSON.stringify([TOOL], null, 2).slice(0, 60);
    const d = at(lintBoth(text), 'json-syntax');
    assert.equal(text.slice(d.range.start.offset), '"Get the', 'at the unterminated string');
  });

  it('not an array: tools-not-array at the value', () => {
    for (const text of ['{"name": "f"}', '"get_weather"', '42', 'null']) {
      const d = at(lintBoth(text), 'tools-not-array');
      assert.deepEqual([d.range.start.line, d.range.start.column], [1, 1], text);
    }
  });

  it('an empty or blank file: file-empty at 1:1', () => {
    for (const text of ['', '   \n\t\n']) {
      assert.deepEqual(codes(lintToolsText(text)), ['file-empty']);
      assert.deepEqual(codes(lintCallsText(text, 'a.calls.jsonl', noTools)), ['file-empty']);
      assert.deepEqual(codes(lintCallsText(text, 'a.calls.json', noTools)), ['file-empty']);
    }
  });

  it('bytes that are not UTF-8 (decoded by the caller): file-encoding at the first U+FFFD', () => {
    const bytes = Buffer.concat([Buffer.from('[{"name": "f", "description": "'), Buffer.from([0xff, 0xfe, 0xe9]), Buffer.from('"}]')]);
    const ds = lintBoth(bytes.toString('utf8'));
    const d = at(ds, 'file-encoding');
    assert.equal(d.range.start.column, 32);
    assert.match(d.message, /3 in the file/);
  });

  it('a UTF-8 BOM is not an error, and positions stay those of the text', () => {
    const ds = lintToolsText(`\ufeff[{"name": "get.weather", "description": "Get the current weather for a city"}]`);
    assert.deepEqual(codes(ds), ['tool-name-invalid']);
    assert.equal(ds[0]?.range.start.column, 12);
  });

  it('a 10 MB tools file: linted within the time budget (lint-gave-up says where it stopped)', () => {
    const tools = Array.from({ length: 7400 }, (_, i) => ({ ...TOOL, name: `tool_${i}`, description: `${TOOL.description} number ${i}`.padEnd(1200, '.') }));
    const text = JSON.stringify(tools);
    assert.ok(text.length > 10_000_000, String(text.length));
    const ds = lintToolsText(text, undefined, { budgetMs: 500 });
    assert.ok(ds.every((d) => d.code === 'lint-gave-up' || d.code === 'fc-v1-loss'), [...new Set(codes(ds))].join(', '));
    const gaveUp = ds.find((d) => d.code === 'lint-gave-up' && /time budget/.test(d.message));
    if (gaveUp !== undefined) assert.equal(text[gaveUp.range.start.offset], '{', 'at the first tool not checked');
    assert.ok(ds.length <= 1002, 'at most 1,000 diagnostics, the summary, and where the time ran out (always kept)');
  });

  it('a 10 MB broken file: every jsonc-parser error up to the cap, then a summary', () => {
    const text = `[${'{"name": "f",, }'.repeat(700_000)}`;
    assert.ok(text.length > 10_000_000);
    const ds = lintToolsText(text);
    assert.ok(ds.filter((d) => d.code === 'json-syntax').length >= 50);
  });

  it('a 10 MB calls file (one huge output line) does not throw', () => {
    const output = `[{"name": "get_weather", "arguments": {"city": "${'x'.repeat(10_000_000)}"}}]`;
    const line = JSON.stringify({ tools: [TOOL], format: 'xlam2-qwen', output });
    assert.deepEqual(codes(lintCallsText(line, 'big.calls.jsonl', noTools)), []);
  });

  it('400 levels of nesting in a schema: schema-too-deep at depth 65, nothing deeper checked', () => {
    let schema: object = { type: 'string', description: 'The innermost value' };
    for (let i = 0; i < 400; i++) schema = { type: 'object', description: 'One more level', properties: { x: schema } };
    const text = JSON.stringify([{ ...TOOL, parameters: { type: 'object', properties: { x: schema }, required: ['x'] } }]);
    const ds = lintBoth(text);
    const d = at(ds, 'schema-too-deep');
    assert.equal(d.relatedPath?.length, 2 + 2 * 65, 'parameters, then properties/x per level');
    assert.ok(!codes(ds).includes('schema-compile'));
  });

  it('400 and 100,000 levels of plain nesting: read, or json-too-deep where Python stops', () => {
    assert.deepEqual(codes(lintBoth(`${'['.repeat(400)}${']'.repeat(400)}`)), ['tool-not-object']);
    const deep = `${'['.repeat(100_000)}${']'.repeat(100_000)}`;
    const d = at(lintBoth(deep), 'json-too-deep');
    assert.equal(d.range.start.offset, 995);
    assert.equal(at(lintBoth(`${'{"a":'.repeat(100_000)}1`), 'json-too-deep').range.start.offset, 995 * 5);
  });

  it('self-referencing $ref: ref-unresolved at the $ref (no validator can compile it), in tools and calls', () => {
    for (const parameters of [{ $ref: '#' }, { type: 'object', properties: { a: { $ref: '#/properties/a' } } }, { $ref: '#/$defs/a', $defs: { a: { $ref: '#' } } }]) {
      const tools = [{ ...TOOL, parameters }];
      const text = JSON.stringify(tools);
      const d = at(lintBoth(text), 'ref-unresolved');
      assert.equal(text.slice(d.range.start.offset, d.range.end.offset).startsWith('"#'), true);
      const line = JSON.stringify({ tools, format: 'xlam2-qwen', calls: [{ name: 'get_weather', arguments: { a: 1 } }] });
      assert.ok(!codes(lintCallsText(line, 'a.calls.jsonl', noTools)).includes('internal-error'));
    }
  });

  it('a broken regex: pattern-invalid with the engine message, and calls against it still checked', () => {
    const tools = [{ ...TOOL, parameters: { type: 'object', properties: { city: { type: 'string', description: 'City name here', pattern: '([a-z]' } }, patternProperties: { '*x': {} } } }];
    const ds = lintBoth(JSON.stringify(tools));
    assert.deepEqual(ds.filter((d) => d.code === 'pattern-invalid').map((d) => d.message), ['Invalid regular expression: /([a-z]/u: Unterminated group', 'Invalid regular expression: /*x/u: Nothing to repeat']);
    const line = JSON.stringify({ tools, format: 'xlam2-qwen', calls: [{ name: 'get_weather', arguments: { city: 5 } }] });
    assert.deepEqual(codes(lintCallsText(line, 'a.calls.jsonl', noTools)), ['call-arg-type']);
  });

  it('a resolver that throws is an unreadable tools file', () => {
    const line = JSON.stringify({ tools: 'a.tools.json', format: 'fc-v1', calls: [] });
    const ds = lintCallsText(line, 'a.calls.jsonl', () => {
      throw new Error('EACCES');
    });
    assert.deepEqual(codes(ds), ['calls-tools-unresolved']);
  });
});

describe('bad input: fuzzing never throws and never trips a rule', () => {
  it('arbitrary text', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary', maxLength: 300 }), (text) => void lintBoth(text)), { numRuns: 300 });
  });

  it('arbitrary JSON values as tools and as calls entries', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 6 }), (value) => {
        lintBoth(JSON.stringify([value]));
        lintBoth(JSON.stringify({ tools: [value], format: 'xlam2-qwen', calls: [{ name: 'f', arguments: value }] }));
        lintBoth(JSON.stringify([{ name: 'f', description: 'A tool that does things well', parameters: value }]));
        lintBoth(JSON.stringify([{ name: 'f', parameters: { type: 'object', properties: { a: value }, required: ['a'] } }]));
      }),
      { numRuns: 300 },
    );
  });

  it('a valid tools file with random characters inserted or deleted', () => {
    const base = JSON.stringify([TOOL, { type: 'function', function: { ...TOOL, name: 'get_forecast' } }], null, 2);
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(5), fc.string({ maxLength: 4 }), (pos, cut, insert) => {
        lintBoth(base.slice(0, pos) + insert + base.slice(pos + cut));
      }),
      { numRuns: 300 },
    );
  });

  it('model outputs of any shape inside a calls entry', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ maxLength: 200 }), fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v))), (output) => {
        for (const format of ['fc-v1', 'general-v1', 'xlam2-qwen']) {
          for (const parser of ['tolerant', 'vllm']) lintBoth(JSON.stringify({ tools: [TOOL], format, parser, output, expected: [] }));
        }
      }),
      { numRuns: 150 },
    );
  });
});
