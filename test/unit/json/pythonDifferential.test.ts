import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { pyJsonDumps } from '../../../src/core/json/pyJsonDumps';
import { readJsonDocument } from '../../../src/core/json/readJsonDocument';

/**
 * Differential test against the real thing: Python's json.dumps over json.loads of the same
 * text. Runs where python3 exists (CI has it); elsewhere it says why it did not run.
 */
const python = spawnSync('python3', ['-c', 'print(1)'], { encoding: 'utf8' });
const havePython = python.status === 0;

const PY_SCRIPT = `
import json, sys
cases = json.load(sys.stdin)
out = []
for text, indent, ascii in cases:
    out.append(json.dumps(json.loads(text), indent=indent, ensure_ascii=ascii))
json.dump(out, sys.stdout)
`;

// JSON texts with the things that differ between JS and Python: key order, floats, non-ASCII.
const numberLexeme = fc.oneof(
  fc.integer({ min: -1e9, max: 1e9 }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? '-0.0' : String(n))),
  fc.tuple(fc.integer({ min: 1, max: 9 }), fc.integer({ min: -30, max: 30 })).map(([m, e]) => `${m}e${e}`),
  fc.tuple(fc.integer({ min: 0, max: 999 }), fc.integer({ min: 0, max: 99 })).map(([i, f]) => `${i}.${f}`),
);
const key = fc.oneof(fc.string({ maxLength: 6 }), fc.integer({ min: 0, max: 99 }).map(String), fc.constantFrom('é', '日本', '😀', 'a"b', 'a\\b'));
const { json } = fc.letrec<{ json: string }>((tie) => ({
  json: fc.oneof(
    { depthSize: 'small' },
    numberLexeme,
    fc.string({ unit: 'binary', maxLength: 8 }).map((s) => JSON.stringify(s)),
    fc.constantFrom('true', 'false', 'null'),
    fc.array(tie('json'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc.array(fc.tuple(key, tie('json')), { maxLength: 4 }).map((pairs) => `{${pairs.map(([k, v]) => `${JSON.stringify(k)}: ${v}`).join(', ')}}`),
  ),
}));

describe('pyJsonDumps equals Python json.dumps', { skip: havePython ? false : 'python3 is not installed here: the differential test needs it' }, () => {
  it('on 400 random JSON texts, compact and indented, with and without ensure_ascii', () => {
    const cases = fc.sample(fc.tuple(json, fc.constantFrom(null, 2, 4), fc.boolean()), { numRuns: 400, seed: 20261123 });
    const run = spawnSync('python3', ['-c', PY_SCRIPT], { input: JSON.stringify(cases), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
    assert.equal(run.status, 0, run.stderr);
    const expected = JSON.parse(run.stdout) as string[];
    cases.forEach(([text, indent, ascii], i) => {
      const ours = pyJsonDumps(readJsonDocument(text).value, indent === null ? { ensureAscii: ascii } : { indent, ensureAscii: ascii });
      assert.equal(ours, expected[i], `case ${i}: ${text} indent=${indent} ascii=${ascii}`);
    });
  });
});
