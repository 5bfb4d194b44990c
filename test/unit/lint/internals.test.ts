import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { ajvStats, clearLintCaches, lintKind, lintToolsText } from '../../../src/core/lint';
import { LineIndex } from '../../../src/core/lint/diagnostic';
import { arrayElements } from '../../../src/core/lint/lintTools';
import { compactSlice, editDistance, stringSourceOffset } from '../../../src/core/lint/textUtil';

const ROOT = resolve(__dirname, '../../../..');

const tool = (i: number, minimum = 0) => ({
  type: 'function',
  function: {
    name: `tool_${i}`,
    description: `Looks up record ${i} in the catalogue`,
    parameters: { type: 'object', properties: { id: { type: 'integer', description: 'Record id to look up', minimum }, tag: { type: 'string' } }, required: ['id', 'nope'] },
  },
});

describe('lint internals', () => {
  it('maps a decoded string offset through JSON escapes to the source', () => {
    const text = 'x = "a\\n\\"b\\u00e9c"';
    const span = { offset: 4, length: text.length - 4 };
    const decoded = JSON.parse(text.slice(4)) as string;
    assert.equal(decoded, 'a\n"béc');
    const sourceOf = (i: number) => text[stringSourceOffset(text, span, i)];
    assert.deepEqual([0, 1, 2, 3, 4, 5].map(sourceOf), ['a', '\\', '\\', 'b', '\\', 'c']);
    assert.equal(stringSourceOffset(text, span, 99), text.length - 1, 'past the end: the closing quote');
  });

  it('compacts JSON text outside strings only', () => {
    const text = '{ "a b" : [ 1 ,\n "x\\" y" ] }';
    assert.equal(compactSlice(text, { offset: 0, length: text.length }), '{"a b":[1,"x\\" y"]}');
  });

  it('edit distance gives up past its bound', () => {
    assert.equal(editDistance('book_hotels', 'book_hotel'), 1);
    assert.equal(editDistance('abcdef', 'uvwxyz', 2), 3);
  });

  it('splits a top-level array into elements, strings with brackets and escaped quotes included', () => {
    const text = ' [ {"a": "]\\"}"}, [1, [2]] , 3,"x,]" ] ';
    assert.deepEqual(arrayElements(text)?.map((s) => text.slice(s.offset, s.offset + s.length)), ['{"a": "]\\"}"}', '[1, [2]]', '3', '"x,]"']);
    assert.deepEqual(arrayElements('[]'), []);
    for (const bad of ['{}', '[1,]', '[', '[1] x']) assert.equal(arrayElements(bad), undefined, bad);
    // Elements are only split here; each is then parsed on its own, which rejects "1 2".
    assert.deepEqual(arrayElements('[1 2]'), [{ offset: 1, length: 3 }]);
    assert.deepEqual(lintToolsText('[1 2]').map((d) => [d.code, d.range.start.column]), [['json-syntax', 4]]);
  });

  it('an edited line index equals a fresh one', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), fc.nat(60), fc.nat(10), fc.string({ maxLength: 10 }), (raw, pos, cut, insert) => {
        const before = raw.replace(/x/g, '\n');
        const from = Math.min(pos, before.length);
        const oldEnd = Math.min(before.length, from + cut);
        const after = before.slice(0, from) + insert.replace(/y/g, '\n') + before.slice(oldEnd);
        const edited = new LineIndex(before).edited(after, from, oldEnd, from + insert.length);
        assert.deepEqual(edited.starts, new LineIndex(after).starts);
      }),
    );
  });

  it('linting after an edit (with the file snapshot) gives exactly what a fresh lint gives', () => {
    const base = JSON.stringify([tool(0), tool(1), tool(2)], null, 2);
    fc.assert(
      fc.property(fc.nat(base.length), fc.nat(6), fc.constantFrom('', 'x', '"', '{', '}', ',', '1', '\n', ' ', '\\'), (pos, cut, insert) => {
        const edited = base.slice(0, pos) + insert + base.slice(pos + cut);
        lintToolsText(base, 'session.tools.json');
        assert.deepEqual(lintToolsText(edited, 'session.tools.json'), lintToolsText(edited));
      }),
      { numRuns: 400 },
    );
  });

  it('re-linting after editing one tool meta-validates and compiles one schema', () => {
    clearLintCaches();
    const tools = Array.from({ length: 20 }, (_, i) => tool(i));
    lintToolsText(JSON.stringify(tools, null, 2), 'cache.tools.json');
    const before = { ...ajvStats };
    tools[7] = tool(7, 3);
    const ds = lintToolsText(JSON.stringify(tools, null, 2), 'cache.tools.json');
    assert.deepEqual({ compiles: ajvStats.compiles - before.compiles, metaValidations: ajvStats.metaValidations - before.metaValidations }, { compiles: 0, metaValidations: 1 }, 'required names an unknown property: not compiled');
    assert.equal(ds.filter((d) => d.code === 'required-unknown').length, 20);
    const fixed = tools.map((t, i) => ({ ...t, function: { ...t.function, parameters: { ...t.function.parameters, required: ['id'] }, description: `${t.function.description} (${i})` } }));
    lintToolsText(JSON.stringify(fixed));
    const mid = { ...ajvStats };
    fixed[3] = { ...fixed[3], function: { ...(fixed[3] as { function: object }).function, name: 'renamed' } } as (typeof fixed)[number];
    lintToolsText(JSON.stringify(fixed));
    assert.equal(ajvStats.compiles - mid.compiles, 0, 'a rename does not change the schema: no compile');
    assert.equal(ajvStats.metaValidations - mid.metaValidations, 0);
  });

  it('file kinds by name', () => {
    assert.deepEqual(['a.tools.json', 'a.calls.jsonl', 'A.CALLS.JSON', 'a.json'].map(lintKind), ['tools', 'calls', 'calls', undefined]);
  });
});

