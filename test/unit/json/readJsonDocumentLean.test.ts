import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { InputError } from '../../../src/core/errors';
import { isJsonObject, type JsonValue } from '../../../src/core/json/jsonValue';
import { pyJsonDumps } from '../../../src/core/json/pyJsonDumps';
import { locatePath, readJsonDocument, type JsonDocument } from '../../../src/core/json/readJsonDocument';
import { readJsonDocumentLean } from '../../../src/core/json/readJsonDocumentLean';

const EXAMPLES = join(__dirname, '../../../../examples');

/** Every container's span, in document order. */
function spans(doc: JsonDocument, value: JsonValue = doc.value, out: string[] = []): string[] {
  if (Array.isArray(value) || isJsonObject(value)) {
    const node = doc.nodes.get(value);
    out.push(`${node?.type}@${node?.offset}+${node?.length}`);
    for (const child of Array.isArray(value) ? value : value.entries().map(([, v]) => v)) spans(doc, child, out);
  }
  return out;
}

describe('readJsonDocumentLean (big suites): what readJsonDocument reads, without keeping the syntax tree', () => {
  const texts = [
    ...readdirSync(EXAMPLES).filter((f) => f.endsWith('.json')).map((f) => readFileSync(join(EXAMPLES, f), 'utf8')),
    '\ufeff{"a": [1, 2.0, -3e5, 12345678901234567890], "b": {"1": null, "0": true, "1": false}, "c": "x\\u00e9\\n"}',
    '[]',
    '"just a string"',
  ];

  it('the same values (order, duplicate keys, number lexemes) and the same container spans', () => {
    for (const text of texts) {
      const full = readJsonDocument(text, 'f.json');
      const lean = readJsonDocumentLean(text, 'f.json');
      assert.equal(pyJsonDumps(lean.value), pyJsonDumps(full.value));
      assert.deepEqual(spans(lean), spans(full));
      assert.equal(lean.file, 'f.json');
    }
  });

  it('locations of paths come from the tree, made when asked; invalid JSON is the same located error', () => {
    const text = '{\n  "cases": [\n    {"id": 1}\n  ]\n}';
    assert.deepEqual(locatePath(readJsonDocumentLean(text, 'f.json'), ['cases', 0, 'id']), locatePath(readJsonDocument(text, 'f.json'), ['cases', 0, 'id']));
    for (const bad of ['{"a": 1,}', '{"a": // c\n 1}', '', '[1, 2', '{"a" 1}']) {
      const message = (read: () => unknown): string => {
        try {
          read();
        } catch (error) {
          assert.ok(error instanceof InputError);
          return error.describe();
        }
        return 'no error';
      };
      assert.equal(message(() => readJsonDocumentLean(bad, 'b.json')), message(() => readJsonDocument(bad, 'b.json')));
      assert.notEqual(message(() => readJsonDocumentLean(bad, 'b.json')), 'no error');
    }
  });
});
