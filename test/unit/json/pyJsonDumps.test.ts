import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { fromPlain, JsonNumber, JsonObject } from '../../../src/core/json/jsonValue';
import { pyFloatRepr, pyJsonDumps, pyJsonString } from '../../../src/core/json/pyJsonDumps';
import { readJsonDocument } from '../../../src/core/json/readJsonDocument';

const dumpsFile = (text: string, options = {}) => pyJsonDumps(readJsonDocument(text).value, options);

describe('pyJsonDumps separators and containers', () => {
  it('uses ", " and ": " when compact', () => {
    assert.equal(dumpsFile('{"a":[1,2],"b":{"c":null}}'), '{"a": [1, 2], "b": {"c": null}}');
  });

  it('writes one item per line with indent, "," at line ends and ": "', () => {
    assert.equal(dumpsFile('{"a":[1,{"b":true}]}', { indent: 4 }), '{\n    "a": [\n        1,\n        {\n            "b": true\n        }\n    ]\n}');
  });

  it('writes empty containers as [] and {} in both modes', () => {
    assert.equal(dumpsFile('{"a":[],"b":{}}'), '{"a": [], "b": {}}');
    assert.equal(dumpsFile('{"a":[],"b":{}}', { indent: 2 }), '{\n  "a": [],\n  "b": {}\n}');
  });

  it('takes custom separators', () => {
    assert.equal(dumpsFile('{"a":[1,2]}', { separators: [',', ':'] }), '{"a":[1,2]}');
  });
});

describe('pyJsonDumps key order', () => {
  it('keeps insertion order, integer-like keys included', () => {
    assert.equal(dumpsFile('{"b":1,"7":2,"a":3,"0":4}'), '{"b": 1, "7": 2, "a": 3, "0": 4}');
    // The plain-JS path would have moved "7" and "0" first: that is why the model exists.
    assert.equal(JSON.stringify(JSON.parse('{"b":1,"7":2}')), '{"7":2,"b":1}');
  });

  it('keeps the first position and the last value of a repeated key, like a dict', () => {
    assert.equal(dumpsFile('{"a":1,"b":2,"a":3}'), '{"a": 3, "b": 2}');
  });
});

describe('pyJsonDumps strings', () => {
  it('escapes quote, backslash and the short control escapes', () => {
    assert.equal(pyJsonString('"\\\n\r\t\b\f'), '"\\"\\\\\\n\\r\\t\\b\\f"');
  });

  it('writes other control characters as lowercase \\u00xx', () => {
    assert.equal(pyJsonString('\u0001\u001f'), '"\\u0001\\u001f"');
  });

  it('escapes everything above U+007E with ensure_ascii, DEL included, per UTF-16 unit', () => {
    assert.equal(pyJsonString('\u007f é 日 😀'), '"\\u007f \\u00e9 \\u65e5 \\ud83d\\ude00"');
  });

  it('keeps non-ASCII raw without ensure_ascii', () => {
    assert.equal(pyJsonString('é 日 😀\u007f', false), '"é 日 😀\u007f"');
  });

  it('does not escape "/" or "<"', () => {
    assert.equal(pyJsonString('</script>'), '"</script>"');
  });
});

describe('pyJsonDumps numbers as Python prints them after json.load', () => {
  const cases: Array<[string, string]> = [
    ['1.0', '1.0'],
    ['1e5', '100000.0'],
    ['1E5', '100000.0'],
    ['1e-05', '1e-05'],
    ['0.0001', '0.0001'],
    ['0.00001', '1e-05'],
    ['1e16', '1e+16'],
    ['1.5e16', '1.5e+16'],
    ['9999999999999998.0', '9999999999999998.0'],
    ['123456789.125', '123456789.125'],
    ['-0.0', '-0.0'],
    ['0.1', '0.1'],
    ['2.5e-7', '2.5e-07'],
    ['1e400', 'Infinity'],
    ['-1e400', '-Infinity'],
    ['10', '10'],
    ['-0', '0'],
    ['12345678901234567890123', '12345678901234567890123'],
  ];
  for (const [lexeme, expected] of cases) {
    it(`${lexeme} → ${expected}`, () => assert.equal(dumpsFile(`[${lexeme}]`), `[${expected}]`));
  }

  it('repr of floats matches Python shortest round-trip digits', () => {
    assert.equal(pyFloatRepr(0.1 + 0.2), '0.30000000000000004');
    assert.equal(pyFloatRepr(1 / 3), '0.3333333333333333');
    assert.equal(pyFloatRepr(1e22), '1e+22');
    assert.equal(pyFloatRepr(123e-20), '1.23e-18');
    assert.equal(pyFloatRepr(NaN), 'NaN');
  });

  it('JS numbers from plain values: integers are ints, others floats', () => {
    assert.equal(pyJsonDumps(fromPlain({ a: 1, b: 1.5, c: 1e21 })), '{"a": 1, "b": 1.5, "c": 1e+21}');
    assert.equal(pyJsonDumps(JsonNumber.fromNumber(3, true)), '3.0');
  });

  it('writes a JsonObject built in code in its insertion order', () => {
    assert.equal(pyJsonDumps(new JsonObject([['z', new JsonNumber('1')], ['10', new JsonNumber('2.0')]])), '{"z": 1, "10": 2.0}');
  });
});

describe('pyJsonDumps on what is not a JSON value', () => {
  it('throws instead of writing a wrong prompt (an array hole, a foreign object)', () => {
    assert.throws(() => pyJsonDumps(['a', undefined] as never), /not a JSON value: undefined/);
    assert.throws(() => pyJsonDumps([1] as never), /not a JSON value: number/, 'a bare JS number (not a JsonNumber, which keeps the lexeme)');
    assert.throws(() => pyJsonDumps(new JsonObject([['a', new Date() as never]])), /not a JSON value: object/);
    assert.equal(pyJsonDumps([true, false, null]), '[true, false, null]');
  });
});
