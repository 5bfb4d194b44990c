import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromPlain, JsonNumber, JsonObject } from '../../../src/core/json/jsonValue';
import { matchMock, mockResultContent } from '../../../src/core/playground/mocks';
import type { MockRule } from '../../../src/core/playground/types';

const when = (value: Record<string, unknown>): JsonObject => fromPlain(value) as JsonObject;

const MOCKS = new Map<string, MockRule[]>([
  [
    'get_weather',
    [
      { when: when({ city: 'Paris', unit: 'celsius' }), result: fromPlain({ t: 18 }) },
      { when: when({ city: 'Paris' }), result: 'mild' },
      { when: when({ days: 3 }), result: fromPlain({ forecast: [] }) },
      { when: when({ filter: { rain: true, wind: [1, 2] } }), error: 'storm service down' },
    ],
  ],
  ['search', [{ when: when({ q: 'x' }), result: 'one' }, { result: fromPlain(['default']) }]],
  ['broken', []],
]);

void describe('matchMock', () => {
  void it('takes the first rule whose listed arguments all match', () => {
    assert.deepEqual(matchMock(MOCKS, { name: 'get_weather', arguments: fromPlain({ city: 'Paris', unit: 'celsius' }) }), { kind: 'result', tool: 'get_weather', rule: 0, value: fromPlain({ t: 18 }) });
    // Arguments a rule does not list are free; key order does not matter.
    assert.deepEqual(matchMock(MOCKS, { name: 'get_weather', arguments: fromPlain({ unit: 'kelvin', city: 'Paris' }) }), { kind: 'result', tool: 'get_weather', rule: 1, value: 'mild' });
  });

  void it('compares values deeply, numbers by value as Python does', () => {
    const days = matchMock(MOCKS, { name: 'get_weather', arguments: new JsonObject([['days', new JsonNumber('3.0')]]) });
    assert.equal(days.kind === 'result' ? days.rule : -1, 2);
    const storm = matchMock(MOCKS, { name: 'get_weather', arguments: fromPlain({ filter: { wind: [1, 2], rain: true } }) });
    assert.deepEqual(storm, { kind: 'error', tool: 'get_weather', rule: 3, message: 'storm service down' });
    const order = matchMock(MOCKS, { name: 'get_weather', arguments: fromPlain({ filter: { rain: true, wind: [2, 1] } }) });
    assert.equal(order.kind, 'missing');
    const strings = matchMock(MOCKS, { name: 'get_weather', arguments: fromPlain({ days: '3' }) });
    assert.equal(strings.kind, 'missing');
  });

  void it('falls back to a rule without "when"', () => {
    const hit = matchMock(MOCKS, { name: 'search', arguments: fromPlain({ q: 'y' }) });
    assert.equal(hit.kind === 'result' ? hit.rule : -1, 1);
    // Arguments that are not an object (unparsed text) only meet a default rule.
    const raw = matchMock(MOCKS, { name: 'search', arguments: '{"q": "x"' });
    assert.equal(raw.kind === 'result' ? raw.rule : -1, 1);
    assert.equal(matchMock(MOCKS, { name: 'get_weather', arguments: 'oops' }).kind, 'missing');
  });

  void it('says clearly when no mock answers', () => {
    assert.deepEqual(matchMock(MOCKS, { name: 'get_weather', arguments: fromPlain({ city: 'Zürich' }) }), { kind: 'missing', tool: 'get_weather', message: 'no mock for tool "get_weather" with arguments {"city": "Zürich"}' });
    assert.deepEqual(matchMock(MOCKS, { name: 'broken', arguments: fromPlain({}) }), { kind: 'missing', tool: 'broken', message: 'no mock for tool "broken"' });
    assert.deepEqual(matchMock(MOCKS, { name: 'unknown', arguments: fromPlain({ a: 1 }) }), { kind: 'missing', tool: 'unknown', message: 'no mock for tool "unknown"' });
  });
});

void describe('mockResultContent', () => {
  void it('sends strings as they are and values as Python json.dumps would', () => {
    assert.equal(mockResultContent({ kind: 'result', tool: 't', rule: 0, value: 'sunny' }), 'sunny');
    assert.equal(mockResultContent({ kind: 'result', tool: 't', rule: 0, value: new JsonObject([['t', new JsonNumber('18.0')], ['city', 'Zürich']]) }), '{"t": 18.0, "city": "Z\\u00fcrich"}');
    assert.equal(mockResultContent({ kind: 'result', tool: 't', rule: 0, value: null }), 'null');
  });

  void it('turns errors and missing mocks into an error object the model reads', () => {
    assert.equal(mockResultContent({ kind: 'error', tool: 't', rule: 1, message: 'down' }), '{"error": "down"}');
    assert.equal(mockResultContent({ kind: 'missing', tool: 't', message: 'no mock for tool "t"' }), '{"error": "no mock for tool \\"t\\""}');
  });
});
