import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isJsonObject, JsonNumber, toPlain, type JsonValue } from '../../../src/core/json/jsonValue';
import { MAX_JSON_DEPTH } from '../../../src/core/json/jsonDepth';
import { MAX_DEPTH, parsePythonJson, rawDecode } from '../../../src/core/json/parsePythonJson';
import { compactJson, pyJsonDumps } from '../../../src/core/json/pyJsonDumps';

function value(text: string): JsonValue {
  const result = parsePythonJson(text);
  assert.ok(result.ok, `expected ${JSON.stringify(text)} to parse: ${result.ok ? '' : result.message}`);
  return result.value;
}

describe('parsePythonJson accepts what json.loads accepts', () => {
  const rows: Array<[string, string]> = [
    // [input, compactJson of the result: order and lexemes visible]
    ['{"b": 1, "a": 2}', '{"b":1,"a":2}'],
    ['{"2": "x", "1": "y", "a": 0}', '{"2":"x","1":"y","a":0}'],
    [' \t\n[1.0, 1e5, -0, 12345678901234567890, 1E-7]\r\n', '[1.0,100000.0,0,12345678901234567890,1e-07]'],
    ['[NaN, Infinity, -Infinity]', '[NaN,Infinity,-Infinity]'],
    ['{"a": 1, "b": 2, "a": 3}', '{"a":3,"b":2}'],
    ['"\\ud83d\\ude00 \\u00e9 \\/ \\b\\f\\n\\r\\t"', '"😀 é / \\b\\f\\n\\r\\t"'],
    ['"\\ud800"', '"\ud800"'], // a lone surrogate is kept (compactJson writes it raw)
    ['"\\ud800\\u0041"', '"\ud800A"'],
    ['"a\u2028b\u007f"', '"a\u2028b\u007f"'],
    ['[[], {}, [{}], null, true, false]', '[[],{},[{}],null,true,false]'],
    ['"' + '1'.repeat(5000) + '"', '"' + '1'.repeat(5000) + '"'],
    ['1'.repeat(4300), '1'.repeat(4300)],
  ];
  for (const [input, expected] of rows) {
    it(`${JSON.stringify(input).slice(0, 60)} → ${expected.slice(0, 40)}`, () => {
      assert.equal(compactJson(value(input)), expected);
    });
  }

  it('keeps float-ness in the lexeme: 1.0 stays a float, 1 an int', () => {
    const obj = value('{"x": 1.0, "y": 1}');
    assert.ok(isJsonObject(obj));
    assert.equal((obj.get('x') as JsonNumber).lexeme, '1.0');
    assert.equal((obj.get('x') as JsonNumber).isInteger, false);
    assert.equal((obj.get('y') as JsonNumber).isInteger, true);
  });

  it('keeps the first position of a repeated key and its last value', () => {
    const obj = value('{"a": 1, "b": 2, "a": 3}');
    assert.ok(isJsonObject(obj));
    assert.deepEqual(obj.keys(), ['a', 'b']);
    assert.deepEqual(toPlain(obj), { a: 3, b: 2 });
  });
});

describe('parsePythonJson rejects what json.loads rejects, at the same offset', () => {
  const rows: Array<[string, string, number, string?]> = [
    // [input, Python message, offset, exception when not JSONDecodeError]
    ['', 'Expecting value', 0],
    ['  ', 'Expecting value', 2],
    ['\ufeff[]', 'Unexpected UTF-8 BOM (decode using utf-8-sig)', 0],
    ['[1,]', 'Expecting value', 3],
    ['{"a":1,}', 'Expecting property name enclosed in double quotes', 7],
    ['{"a" 1}', "Expecting ':' delimiter", 5],
    ['{a:1}', 'Expecting property name enclosed in double quotes', 1],
    ['[1 2]', "Expecting ',' delimiter", 3],
    ['[1,2', "Expecting ',' delimiter", 4],
    ['{"a":1', "Expecting ',' delimiter", 6],
    ['{"a":', 'Expecting value', 5],
    ['01', 'Extra data', 1],
    ['1.', 'Extra data', 1],
    ['1e', 'Extra data', 1],
    [' [1] x', 'Extra data', 5],
    ['-', 'Expecting value', 0],
    ['nan', 'Expecting value', 0],
    ['tru', 'Expecting value', 0],
    ['// c\n1', 'Expecting value', 0],
    ['"abc', 'Unterminated string starting at', 0],
    ['"abc\\', 'Unterminated string starting at', 0],
    ['"a\u0001"', 'Invalid control character at', 2],
    ['"a\nb"', 'Invalid control character at', 2],
    ['"\\x"', 'Invalid \\escape', 1],
    ['"\\uzzzz"', 'Invalid \\uXXXX escape', 2],
    ['"\\u1234', 'Invalid \\uXXXX escape', 2],
    ['"\\ud800\\uzzzz"', 'Invalid \\uXXXX escape', 8],
    ['[\f]', 'Expecting value', 1],
    ['1'.repeat(4301), 'Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit', 0, 'ValueError'],
    ['[-' + '1'.repeat(4301) + ']', 'Exceeds the limit (4300 digits) for integer string conversion: value has 4301 digits; use sys.set_int_max_str_digits() to increase the limit', 1, 'ValueError'],
  ];
  for (const [input, message, offset, raises] of rows) {
    it(`${JSON.stringify(input).slice(0, 40)} → ${message.slice(0, 40)} at ${offset}`, () => {
      const result = parsePythonJson(input);
      assert.deepEqual(result, { ok: false, message, offset, raises: raises ?? 'JSONDecodeError' });
    });
  }
});

