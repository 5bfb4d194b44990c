import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import Ajv, { type ValidateFunction } from 'ajv';
import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { knownFormat } from '../../../src/core/lint/ajvCache';
import { META_VALIDATORS, type Dialect } from '../../../src/core/lint/metaValidators';

const ROOT = resolve(__dirname, '../../../..');
const OPTIONS = { strict: false, allErrors: true, logger: false, validateSchema: false } as const;

/** The meta-schema validator ajv compiles at run time with the lint's options: what the generated code replaces. */
function runtimeValidator(dialect: Dialect): ValidateFunction {
  const ajv = dialect === '2020-12' ? new Ajv2020(OPTIONS) : new Ajv(OPTIONS);
  addFormats(ajv);
  const validate = ajv.getSchema(dialect === '2020-12' ? 'https://json-schema.org/draft/2020-12/schema' : 'http://json-schema.org/draft-07/schema');
  assert.ok(validate);
  return validate;
}

const errorsOf = (validate: (data: unknown) => boolean, errors: () => unknown, schema: unknown) => (validate(schema) ? [] : errors());

describe('meta-schema validators generated ahead of time', () => {
  it('are what scripts/gen-meta-validators.mjs generates from the installed ajv', async () => {
    const script = (await import(pathToFileURL(join(ROOT, 'scripts/gen-meta-validators.mjs')).href)) as { metaValidatorSources: () => Record<string, string> };
    const sources = script.metaValidatorSources();
    assert.deepEqual(Object.keys(sources).sort(), ['draft07.generated.ts', 'draft2020.generated.ts']);
    for (const [file, text] of Object.entries(sources)) {
      assert.ok(readFileSync(join(ROOT, 'src/core/lint/meta', file), 'utf8') === text, `src/core/lint/meta/${file} is stale: run node scripts/gen-meta-validators.mjs`);
    }
  });

  const vocabulary = ['type', 'properties', 'items', 'enum', 'const', 'anyOf', 'oneOf', '$ref', '$id', '$schema', '$anchor', '$defs', 'definitions', 'required', 'minLength', 'maxItems', 'additionalProperties', 'pattern', 'format', 'minimum', 'description', 'default', 'dependencies', 'prefixItems', 'not'];
  const schema: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
    node: fc.oneof(
      { depthSize: 'small', withCrossShrink: true },
      fc.constantFrom<unknown>(true, false, {}, null, 3, 'text', [], { type: 'strin' }, { type: ['string', 'null'] }, { $ref: '#/$defs/a' }, { required: ['a', 'a'] }, { $schema: 'not a uri' }, { $id: '::' }, { $anchor: '1bad' }),
      fc.dictionary(fc.constantFrom(...vocabulary), fc.oneof(tie('node'), fc.array(tie('node'), { maxLength: 3 }), fc.constantFrom<unknown>('object', 'string', -1, 0, 2.5, '#/$defs/a', ['x'], [1, 'x'])), { maxKeys: 5 }),
    ),
  })).node;

  for (const dialect of ['draft-07', '2020-12'] as const) {
    it(`give the errors ajv's run-time compile gives (${dialect})`, () => {
      const runtime = runtimeValidator(dialect);
      const generated = META_VALIDATORS[dialect];
      const same = (value: unknown) =>
        assert.deepEqual(
          errorsOf(generated, () => generated.errors, value),
          errorsOf(runtime, () => runtime.errors, value),
          JSON.stringify(value),
        );
      // Through JSON, as the lint hands schemas over (fast-check's objects may lack a prototype).
      fc.assert(fc.property(schema, (value) => same(JSON.parse(JSON.stringify(value)))), { numRuns: 400 });
      // Every parameters schema of the lint fixtures too.
      const dir = join(ROOT, 'test/fixtures/lint/tools');
      for (const name of readdirSync(dir).filter((file) => file.endsWith('.tools.json'))) {
        let tools: unknown;
        try {
          tools = JSON.parse(readFileSync(join(dir, name), 'utf8'));
        } catch {
          continue; // a fixture of broken JSON
        }
        if (!Array.isArray(tools)) continue;
        for (const tool of tools as Array<{ parameters?: unknown; function?: { parameters?: unknown } }>) same(tool?.parameters ?? tool?.function?.parameters ?? {});
      }
    });
  }

  it('knownFormat knows exactly the formats ajv-formats adds', () => {
    const ajv = new Ajv(OPTIONS);
    addFormats(ajv);
    const names = Object.keys(ajv.formats);
    assert.ok(names.length > 10);
    for (const name of names) assert.ok(knownFormat(name), name);
    for (const name of ['emial', 'constructor', '__proto__', 'toString', '']) assert.equal(knownFormat(name), false, name);
  });
});
