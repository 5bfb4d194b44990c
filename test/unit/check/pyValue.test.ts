import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { perfectMatching } from '../../../src/core/check/matching';
import { looseEquals, pyEquals, pyType, standardizeString } from '../../../src/core/check/pyValue';
import { fromPlain, JsonNumber } from '../../../src/core/json/jsonValue';

const n = (lexeme: string) => new JsonNumber(lexeme);

describe("Python's view of JSON values", () => {
  it('types values as json.loads would', () => {
    assert.deepEqual([n('1'), n('1.0'), n('1e3'), true, 'x', null, [], fromPlain({})].map(pyType), ['int', 'float', 'float', 'bool', 'str', 'NoneType', 'list', 'dict']);
  });

  it('compares like ==: True == 1 == 1.0, big ints exactly, NaN never', () => {
    assert.ok(pyEquals(true, n('1')));
    assert.ok(pyEquals(n('1'), n('1.0')));
    assert.ok(!pyEquals(false, null));
    assert.ok(!pyEquals('1', n('1')));
    assert.ok(!pyEquals(n('12345678901234567890'), n('12345678901234567891')));
    assert.ok(!pyEquals(n('NaN'), n('NaN')));
    // An int and a float compare exactly: 2**53 + 1 is not the double 2**53 it rounds to.
    assert.ok(!pyEquals(n('9007199254740993'), n('9007199254740992.0')));
    assert.ok(pyEquals(n('10000000000000000000000'), n('1e22')));
    assert.ok(!pyEquals(n('1'), n('Infinity')));
    assert.ok(pyEquals(fromPlain({ a: [1, 'x'] }), fromPlain({ a: [n('1.0'), 'x'] })));
    assert.ok(!pyEquals(fromPlain(['A']), fromPlain(['a'])));
    assert.ok(looseEquals(fromPlain({ a: [['New York']] }), fromPlain({ a: [['new-york']] })));
  });

  it('standardises strings as standardize_string does', () => {
    assert.equal(standardizeString("April 1, 2024 / St. Joe's_x-y*z^w"), 'april12024stjoe"sxyzw');
    // Only the ASCII space goes: tabs and other punctuation stay.
    assert.equal(standardizeString('a\tb;c'), 'a\tb;c');
  });
});

describe('perfect matching', () => {
  it('undoes an earlier greedy choice through an augmenting path', () => {
    // Row 0 fits both columns, row 1 only column 0.
    const fits = [[true, true], [true, false]];
    const result = perfectMatching(2, 2, (r, c) => fits[r]?.[c] === true);
    assert.deepEqual(result, { matched: true, colOfRow: [1, 0] });
  });

  it('names the first row that cannot be matched', () => {
    const fits = [[true, false, false], [true, false, false], [false, true, true]];
    assert.deepEqual(perfectMatching(3, 3, (r, c) => fits[r]?.[c] === true), { matched: false, unmatchedRow: 1 });
  });
});