describe('nesting depth', () => {
  it('parses 10,000 levels', () => {
    const text = '['.repeat(MAX_DEPTH) + ']'.repeat(MAX_DEPTH);
    assert.equal(parsePythonJson(text).ok, true);
  });

  it('reports a RecursionError past 10,000 levels instead of overflowing the stack', () => {
    for (const text of ['['.repeat(100_000), '{"a":'.repeat(100_000), '['.repeat(MAX_DEPTH + 1) + ']'.repeat(MAX_DEPTH + 1)]) {
      const result = parsePythonJson(text);
      assert.equal(result.ok, false);
      if (!result.ok) {
        assert.equal(result.raises, 'RecursionError');
        assert.equal(result.offset, text.startsWith('{') ? MAX_DEPTH * 5 : MAX_DEPTH);
      }
    }
  });

  it('takes a lower limit, as the output parsers do: Python 3.11 reads 995 levels, not 996', () => {
    const nest = (n: number) => '['.repeat(n) + ']'.repeat(n);
    assert.equal(parsePythonJson(nest(MAX_JSON_DEPTH), { maxDepth: MAX_JSON_DEPTH }).ok, true);
    const deeper = parsePythonJson(nest(MAX_JSON_DEPTH + 1), { maxDepth: MAX_JSON_DEPTH });
    assert.deepEqual(deeper.ok ? undefined : [deeper.raises, deeper.offset], ['RecursionError', MAX_JSON_DEPTH]);
  });
});

describe('rawDecode is JSONDecoder.raw_decode', () => {
  it('decodes one value at an index and returns where it ends', () => {
    const result = rawDecode('x{"a": 1}{', 1);
    assert.ok(result.ok);
    assert.deepEqual([toPlain(result.value), result.end], [{ a: 1 }, 9]);
  });

  it('does not skip whitespace at the start', () => {
    assert.deepEqual(rawDecode(' [1]', 0), { ok: false, message: 'Expecting value', offset: 0, raises: 'JSONDecodeError' });
  });

  it('reports errors at offsets into the whole text', () => {
    assert.deepEqual(rawDecode('call: [1, }', 6), { ok: false, message: 'Expecting value', offset: 10, raises: 'JSONDecodeError' });
  });
});

describe('parsePythonJson properties', () => {
  it('keeps a "__proto__" key as an own property, as JSON.parse does (found by fast-check in CI)', () => {
    const text = '[{"__proto__": {"x": 1}}, {"a": {"__proto__": 2}}]';
    const plain = toPlain(value(text)) as Array<Record<string, unknown>>;
    assert.deepStrictEqual(plain, JSON.parse(text));
    assert.deepEqual(Object.keys(plain[0] ?? {}), ['__proto__']);
    assert.equal(Object.getPrototypeOf(plain[0]), Object.prototype);
  });

  it('round-trips every JSON.stringify output to the same plain value', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (v) => {
        const text = JSON.stringify(v);
        assert.deepStrictEqual(toPlain(value(text)), JSON.parse(text));
      }),
      { numRuns: 500 },
    );
  });

  const fragment = fc.constantFrom('[', ']', '{', '}', '"', '"name"', ':', ',', ' ', '\n', '\\', '\\u', 'd800', '1', '-', '.', 'e', 'NaN', 'Infinity', 'null', 'tru', '\u0001', 'é', '\ud800', '```');
  const jsonish = fc.array(fragment, { maxLength: 30 }).map((parts) => parts.join(''));

  it('never throws, and failure offsets lie inside the text', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary' }), jsonish), fc.nat(), (text, start) => {
        for (const result of [parsePythonJson(text), rawDecode(text, start % (text.length + 1))]) {
          if (!result.ok) assert.ok(result.offset >= 0 && result.offset <= text.length, `offset ${result.offset}`);
        }
      }),
      { numRuns: 2000 },
    );
  });

  // The real thing, where python3 exists: same verdict, message, offset and (re-dumped) value.
  const python = spawnSync('python3', ['-c', 'print(1)'], { encoding: 'utf8' });
  const skip = python.status === 0 ? false : 'python3 is not installed here: the differential test needs it';
  it('agrees with Python json.loads on 1,500 JSON-ish texts', { skip }, () => {
    const script = `
import json, sys
out = []
for text in json.load(sys.stdin):
    try:
        out.append({"ok": True, "dumps": json.dumps(json.loads(text))})
    except json.JSONDecodeError as e:
        out.append({"ok": False, "message": e.msg, "offset": e.pos, "raises": "JSONDecodeError"})
    except (ValueError, RecursionError) as e:
        out.append({"ok": False, "raises": type(e).__name__})
json.dump(out, sys.stdout)
`;
    const texts = fc.sample(jsonish, { numRuns: 1500, seed: 4242 });
    const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8', maxBuffer: 1 << 26 });
    assert.equal(run.status, 0, run.stderr);
    const expected = JSON.parse(run.stdout) as Array<Record<string, unknown>>;
    texts.forEach((text, i) => {
      const ours = parsePythonJson(text);
      const mine = ours.ok
        ? { ok: true, dumps: pyJsonDumps(ours.value) }
        : ours.raises === 'JSONDecodeError' ? { ok: false, message: ours.message, offset: ours.offset, raises: ours.raises } : { ok: false, raises: ours.raises };
      assert.deepEqual(mine, expected[i], `text ${JSON.stringify(text)}`);
    });
  });
});
