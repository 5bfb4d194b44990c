import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { buildToolsGrammar } from '../../../src/core/grammar/toolsGrammar';
import { parseToolsText } from '../../../src/core/loadInputs';
import { leftRecursiveRules } from '../../support/gbnfCheck';
import { LEFT_RECURSIVE_SCHEMAS, withDefs } from '../../support/leftRecursiveSchemas';

const tools = (parameters: object) => parseToolsText(JSON.stringify([{ name: 'f', description: 'd', parameters }]));
describe('the grammar compiler never writes a left-recursive rule', () => {
  it('the oracle sees left recursion where there is some', () => {
    assert.deepEqual(leftRecursiveRules('a ::= b | "x"\nb ::= "y"? a\nc ::= "{" c? "}"\n'), ['a', 'b']);
  });

  for (const [name, parameters] of Object.entries(LEFT_RECURSIVE_SCHEMAS)) {
    it(`${name}: no left recursion, and the reference is reported as not enforced`, () => {
      const built = buildToolsGrammar(tools(parameters), 'xlam2');
      assert.deepEqual(leftRecursiveRules(built.gbnf), [], built.gbnf);
      assert.ok(built.dropped.some((d) => /left-recursive rule llama\.cpp refuses/.test(d.keyword)), JSON.stringify(built.dropped));
    });
  }

  it('recursion through an object or array stays recursive (and is not reported)', () => {
    const parameters = withDefs({ $ref: '#/$defs/N' }, { N: { anyOf: [{ type: 'object', properties: { next: { $ref: '#/$defs/N' } } }, { type: 'array', items: { $ref: '#/$defs/N' } }] } });
    const built = buildToolsGrammar(tools(parameters), 'xlam2');
    assert.deepEqual(leftRecursiveRules(built.gbnf), []);
    assert.deepEqual(built.dropped, []);
    assert.equal(built.maxOutputChars, Infinity);
  });

  it('random webs of $ref, anyOf, arrays and objects compile without left recursion', () => {
    const names = ['A', 'B', 'C', 'D'];
    const schema: fc.Memo<object> = fc.memo((n): fc.Arbitrary<object> =>
      n <= 1
        ? fc.oneof<fc.Arbitrary<object>[]>(fc.constantFrom(...names).map((d) => ({ $ref: `#/$defs/${d}` })), fc.constant({ type: 'string' }), fc.constant({ enum: [1, 2] }))
        : fc.oneof<fc.Arbitrary<object>[]>(
            fc.constantFrom(...names).map((d) => ({ $ref: `#/$defs/${d}` })),
            fc.array(schema(n - 1), { minLength: 1, maxLength: 3 }).map((anyOf) => ({ anyOf })),
            schema(n - 1).map((items) => ({ type: 'array', items })),
            schema(n - 1).map((p) => ({ type: 'object', properties: { p } })),
          ),
    );
    const runs = Number(process.env.FUZZ_RUNS ?? 200);
    fc.assert(
      fc.property(fc.tuple(schema(3), schema(3), schema(3), schema(3), schema(3)), ([x, ...defs]) => {
        const built = buildToolsGrammar(tools(withDefs(x, Object.fromEntries(names.map((d, i) => [d, defs[i]])))), 'xlam2');
        assert.deepEqual(leftRecursiveRules(built.gbnf), [], built.gbnf);
      }),
      { numRuns: runs, seed: 15 },
    );
  });
});
