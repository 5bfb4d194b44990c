import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintCallsText, lintToolsText, type Diagnostic } from '../../../src/core/lint';
import { saysRequired } from '../../../src/core/lint/paramRules';

const noTools = () => undefined;
/** [code, exact source text, message] of the diagnostics with one of `codes`. */
const show = (text: string, ds: Diagnostic[], codes: string[]) => ds.filter((d) => codes.includes(d.code)).map((d) => [d.code, text.slice(d.range.start.offset, d.range.end.offset), d.message]);
const DESCRIPTION = 'Search the catalogue for products';

describe('schema-invalid under 2020-12', () => {
  const lint = (parameters: object) => {
    const text = JSON.stringify([{ name: 'f', description: DESCRIPTION, parameters: { $schema: 'https://json-schema.org/draft/2020-12/schema', type: 'object', ...parameters } }], null, 1);
    return { text, ds: lintToolsText(text) };
  };

  it('one diagnostic per failing node, not one per meta-schema route', () => {
    const { text, ds } = lint({ properties: { c: 5 } });
    assert.deepEqual(show(text, ds, ['schema-invalid']), [['schema-invalid', '5', '"c" must be a schema (an object, or true or false)']]);
  });

  it('each keyword error at its value, once', () => {
    const { text, ds } = lint({ properties: { a: { type: 'strin' }, b: { type: 'integer', minimum: 'x' }, c: { type: 'array', items: 3 } }, required: 'a' });
    assert.deepEqual(show(text, ds, ['schema-invalid']), [
      ['schema-invalid', '"strin"', '"type" must be one of array, boolean, integer, null, number, object or string (or an array of them)'],
      ['schema-invalid', '"x"', '"minimum" must be number'],
      ['schema-invalid', '3', '"items" must be a schema (an object, or true or false)'],
      ['schema-invalid', '"a"', '"required" must be array'],
    ]);
  });

  it('a valid 2020-12 schema (prefixItems, $defs, dependentRequired) has no schema-invalid', () => {
    const { ds } = lint({ properties: { p: { type: 'array', prefixItems: [{ type: 'string' }], description: 'A pair of values' } }, $defs: { x: { type: 'string' } }, dependentRequired: { p: [] }, required: ['p'] });
    assert.deepEqual(ds.filter((d) => d.code === 'schema-invalid' || d.code === 'schema-dialect'), []);
  });
});

describe('flat xlam-60k tools: enum and defaults are checked', () => {
  const flat = (spec: object) => {
    const text = JSON.stringify([{ name: 'search', description: DESCRIPTION, parameters: { tags: { description: 'Tags that must all match', ...spec } } }], null, 1);
    return { text, ds: lintToolsText(text) };
  };

  it('a List[int] default of [1.5] at the item; an enum value of the wrong type; a default outside the enum', () => {
    let { text, ds } = flat({ type: 'List[int]', default: [1, 1.5] });
    assert.deepEqual(show(text, ds, ['default-mismatch']), [['default-mismatch', '1.5', 'default[1] of the default 1.5 (float) is not integer (type "List[int]")']]);
    ({ text, ds } = flat({ type: 'str', enum: ['a', 2] }));
    assert.deepEqual(show(text, ds, ['enum-type-mismatch']), [['enum-type-mismatch', '2', 'enum value 2 (integer) is not string (type "str")']]);
    ({ text, ds } = flat({ type: 'str, optional', enum: ['a', 'b'], default: 'c' }));
    assert.deepEqual(show(text, ds, ['default-mismatch']), [['default-mismatch', '"c"', 'default "c" (string) is not one of the enum values']]);
  });

  it('no diagnostics for a matching default and enum, nor for a null default', () => {
    for (const spec of [{ type: 'List[int]', default: [1, 2] }, { type: 'str, optional', enum: ['a', 'b'], default: 'a' }, { type: 'Optional[List[str]]', default: null }]) {
      const { ds } = flat(spec);
      assert.deepEqual(ds.filter((d) => d.code === 'default-mismatch' || d.code === 'enum-type-mismatch'), [], JSON.stringify(spec));
    }
  });

  it('JSON Schema defaults are checked inside arrays and objects too', () => {
    const text = JSON.stringify(
      [{ name: 'f', description: DESCRIPTION, parameters: { type: 'object', properties: { ids: { type: 'array', items: { type: 'integer' }, default: [1, 2.5], description: 'Record ids' }, o: { type: 'object', properties: { n: { type: 'number' } }, default: { n: 'x' }, description: 'Options' } }, required: [] } }],
      null,
      1,
    );
    assert.deepEqual(show(text, lintToolsText(text), ['default-mismatch']), [
      ['default-mismatch', '2.5', 'default[1] of the default 2.5 (float) is not integer'],
      ['default-mismatch', '"x"', 'default.n of the default "x" (string) is not number'],
    ]);
  });
});

