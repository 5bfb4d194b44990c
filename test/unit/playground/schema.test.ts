import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { applyTextEdits } from '../../../src/core/playground/jsonEdits';
import { storeLastRun } from '../../../src/core/playground/edits';
import { readPlaygroundDocument } from '../../../src/core/playground/readPlaygroundDocument';
import { seedPlayground } from '../../../src/core/playground/seed';
import { playgroundFromSuiteCase } from '../../../src/core/playground/fromSuiteCase';

const ROOT = resolve(__dirname, '../../../..');
const read = (path: string): object => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as object;

void describe('schemas/playground.schema.json', () => {
  const ajv = new Ajv({ strict: false, allErrors: true });
  ajv.addSchema(read('schemas/tools.schema.json'));
  // `expected` is a suite case's `expect`: the playground schema refers to the suite schema's.
  ajv.addSchema(read('schemas/fctest.schema.json'));
  const schema = read('schemas/playground.schema.json');
  const validate = ajv.compile(schema);
  const check = (text: string): boolean => validate(JSON.parse(text));

  void it('is a valid draft-07 schema, contributed for *.playground.json', () => {
    assert.ok(ajv.validateSchema(schema), ajv.errorsText());
    const pkg = read('package.json') as { contributes: { jsonValidation: Array<{ fileMatch: string; url: string }> } };
    assert.ok(pkg.contributes.jsonValidation.some((entry) => entry.fileMatch === '*.playground.json' && entry.url === './schemas/playground.schema.json'));
  });

  void it('accepts what seedPlayground and storeLastRun write (the reader agrees)', () => {
    const tools = readFileSync(join(ROOT, 'examples/travel.tools.json'), 'utf8');
    for (const text of [seedPlayground({ example: 'weather' }), seedPlayground({ toolsText: tools }), seedPlayground({ toolsText: tools, toolsPath: '../examples/travel.tools.json' })]) {
      assert.ok(check(text), ajv.errorsText(validate.errors));
      assert.ok(readPlaygroundDocument(text).ok);
      const edit = storeLastRun(text, { output: 'x', calls: [], finishReason: 'stop', timings: { ttftMs: 1 }, engine: { kind: 'remote', model: 'm', backend: 'http://h/v1' }, expectedCheck: { pass: false, errorType: 'simple_function_checker:wrong_count', message: 'Wrong number of functions.', mode: 'default' } });
      assert.ok(edit.ok);
      assert.ok(check(applyTextEdits(text, edit.edits)), ajv.errorsText(validate.errors));
    }
  });

  void it('accepts a playground opened from a suite case (expected, source) and rejects a malformed expected', () => {
    const text = playgroundFromSuiteCase({ text: readFileSync(join(ROOT, 'examples/travel.fctest.json'), 'utf8'), file: join(ROOT, 'examples/travel.fctest.json'), resolveTools: (ref) => ({ text: readFileSync(join(ROOT, 'examples', ref), 'utf8'), file: ref }), caseId: 'hotel-rome', suitePath: 'examples/travel.fctest.json' });
    assert.ok(check(text), ajv.errorsText(validate.errors));
    assert.ok(check('{"version": 1, "expected": "no call", "source": {"suite": "a.fctest.json", "case": "c", "checker": "bfcl"}}'), ajv.errorsText(validate.errors));
    for (const bad of ['{"version": 1, "expected": "maybe"}', '{"version": 1, "expected": {"calls": []}}', '{"version": 1, "source": {"suite": "a"}}', '{"version": 1, "source": {"suite": "a", "case": "c", "checker": "strict"}}']) {
      assert.equal(check(bad), false, bad);
      // The reader keeps such a document open (a warning, the field dropped): runs are just not checked.
      assert.ok(readPlaygroundDocument(bad).ok, bad);
    }
  });

  void it('rejects what the reader rejects', () => {
    for (const text of [
      '{}',
      '{"version": 2}',
      '{"version": 1, "tools": {"path": "/abs.tools.json"}}',
      '{"version": 1, "tools": {"path": "file:///x"}}',
      '{"version": 1, "format": "fc-v2"}',
      '{"version": 1, "sampling": {"temperature": 3}}',
      '{"version": 1, "mocks": {"t": [{}]}}',
      '{"version": 1, "mocks": {"t": [{"result": 1, "error": "e"}]}}',
      '{"version": 1, "messages": [{"role": "robot"}]}',
    ]) {
      assert.equal(check(text), false, text);
      assert.equal(readPlaygroundDocument(text).ok, false, text);
    }
  });
});