describe('schemas/ (VS Code jsonValidation)', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const toolsSchema = JSON.parse(readFileSync(join(ROOT, 'schemas/tools.schema.json'), 'utf8')) as object;
  const callsSchema = JSON.parse(readFileSync(join(ROOT, 'schemas/calls.schema.json'), 'utf8')) as object;
  ajv.addSchema(toolsSchema);
  const validateTools = ajv.compile(toolsSchema);
  const validateCalls = ajv.compile(callsSchema);

  it('are valid draft-07 schemas', () => {
    assert.ok(ajv.validateSchema(toolsSchema), ajv.errorsText());
    assert.ok(ajv.validateSchema(callsSchema), ajv.errorsText());
  });

  it('tools.schema.json accepts the examples (all three shapes) and rejects a bad name', () => {
    for (const name of readdirSync(join(ROOT, 'examples')).filter((n) => n.endsWith('.tools.json'))) {
      assert.ok(validateTools(JSON.parse(readFileSync(join(ROOT, 'examples', name), 'utf8'))), `${name}: ${ajv.errorsText(validateTools.errors)}`);
    }
    assert.equal(validateTools([{ name: 'get.weather' }]), false);
  });

  it('calls.schema.json accepts each good calls fixture entry and rejects an entry with neither output nor calls', () => {
    const dir = join(ROOT, 'test/fixtures/lint/calls');
    for (const name of readdirSync(dir).filter((n) => n.endsWith('.good.calls.jsonl'))) {
      for (const line of readFileSync(join(dir, name), 'utf8').split('\n').filter((l) => l.trim() !== '')) {
        assert.ok(validateCalls(JSON.parse(line)), `${name}: ${ajv.errorsText(validateCalls.errors)}`);
      }
    }
    assert.equal(validateCalls({ tools: 'a.tools.json', format: 'fc-v1' }), false);
  });
});
