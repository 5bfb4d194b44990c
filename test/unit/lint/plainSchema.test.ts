import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { isJsonObject } from '../../../src/core/json/jsonValue';
import { Locator, parseJsonTree } from '../../../src/core/lint/jsonTree';
import { META_VALIDATORS } from '../../../src/core/lint/metaValidators';
import { Reporter } from '../../../src/core/lint/reporter';
import { walkSchema } from '../../../src/core/lint/schemaRules';

/** The schema walk's verdict on a schema given as JSON text. */
function plain(text: string): boolean {
  const parsed = parseJsonTree(text);
  assert.ok(parsed.ok && isJsonObject(parsed.tree.value));
  const rep = new Reporter(text, { budgetMs: Infinity });
  return walkSchema({ text, rep, loc: new Locator(parsed.tree), base: [] }, parsed.tree.value).plain;
}

const KEYWORDS = ['type', 'description', 'title', '$comment', '$schema', 'format', 'pattern', '$ref', 'default', 'const', 'enum', 'examples', 'minimum', 'maximum', 'minLength', 'maxLength', 'minItems', 'maxItems', 'minProperties', 'maxProperties', 'required', 'properties', '$defs', 'definitions', 'items', 'additionalProperties', 'not', 'anyOf', 'oneOf', 'allOf'];
/** Keywords a plain schema never has: each makes the node not plain. */
const OTHERS = ['$id', '$anchor', 'dependencies', 'prefixItems', 'patternProperties', 'exclusiveMinimum', 'multipleOf', 'uniqueItems', 'if', 'contains', 'x-note'];
const NUMBERS = ['0', '-0', '1', '1.0', '1.5', '-1', '1e2', '1E-2', '12345678901234567890', '-0.0'];
const STRINGS = ['string', 'integer', 'number', 'object', 'array', 'boolean', 'null', 'int', '', '#/$defs/a', '^[a-z]+$', '(', 'email'];

/** Schema-shaped JSON text: keywords (mostly known) with values of every kind, nested. */
const { node } = fc.letrec<{ node: string; value: string }>((tie) => ({
  node: fc
    .uniqueArray(fc.tuple(fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...KEYWORDS) }, { weight: 1, arbitrary: fc.constantFrom(...OTHERS) }), tie('value')), { maxLength: 5, selector: ([key]) => key })
    .map((entries) => `{${entries.map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`),
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...STRINGS).map((s) => JSON.stringify(s)),
    fc.constantFrom(...NUMBERS),
    fc.constantFrom('true', 'false', 'null'),
    fc.array(fc.constantFrom(...STRINGS).map((s) => JSON.stringify(s)), { maxLength: 3 }).map((items) => `[${items.join(',')}]`),
    fc.array(tie('node'), { maxLength: 2 }).map((items) => `[${items.join(',')}]`),
    tie('node'),
    fc.dictionary(fc.constantFrom('a', 'b', 'é', '__proto__'), tie('node'), { maxKeys: 2 }).map((map) => `{${Object.entries(map).map(([key, value]) => `${JSON.stringify(key)}:${value}`).join(',')}}`),
  ),
}));

describe('plain schemas (meta-validation skipped)', () => {
  it('are meta-valid in draft-07 and 2020-12, by the generated validators', () => {
    let plainCount = 0;
    let otherCount = 0;
    fc.assert(
      fc.property(node, (text) => {
        if (!plain(text)) {
          otherCount++;
          return;
        }
        plainCount++;
        for (const dialect of ['draft-07', '2020-12'] as const) {
          const validate = META_VALIDATORS[dialect];
          assert.ok(validate(JSON.parse(text)), `${dialect} rejects ${text}: ${JSON.stringify(validate.errors)}`);
        }
      }),
      { numRuns: 3000, seed: 7 },
    );
    // Both verdicts occur often enough for the property to mean something.
    assert.ok(plainCount > 300 && otherCount > 300, `${plainCount} plain, ${otherCount} not`);
  });

  it('a doubtful value or another keyword is not plain', () => {
    assert.equal(plain('{"type":"object","properties":{"a":{"type":"string","maxLength":20}},"required":["a"]}'), true);
    for (const text of ['{"enum":[]}', '{"enum":[1,1.0]}', '{"enum":[{}]}', '{"type":"int"}', '{"type":["string","string"]}', '{"required":["a","a"]}', '{"minLength":1.5}', '{"minLength":-1}', '{"items":[{}]}', '{"properties":{"a":1}}', '{"$id":"x"}', '{"properties":{"a":{"x-note":1}}}', '{"minimum":"1"}']) {
      assert.equal(plain(text), false, text);
    }
  });
});
