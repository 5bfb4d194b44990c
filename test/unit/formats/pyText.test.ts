import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import { JsonNumber } from '../../../src/core/json/jsonValue';
import { readJsonDocument } from '../../../src/core/json/readJsonDocument';
import { pyRepr, pyReprString, pyStr } from '../../../src/core/formats/pyRepr';
import { isPyWhitespace, pyStrip } from '../../../src/core/python/pyStrip';

void describe('pyReprString', () => {
  const cases: Array<[string, string]> = [
    ['abc', "'abc'"],
    ["it's", `"it's"`],
    [`it's "x"`, `'it\\'s "x"'`],
    ['say "hi"', `'say "hi"'`],
    ['a\\b', "'a\\\\b'"],
    ['l1\nl2\r\tx', "'l1\\nl2\\r\\tx'"],
    ['\x00\x1b\x7f', "'\\x00\\x1b\\x7f'"],
    ['\x85\xa0é', "'\\x85\\xa0é'"],
    ['日本 😀', "'日本 😀'"],
    ['\u200b\u2028\ufeff', "'\\u200b\\u2028\\ufeff'"],
    ['\ud800', "'\\ud800'"],
    ['\u{e0001}', "'\\U000e0001'"],
  ];
  for (const [input, expected] of cases) {
    void it(`repr(${JSON.stringify(input)}) is ${expected}`, () => assert.equal(pyReprString(input), expected));
  }
});

void describe('pyRepr and pyStr of JSON values', () => {
  void it('writes a dict as Python does, order kept, floats and constants in Python spelling', () => {
    const value = readJsonDocument('{"role": "system", "7": [1.0, 1e5, 1e-5, 12345678901234567890, true, false, null], "b": {}}').value;
    assert.equal(pyRepr(value), "{'role': 'system', '7': [1.0, 100000.0, 1e-05, 12345678901234567890, True, False, None], 'b': {}}");
    assert.equal(pyRepr([new JsonNumber('NaN'), new JsonNumber('Infinity'), new JsonNumber('-Infinity')]), '[nan, inf, -inf]');
  });

  void it('str() keeps strings raw and reprs the rest; a missing value is ""', () => {
    const list = readJsonDocument('[{"type": "text", "text": "hi"}]').value;
    assert.equal(pyStr('a\'b'), "a'b");
    assert.equal(pyStr(null), 'None');
    assert.equal(pyStr(list), "[{'type': 'text', 'text': 'hi'}]");
    assert.equal(pyStr(undefined), '');
  });
});

void describe('pyStrip (Python str.strip whitespace)', () => {
  void it('strips U+001C–U+001F and U+0085, which JS trim keeps', () => {
    assert.equal(pyStrip('\x1c\x1d x \x1e\x1f\x85'), 'x');
    assert.notEqual('\x1cx\x85'.trim(), 'x');
  });

  void it('keeps U+FEFF, which JS trim strips', () => {
    assert.equal(pyStrip('\ufeffx\ufeff'), '\ufeffx\ufeff');
    assert.equal('\ufeffx'.trim(), 'x');
  });

  void it('strips the Unicode spaces both agree on', () => {
    assert.equal(pyStrip('\t\n\v\f\r \xa0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000x\u3000'), 'x');
    assert.equal(pyStrip('\u200bx'), '\u200bx');
    assert.equal(pyStrip('   '), '');
  });
});

/** Against the real Python where it exists (CI has python3); elsewhere the suite says why it skipped. */
const havePython = spawnSync('python3', ['-c', 'print(1)'], { encoding: 'utf8' }).status === 0;

void describe('pyReprString and pyStrip equal Python', { skip: havePython ? false : 'python3 is not installed here' }, () => {
  void it('on every character class that matters, alone and in mixes', () => {
    // Long-assigned characters only: Python's Unicode tables may lag the JS engine's (see pyRepr.ts).
    const chars = ["'", '"', '\\', '\n', '\r', '\t', '\x00', '\x07', '\x1c', '\x1f', ' ', 'a', '\x7f', '\x80', '\x85', '\x9f', '\xa0', 'é', 'ß',
      '\u0378', '\u1680', '\u200b', '\u200e', '\u2028', '\u2029', '\u3000', '\ud7ff', '\ud800', '\udfff', '\ue000', '\ufeff', '\uffff', '日', '😀', '\u{e0001}', '\u{10ffff}'];
    const texts = [...chars, ...chars.map((c, i) => `${c}x${chars[(i * 7) % chars.length] ?? ''} ${chars[(i * 11) % chars.length] ?? ''}`), "a'b\"c", "only'single"];
    const script = 'import json,sys\nts=json.load(sys.stdin)\njson.dump([[repr(t), t.strip(), [c.isspace() for c in t]] for t in ts], sys.stdout)';
    const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(texts), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const expected = JSON.parse(run.stdout) as Array<[string, string, boolean[]]>;
    texts.forEach((text, i) => {
      const [repr, stripped, spaces] = expected[i] as [string, string, boolean[]];
      assert.equal(pyReprString(text), repr, `repr of ${JSON.stringify(text)}`);
      assert.equal(pyStrip(text), stripped, `strip of ${JSON.stringify(text)}`);
      assert.deepEqual([...text].map((c) => isPyWhitespace(c.codePointAt(0) as number)), spaces);
    });
  });

  void it('isPyWhitespace matches str.isspace over the whole BMP', () => {
    const run = spawnSync('python3', ['-c', 'import json;print(json.dumps([c for c in range(0x10000) if chr(c).isspace()]))'], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const expected = JSON.parse(run.stdout) as number[];
    const ours = Array.from({ length: 0x10000 }, (_, c) => c).filter(isPyWhitespace);
    assert.deepEqual(ours, expected);
  });
});