describe('fc-v1-loss, tool keys, required', () => {
  it('fc-v1-loss names every nested $ref, each at its own $ref', () => {
    const text = JSON.stringify(
      [{ name: 'f', description: DESCRIPTION, parameters: { type: 'object', properties: { a: { $ref: '#/$defs/A' }, b: { type: 'array', items: { $ref: '#/$defs/B' } } }, required: ['a', 'b'], $defs: { A: { type: 'string' }, B: { type: 'integer' } } } }],
      null,
      1,
    );
    const refs = show(text, lintToolsText(text), ['fc-v1-loss']).filter(([, source]) => source?.startsWith('"#'));
    assert.deepEqual(refs, [
      ['fc-v1-loss', '"#/$defs/A"', 'fc v1 drops this: "$ref": "#/$defs/A" is passed as text; the model never sees its target'],
      ['fc-v1-loss', '"#/$defs/B"', 'fc v1 drops this: "$ref": "#/$defs/B" is passed as text; the model never sees its target'],
    ]);
  });

  it('a __proto__ tool key, and keys outside "function", are said to be ignored', () => {
    const text = `[{"name": "f", "description": "${DESCRIPTION}", "__proto__": {"name": "admin"}, "strict": true}, {"type": "function", "function": {"name": "g", "description": "${DESCRIPTION}"}, "id": 3}]`;
    assert.deepEqual(show(text, lintToolsText(text), ['tool-key-unknown', 'tool-key-typo']), [
      ['tool-key-unknown', '"__proto__"', '"__proto__" is not a tool key, so it is ignored as one: fc v1 and general v1 drop it, xLAM-2 shows it to the model as written (and JavaScript code that copies tools with Object.assign makes it the prototype)'],
      ['tool-key-unknown', '"strict"', '"strict" is not a tool key, so it is ignored as one: fc v1 and general v1 drop it, xLAM-2 shows it to the model as written'],
      ['tool-key-unknown', '"id"', '"id" is outside "function": every format drops it'],
    ]);
  });

  it('required-unlisted: a parameter described as required that "required" leaves out, with the add-required fix', () => {
    const text = JSON.stringify([{ name: 'f', description: DESCRIPTION, parameters: { type: 'object', properties: { a: { type: 'string', description: 'The account id (required)' }, b: { type: 'string', description: 'Only required if a is empty' } }, required: [] } }]);
    const ds = lintToolsText(text).filter((d) => d.code === 'required-unlisted');
    assert.deepEqual(show(text, ds, ['required-unlisted']), [['required-unlisted', '"The account id (required)"', 'the description of "a" says it is required, but "required" does not list it']]);
    assert.deepEqual([ds[0]?.data, ds[0]?.relatedPath], [{ fix: 'add-required', names: ['a'] }, [0, 'parameters', 'properties']]);
    assert.deepEqual(['Required.', 'City name, required', 'Not required', 'required-field marker', 'Optional; required by v1', 'required when booking'].map(saysRequired), [true, true, false, false, false, false]);
  });
});

describe('calls against a tool whose schema cannot be used', () => {
  const TOOL = { name: 'get_weather', description: 'Get the current weather for a city' };

  it('a self-referencing schema: the call says its arguments were not checked, at the call name', () => {
    for (const [parameters, why] of [
      [{ $ref: '#' }, /could not be checked against its schema: validation failed/],
      [{ type: 'object', properties: { a: { $ref: '#/properties/a' } } }, /are not checked against its schema: tool "get_weather"'s parameters do not compile/],
    ] as const) {
      const line = JSON.stringify({ tools: [{ ...TOOL, parameters }], format: 'xlam2-qwen', calls: [{ name: 'get_weather', arguments: { a: 1 } }] });
      const d = lintCallsText(line, 'a.calls.jsonl', noTools).find((x) => x.code === 'call-args-unchecked');
      assert.ok(d, JSON.stringify(parameters));
      assert.equal(line.slice(d.range.start.offset, d.range.end.offset), '"get_weather"');
      assert.match(d.message, why);
    }
  });
});
