import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromPlain } from '../../../src/core/json/jsonValue';
import { parseToolsText } from '../../../src/core/loadInputs';
import { checkCalls } from '../../../src/core/playground/checkCalls';

const TOOLS = parseToolsText(
  '[{"name": "get_weather", "description": "Get the weather of a city", "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "City name"}, "unit": {"type": "string", "enum": ["c", "f"], "description": "Unit"}, "days": {"type": "integer", "minimum": 1, "description": "Days ahead"}}, "required": ["city"]}}]',
);

void describe('checkCalls', () => {
  void it('checks each call on its own, with the lint call rules', () => {
    const checks = checkCalls(TOOLS, 'xlam2-qwen', [
      { name: 'get_weather', arguments: fromPlain({ city: 'Paris', unit: 'c', days: 2 }) },
      { name: 'get_weather', arguments: fromPlain({ unit: 'k', days: 1.5 }) },
      { name: 'get_wether', arguments: fromPlain({ city: 'Oslo' }) },
      { name: 'get_weather', arguments: fromPlain({ city: 'Rome', days: 0 }) },
      { name: 'get_weather', arguments: '{"city": ' },
    ]);
    assert.deepEqual(checks[0], { ok: true, problems: [] });
    assert.deepEqual(checks[1]?.problems.map((p) => p.code).sort(), ['call-arg-enum', 'call-arg-type', 'call-missing-arg']);
    assert.equal(checks[1]?.ok, false);
    assert.deepEqual(checks[2]?.problems.map((p) => p.code), ['call-unknown-function']);
    assert.match(checks[2]?.problems[0]?.message ?? '', /did you mean "get_weather"/);
    assert.deepEqual(checks[3]?.problems.map((p) => p.code), ['call-arg-constraint']);
    assert.deepEqual(checks[4]?.problems.map((p) => p.code), ['call-arguments-not-object']);
  });

  void it('handles no calls and no tools', () => {
    assert.deepEqual(checkCalls(TOOLS, 'fc-v1', []), []);
    assert.deepEqual(checkCalls([], 'fc-v1', [{ name: 'x', arguments: fromPlain({}) }]).map((c) => c.problems.map((p) => p.code)), [['call-unknown-function']]);
  });
});
