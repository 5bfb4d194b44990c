import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../../src/core/errors';
import { JsonNumber, JsonObject } from '../../../src/core/json/jsonValue';
import { locatePath, readJsonDocument } from '../../../src/core/json/readJsonDocument';

function errorOf(fn: () => unknown): InputError {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof InputError, `expected InputError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected an error');
}

describe('readJsonDocument', () => {
  it('keeps number lexemes and key order', () => {
    const doc = readJsonDocument('{"b": 1.0, "2": 1e5}');
    assert.ok(doc.value instanceof JsonObject);
    assert.deepEqual(doc.value.keys(), ['b', '2']);
    assert.equal((doc.value.get('b') as JsonNumber).lexeme, '1.0');
    assert.equal((doc.value.get('2') as JsonNumber).lexeme, '1e5');
  });

  it('reports a syntax error with 1-based line and column and the file', () => {
    const error = errorOf(() => readJsonDocument('[\n  {"a": 1,}\n]', 'x.tools.json'));
    assert.equal(error.describe(), 'x.tools.json:2:11: invalid JSON: property name expected');
  });

  it('rejects comments and trailing commas (Python could not read them)', () => {
    assert.match(errorOf(() => readJsonDocument('[1, // c\n 2]')).message, /invalid JSON/);
    assert.match(errorOf(() => readJsonDocument('[1, 2,]')).message, /invalid JSON/);
  });

  it('rejects an empty file with a located error', () => {
    const error = errorOf(() => readJsonDocument('', 'empty.json'));
    assert.equal(error.location?.line, 1);
    assert.equal(error.location?.column, 1);
  });

  it('reports truncated JSON at the end', () => {
    const error = errorOf(() => readJsonDocument('[{"name": "a"', 't.json'));
    assert.equal(error.location?.file, 't.json');
    assert.equal(error.location?.line, 1);
  });

  it('skips a UTF-8 BOM but counts positions in the original text', () => {
    const doc = readJsonDocument('\ufeff[1]');
    assert.deepEqual(doc.value, [new JsonNumber('1')]);
  });

  it('locates a JSON path', () => {
    const doc = readJsonDocument('[\n  1,\n  {"role": "x"}\n]', 'm.json');
    assert.deepEqual(locatePath(doc, [1, 'role']), { file: 'm.json', offset: 18, line: 3, column: 12 });
    // A path that does not exist falls back to its nearest existing parent.
    assert.equal(locatePath(doc, [1, 'missing']).line, 3);
  });
});
