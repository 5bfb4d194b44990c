import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import fc from 'fast-check';
import { ajvStats, clearLintCaches, lintKind, lintToolsText } from '../../../src/core/lint';
import { LineIndex } from '../../../src/core/lint/diagnostic';
import { arrayElements, MARK_KINDS } from '../../../src/core/lint/splitArray';
import { compactSlice, editDistance, stringSourceOffset } from '../../../src/core/lint/textUtil';

const ROOT = resolve(__dirname, '../../../..');

const tool = (i: number, minimum = 0) => ({
  type: 'function',
  function: {
    name: `tool_${i}`,
    description: `Looks up record ${i} in the catalogue`,
    // x-unit: a keyword no plain schema has (plainSchema.ts), so the schema is meta-validated.
    parameters: { type: 'object', properties: { id: { type: 'integer', description: 'Record id to look up', minimum, 'x-unit': 'record' }, tag: { type: 'string' } }, required: ['id', 'nope'] },
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
    assert.deepEqual(arrayElements(text)?.spans.map((s) => text.slice(s.offset, s.offset + s.length)), ['{"a": "]\\"}"}', '[1, [2]]', '3', '"x,]"']);
    assert.deepEqual(arrayElements('[]')?.spans, []);
    for (const bad of ['{}', '[1,]', '[', '[1] x']) assert.equal(arrayElements(bad), undefined, bad);
    // Elements are only split here; each is then parsed on its own, which rejects "1 2".
    assert.deepEqual(arrayElements('[1 2]')?.spans, [{ offset: 1, length: 3 }]);
    assert.deepEqual(lintToolsText('[1 2]').map((d) => [d.code, d.range.start.column]), [['json-syntax', 4]]);
  });

  it('splitting is linear: the bracket searches scan each character at most once per kind', () => {
    // Flat xlam-60k tools have no [ at all, and [{},{},…] no quote: both used to rescan to the end per tool.
    const flat = (i: number) => ({ name: `t${i}`, description: 'Looks a record up by id', parameters: { id: { type: 'int', description: 'Record id' } } });
    for (const n of [1_000, 4_000, 16_000]) {
      for (const text of [JSON.stringify(Array.from({ length: n }, (_, i) => flat(i))), `[${Array(n).fill('{}').join(',')}]`, `[${Array(n).fill('[1, {"a": "]"}]').join(', ')}]`]) {
        const split = arrayElements(text);
        assert.equal(split?.spans.length, n);
        assert.ok((split?.scanned ?? Infinity) <= MARK_KINDS * text.length, `${split?.scanned} characters scanned for ${text.length}`);
      }
    }
  });

  it('the time budget applies while splitting: [{},{},…] of 400,000 items gives up where the split stopped', () => {
    const text = `[${Array(400_000).fill('{}').join(',')}]`;
    clearLintCaches();
    lintToolsText('[{}]'); // "{}" is cached: the tools split before the clock ran out are reported
    let calls = 0;
    // The reporter reads the clock once to set its deadline; the splitter every 512 elements.
    const ds = lintToolsText(text, undefined, { budgetMs: 1, maxDiagnostics: 10_000, now: () => (calls++ < 2 ? 0 : 10) });
    const gaveUp = ds.filter((d) => d.code === 'lint-gave-up');
    assert.equal(gaveUp.length, 1);
    assert.equal(gaveUp[0]?.range.start.offset, 1 + 3 * 1023, 'at element 1023, the first not split');
    assert.equal(gaveUp[0]?.message, 'stopped after the time budget while splitting the file: tools 1023 and later were not checked');
    assert.equal(ds.filter((d) => d.code === 'tool-name-missing').length, 1023);
    // Nothing cached: the first tool is where checking stopped.
    clearLintCaches();
    calls = 0;
    const none = lintToolsText(text, undefined, { budgetMs: 1, now: () => (calls++ < 2 ? 0 : 10) });
    assert.deepEqual(none.map((d) => [d.code, d.range.start.offset, d.message]), [['lint-gave-up', 1, 'stopped after the time budget: tools 0 and later were not checked']]);
  });

  it('a file of 400,000 cached tools is still bounded by the budget: the clock is read while reporting them', () => {
    const text = `[${Array(400_000).fill('{}').join(',')}]`;
    lintToolsText('[{}]');
    let calls = 0;
    // 782 reads during the split (it completes), then the reporting loop runs out.
    const ds = lintToolsText(text, undefined, { now: () => (calls++ < 800 ? 0 : 1e9) });
    const gaveUp = ds.filter((d) => d.code === 'lint-gave-up' && /^stopped after the time budget: tools \d+ to 399999 were not checked$/.test(d.message));
    assert.equal(gaveUp.length, 1, ds.filter((d) => d.code === 'lint-gave-up').map((d) => d.message).join('\n'));
    assert.equal(text.slice(gaveUp[0]?.range.start.offset, (gaveUp[0]?.range.start.offset ?? 0) + 2), '{}');
    assert.ok(ds.length <= 1002, 'the kept diagnostics, the summary and where it stopped');
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
