import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import fc from 'fast-check';
import { RuleSet } from '../../../src/core/grammar/gbnf';
import { SchemaCompiler } from '../../../src/core/grammar/schemaToGbnf';
import { fromPlain } from '../../../src/core/json/jsonValue';
import { ajvStats, clearLintCaches, lintCallsText, lintToolsText } from '../../../src/core/lint';

/** Tools whose schemas all differ; every third takes its tags through a plain `$ref`. */
const tool = (i: number) => ({
  name: `tool_${i}`,
  description: `Looks up record ${i} in the catalogue`,
  parameters: {
    type: 'object',
    properties: {
      id: { type: 'integer', description: `Record id in catalogue ${i}`, minimum: 1 },
      tags: i % 3 === 0 ? { $ref: '#/$defs/tags' } : { type: 'array', items: { type: 'string' }, description: 'Tags to match' },
    },
    required: ['id'],
    ...(i % 3 === 0 ? { $defs: { tags: { type: 'array', items: { type: 'string', maxLength: 8 }, description: 'Tags to match' } } } : {}),
  },
});

const TOOLS = JSON.stringify(Array.from({ length: 12 }, (_, i) => tool(i)), null, 2);
const resolveTools = (ref: string) => (ref === 'lab.tools.json' ? TOOLS : undefined);
const callsLine = (calls: Array<{ name: string; arguments: unknown }>) => `${JSON.stringify({ tools: 'lab.tools.json', format: 'xlam2-qwen', calls })}\n`;

/** ajv work done by `run`. */
function work(run: () => void): { compiles: number; metaValidations: number } {
  const before = { ...ajvStats };
  run();
  return { compiles: ajvStats.compiles - before.compiles, metaValidations: ajvStats.metaValidations - before.metaValidations };
}

describe('cold lint: validators are compiled only when something needs them', () => {
  it('a tools-only lint compiles nothing, plain $refs included, and meta-validates each schema once', () => {
    clearLintCaches();
    // The $ref target is checked on its own (it might be ajv's to reject): the 4 tools share it,
    // so it is validated once. The 12 schemas are plain (plainSchema.ts): meta-valid as they are.
    assert.deepEqual(work(() => lintToolsText(TOOLS, 'lab.tools.json')), { compiles: 0, metaValidations: 1 });
    // A keyword no plain schema has: each schema is meta-validated, once.
    const annotated = JSON.stringify(Array.from({ length: 12 }, (_, i) => ({ ...tool(i), parameters: { ...tool(i).parameters, 'x-catalogue': i } })), null, 2);
    assert.deepEqual(work(() => lintToolsText(annotated, 'lab.tools.json')), { compiles: 0, metaValidations: 12 }, 'the $ref target is cached');
    assert.deepEqual(work(() => lintToolsText(`${annotated} `, 'other.tools.json')), { compiles: 0, metaValidations: 0 }, 'cached by schema text');
  });

  it('a calls lint compiles exactly the validators of the tools it calls, once', () => {
    clearLintCaches();
    lintToolsText(TOOLS, 'lab.tools.json');
    const twoTools = callsLine([
      { name: 'tool_1', arguments: { id: 0 } },
      { name: 'tool_3', arguments: { id: 2, tags: ['far too long'] } },
      { name: 'tool_1', arguments: { id: 5 } },
    ]);
    let codes: string[] = [];
    assert.equal(work(() => (codes = lintCallsText(twoTools, 'lab.calls.jsonl', resolveTools).map((d) => d.code))).compiles, 2);
    assert.deepEqual(codes, ['call-arg-constraint', 'call-arg-constraint'], 'both validators ran: minimum, and maxLength through the $ref');
    assert.equal(work(() => lintCallsText(twoTools, 'other.calls.jsonl', resolveTools)).compiles, 0, 'cached by schema hash');
    const noValidation = callsLine([
      { name: 'tool_99', arguments: {} },
      { name: 'tool_4', arguments: 'not an object' },
    ]);
    assert.equal(work(() => lintCallsText(noValidation, 'lab.calls.jsonl', resolveTools)).compiles, 0, 'unknown function, arguments not an object: no validator needed');
  });

  it('a schema ajv may resolve differently is still compiled by the tools lint', () => {
    clearLintCaches();
    const percent = [{ ...tool(0), parameters: { type: 'object', properties: { '%': { type: 'string' }, a: { $ref: '#/properties/%' } } } }];
    let codes: string[] = [];
    assert.equal(work(() => (codes = lintToolsText(JSON.stringify(percent)).map((d) => d.code))).compiles, 1);
    assert.ok(codes.includes('schema-compile'));
  });
});

