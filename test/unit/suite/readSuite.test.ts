import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { InputError } from '../../../src/core/errors';
import { EXAMPLE, oneCase, suiteFrom, TRAVEL } from './support';

function inputError(text: string): InputError {
  try {
    suiteFrom(text);
  } catch (error) {
    assert.ok(error instanceof InputError, String(error));
    return error;
  }
  assert.fail('expected an InputError');
}

/** line:col of the first occurrence of `needle` in `text`. */
function at(text: string, needle: string): string {
  const offset = text.indexOf(needle);
  assert.ok(offset >= 0, needle);
  const before = text.slice(0, offset);
  return `${before.split('\n').length}:${offset - before.lastIndexOf('\n')}`;
}

describe('reading *.fctest.json suites', () => {
  it('reads the example: defaults, tools by path and per case, categories, ranges', () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    const suite = suiteFrom(text, EXAMPLE);
    assert.equal(suite.name, 'travel');
    assert.deepEqual(suite.defaults, { format: 'xlam2-qwen', sampling: { temperature: 0, maxTokens: 256, seed: 42 }, grammar: 'tools', trials: 1, checker: 'default' });
    assert.deepEqual(suite.cases.map((c) => [c.id, c.category, c.checkCategory]), [
      ['flight-sfo-jfk', 'simple', 'multiple'],
      ['hotel-rome', 'simple', 'multiple'],
      ['flight-and-hotel', 'parallel_multiple', 'parallel_multiple'],
      ['airport-joke', 'irrelevance', 'irrelevance'],
      ['service-up', 'simple', 'simple'],
      ['weather-paris', 'simple', 'simple'],
    ]);
    const weather = suite.cases[5];
    assert.deepEqual(weather?.tools.map((t) => t.name), ['get_weather'], "a case's own tools replace the suite's");
    assert.notEqual(weather?.toolsKey, suite.cases[0]?.toolsKey);
    assert.equal(suite.cases[0]?.toolsKey, suite.cases[1]?.toolsKey);
    assert.equal(weather?.messages.length, 2);
    assert.equal(`${suite.cases[0]?.range.start.line}:${suite.cases[0]?.range.start.column}`, at(text, '{\n      "id": "flight-sfo-jfk"'));
    assert.ok((suite.cases[0]?.range.end.line ?? 0) > (suite.cases[0]?.range.start.line ?? 0));
    const hotel = suite.cases[1];
    assert.ok(hotel?.expect.kind === 'calls');
    assert.deepEqual([...(hotel.expect.calls[0]?.params.keys() ?? [])], ['city', 'nights', 'guests']);
    assert.equal(hotel.expect.calls[0]?.params.get('guests')?.[0], '');
  });

  const BAD: Array<[string, string, (text: string) => string, RegExp]> = [
    ['an unknown case key', oneCase('no call', { expected: 12345 }), (t) => at(t, '12345'), /unknown key "expected" in a case/],
    ['expect as another string', oneCase('none'), (t) => at(t, '"none"'), /must be "no call"/],
    ['an empty calls list', oneCase({ calls: [] }), (t) => at(t, '[]'), /write "expect": "no call"/],
    ['a call of no tool', oneCase({ calls: [{ name: 'book_hotle', arguments: {} }] }), (t) => at(t, '"book_hotle"'), /no tool "book_hotle" in this case's tools \(search_flights, book_hotel\)/],
    ['arguments and accept together', oneCase({ calls: [{ name: 'book_hotel', arguments: {}, accept: {} }] }), (t) => at(t, '{}\n'), /not both/],
    ['an accept value that is not a list', oneCase({ calls: [{ name: 'book_hotel', accept: { city: 'Rome' } }] }), (t) => at(t, '"Rome"'), /must be a non-empty list/],
    ['query and messages both', oneCase('no call', { messages: [{ role: 'user', content: 'x' }] }), (t) => at(t, '{\n      "id"'), /exactly one of "query"/],
    ['a bad message role', JSON.stringify({ tools: TRAVEL, cases: [{ id: 'c', messages: [{ role: 'robot', content: 'x' }], expect: 'no call' }] }, null, 2), (t) => at(t, '"robot"'), /role "robot"/],
    ['a bad variant', JSON.stringify({ tools: TRAVEL, defaults: { format: 'fc-v1', variant: 'vllm' }, cases: [] }, null, 2), (t) => at(t, '"vllm"'), /not a variant of fc-v1 \(card, bfcl\)/],
    ['a negative seed', JSON.stringify({ tools: TRAVEL, defaults: { sampling: { seed: -1 } }, cases: [] }, null, 2), (t) => at(t, '-1'), /"seed" must be an integer ≥ 0/],
    ['a missing tools file', JSON.stringify({ tools: 'nope.tools.json', cases: [] }, null, 2), (t) => at(t, '"nope.tools.json"'), /cannot read the tools file "nope.tools.json"/],
    ['a case without tools', JSON.stringify({ cases: [{ id: 'c', query: 'q', expect: 'no call' }] }, null, 2), (t) => at(t, '{\n      "id"'), /case "c" has no tools/],
  ];
  for (const [what, text, where, message] of BAD) {
    it(`${what}: an InputError at its place`, () => {
      const error = inputError(text);
      assert.match(error.message, message);
      assert.equal(`${error.location?.line}:${error.location?.column}`, where(text), error.describe());
      assert.match(error.describe(), /inline\.fctest\.json:\d+:\d+: /);
    });
  }

  it('a duplicate id names both cases', () => {
    const text = JSON.stringify({ tools: TRAVEL, cases: [{ id: 'a', query: 'q', expect: 'no call' }, { id: 'a', query: 'r', expect: 'no call' }] }, null, 1);
    assert.match(inputError(text).message, /case id "a" is also the id of case 0/);
  });

  it('a problem in a named tools file is located in that file', () => {
    const error = inputError(JSON.stringify({ tools: '../test/fixtures/lint/tools/tool-not-object.bad.tools.json', cases: [] }));
    assert.match(error.location?.file ?? '', /tool-not-object\.bad\.tools\.json$/);
  });
});
