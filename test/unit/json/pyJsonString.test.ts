import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { JsonNumber, JsonObject } from '../../../src/core/json/jsonValue';
import { pyJsonDumps } from '../../../src/core/json/pyJsonDumps';
import { isPlainJsonText, pyJsonString } from '../../../src/core/json/pyJsonString';
import { readJsonDocument } from '../../../src/core/json/readJsonDocument';

/**
 * The string fast path (plain text copied between quotes) and the hand-written escaper behind it,
 * at the edges where Python's two escape sets differ from each other and from JSON.stringify.
 * Expected texts were printed by Python 3's json.dumps (ensure_ascii True, then False).
 */
const CASES: Array<[string, string, string]> = [
  ['plain words', '"plain words"', '"plain words"'],
  ['', '""', '""'],
  ['say "hi"', '"say \\"hi\\""', '"say \\"hi\\""'],
  ['back\\slash', '"back\\\\slash"', '"back\\\\slash"'],
  ['\b\f\n\r\t', '"\\b\\f\\n\\r\\t"', '"\\b\\f\\n\\r\\t"'],
  ['\u0000\u0001\u001f', '"\\u0000\\u0001\\u001f"', '"\\u0000\\u0001\\u001f"'],
  [' ~', '" ~"', '" ~"'],
  // DEL: escaped by ESCAPE_ASCII only; JSON.stringify never escapes it.
  ['\u007f', '"\\u007f"', '"\u007f"'],
  ['größe', '"gr\\u00f6\\u00dfe"', '"größe"'],
  ['日本', '"\\u65e5\\u672c"', '"日本"'],
  ['😀', '"\\ud83d\\ude00"', '"😀"'],
  // Lone surrogates: escaped with ensure_ascii, raw without (JSON.stringify would escape them).
  ['\ud800', '"\\ud800"', '"\ud800"'],
  ['a\udc00b', '"a\\udc00b"', '"a\udc00b"'],
  ['x"\n\u007fé\ud800y', '"x\\"\\n\\u007f\\u00e9\\ud800y"', '"x\\"\\n\u007fé\ud800y"'],
  ['</script>', '"</script>"', '"</script>"'],
];

describe('pyJsonString edge cases (Python-printed expectations)', () => {
  for (const [text, ascii, raw] of CASES) {
    it(`${JSON.stringify(text)}: ensure_ascii ${ascii}, raw ${JSON.stringify(raw)}`, () => {
      assert.equal(pyJsonString(text, true), ascii);
      assert.equal(pyJsonString(text, false), raw);
      // Inside a dump, as a value and as a key (the writer's own paths and its key memo).
      assert.equal(pyJsonDumps([text, new JsonObject([[text, text]])]), `[${ascii}, {${ascii}: ${ascii}}]`);
      assert.equal(pyJsonDumps([text, new JsonObject([[text, text]])], { ensureAscii: false }), `[${raw}, {${raw}: ${raw}}]`);
    });
  }

  it('takes the fast path exactly when nothing needs escaping', () => {
    assert.equal(isPlainJsonText('Record id 0-9 ~ {x}', true), true);
    assert.equal(isPlainJsonText('a"b', true), false);
    assert.equal(isPlainJsonText('a\\b', false), false);
    assert.equal(isPlainJsonText('\u001f', false), false);
    assert.equal(isPlainJsonText('\u007f', true), false);
    assert.equal(isPlainJsonText('\u007f', false), true);
    assert.equal(isPlainJsonText('é\ud800', false), true);
  });

  it('writes a key repeated across objects the same each time, escaped keys included', () => {
    const item = (n: string) => new JsonObject([['type', 'string'], ['dé"f', new JsonNumber(n)]]);
    assert.equal(pyJsonDumps([item('1.0'), item('1e5'), item('12345678901234567890')]), '[{"type": "string", "d\\u00e9\\"f": 1.0}, {"type": "string", "d\\u00e9\\"f": 100000.0}, {"type": "string", "d\\u00e9\\"f": 12345678901234567890}]');
    assert.equal(pyJsonDumps([item('-0'), item('2.5e-7')], { indent: 1, separators: [',', ':'] }), '[\n {\n  "type":"string",\n  "d\\u00e9\\"f":0\n },\n {\n  "type":"string",\n  "d\\u00e9\\"f":2.5e-07\n }\n]');
  });
});

const havePython = spawnSync('python3', ['-c', 'print(1)'], { encoding: 'utf8' }).status === 0;

// Strings dense in the units where the escape rules change: controls, quote, backslash, DEL,
// Latin-1, BMP, and both surrogate halves on their own and paired.
const edgeUnit = fc.constantFrom('a', ' ', '~', '"', '\\', '\n', '\b', '\u0000', '\u001f', '\u007f', '\u0080', 'é', '\u2028', '日', '\ud83d', '\ude00', '\uffff');
const edgeString = fc.array(fc.oneof(edgeUnit, fc.string({ maxLength: 3 })), { maxLength: 12 }).map((parts) => parts.join(''));

describe('pyJsonString equals Python on random edge strings', { skip: havePython ? false : 'python3 is not installed here: the differential test needs it' }, () => {
  it('on 500 strings, with and without ensure_ascii, as values and as keys', () => {
    const strings = fc.sample(edgeString, { numRuns: 500, seed: 20261206 });
    // Python reads the strings from JSON (lone surrogates arrive as \udxxx) and returns its
    // dumps inside an ASCII JSON array, so nothing is lost on the way back.
    const script = 'import json, sys\nss = json.load(sys.stdin)\njson.dump([[json.dumps(s), json.dumps(s, ensure_ascii=False), json.dumps({s: [s]})] for s in ss], sys.stdout)';
    const run = spawnSync('python3', ['-c', script], { input: JSON.stringify(strings), encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const expected = JSON.parse(run.stdout) as Array<[string, string, string]>;
    strings.forEach((text, i) => {
      const [ascii, raw, keyed] = expected[i] as [string, string, string];
      assert.equal(pyJsonString(text, true), ascii, `ensure_ascii, case ${i}: ${JSON.stringify(text)}`);
      assert.equal(pyJsonString(text, false), raw, `raw, case ${i}: ${JSON.stringify(text)}`);
      assert.equal(pyJsonDumps(readJsonDocument(JSON.stringify({ [text]: [text] })).value), keyed, `as key, case ${i}`);
    });
  });
});