const OPTIONS = { strict: false, allErrors: true, logger: false, validateSchema: false } as const;
const KEY_CHARS = ['a', 'b', '/', '~', '%', '2', '0', '5', ' ', 'é', '#', '?', '.', '$', '[', ':'];

describe('cold lint: a $ref schema left uncompiled is one ajv compiles', () => {
  it('for property keys and $defs targets of any spelling, either dialect', () => {
    // Caches stay warm between runs (a fresh ajv compiles its meta-schema): a result cached from
    // an earlier compile is ajv's own answer, so the property holds either way.
    clearLintCaches();
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...KEY_CHARS), { maxLength: 5 }).map((chars) => chars.join('')),
        fc.constantFrom('raw', 'pointer', 'uri'),
        fc.constantFrom('properties', '$defs', 'definitions'),
        fc.constantFrom<unknown>({ type: 'string' }, { type: 'strin' }, { type: 5 }, true, false, { items: 3 }, { $ref: '#' }, 'text'),
        fc.boolean(),
        (key, spelling, holder, target, modern) => {
          const pointer = key.replace(/~/g, '~0').replace(/\//g, '~1');
          const written = spelling === 'raw' ? key : spelling === 'pointer' ? pointer : encodeURIComponent(pointer);
          const params: Record<string, unknown> = { type: 'object', properties: { a: { $ref: `#/${holder}/${written}`, description: 'The referring parameter' } } };
          if (modern) params.$schema = 'https://json-schema.org/draft/2020-12/schema';
          if (holder === 'properties') (params.properties as Record<string, unknown>)[key] = target;
          else params[holder] = { [key]: target };
          let errors = 0;
          const done = work(() => (errors = lintToolsText(JSON.stringify([{ name: 'probe', description: 'A probe of $ref spellings for ajv', parameters: params }])).filter((d) => d.severity === 'error').length));
          // Compiled: ajv's answer is the diagnostic. An error: it says why nothing is compiled.
          if (done.compiles > 0 || errors > 0) return;
          const ajv = modern ? new Ajv2020(OPTIONS) : new Ajv(OPTIONS);
          assert.doesNotThrow(() => ajv.compile(JSON.parse(JSON.stringify(params)) as object), JSON.stringify(params));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('cold lint: the grammar gaps come from a drops-only compile', () => {
  const schemaKeys = ['type', 'properties', 'items', 'enum', 'const', 'anyOf', 'oneOf', '$ref', 'required', 'minLength', 'maxItems', 'additionalProperties', 'pattern', 'format', 'minimum', 'description', '$defs'];
  const schema: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom<unknown>(true, {}, { type: 'string' }, { type: 'dict' }, { $ref: '#/$defs/a' }, { $ref: '#' }, { enum: [], type: 'dict' }, { const: 1, minimum: 0 }, { enum: [], items: { pattern: 'x' } }),
      fc.dictionary(fc.constantFrom(...schemaKeys), fc.oneof(tie('node'), tie('map'), fc.array(tie('node'), { maxLength: 3 }), fc.constantFrom<unknown>('object', 'array', 'string', ['string', 'null'], 3, false, '#/$defs/a')), { maxKeys: 5 }),
    ),
    map: fc.dictionary(fc.constantFrom('a', 'b', 'c d'), tie('node'), { maxKeys: 3 }),
  })).node;

  it('drops exactly what the full compile drops, in the same order', () => {
    fc.assert(
      fc.property(schema, (plain) => {
        const root = fromPlain(plain);
        const full = new SchemaCompiler(new RuleSet(), root);
        full.compile(root, '', 'lint');
        const dropsOnly = new SchemaCompiler(new RuleSet(), root, undefined, true);
        dropsOnly.compile(root, '', 'lint');
        assert.deepEqual(dropsOnly.dropped, full.dropped);
      }),
      { numRuns: 500 },
    );
  });
});
