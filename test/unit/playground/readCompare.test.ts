import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import Ajv from 'ajv';
import { storeCompareColumns } from '../../../src/core/playground/edits';
import { applyTextEdits } from '../../../src/core/playground/jsonEdits';
import { columnOfStored, storedColumn, type StoredCompareColumn } from '../../../src/core/playground/readCompare';
import { engineRefusal } from '../../../src/core/playground/compareColumns';
import { readPlaygroundDocument } from '../../../src/core/playground/readPlaygroundDocument';
import { seedPlayground } from '../../../src/core/playground/seed';

const ROOT = resolve(__dirname, '../../../..');
const schemaOf = (path: string): object => JSON.parse(readFileSync(join(ROOT, path), 'utf8')) as object;

const COLUMNS: StoredCompareColumn[] = [
  { format: 'fc-v1', variant: 'card', grammar: true, sampling: {}, engine: { kind: 'current' } },
  { format: 'xlam2-qwen', variant: 'vllm', grammar: false, sampling: { temperature: 0.7, seed: 3 }, engine: { kind: 'endpoint', baseUrl: 'http://127.0.0.1:8000/v1', model: 'xlam-2-8b', mode: 'chat' } },
  { format: 'auto', variant: 'auto', grammar: true, sampling: { maxTokens: 64, topP: 0.9 }, engine: { kind: 'local', path: '/models/xLAM-1b-fc-r.Q4_K_M.gguf' } },
];

function withCompare(compare: string): string {
  return `{\n  "version": 1,\n  "messages": [{"role": "user", "content": "hi"}],\n  "compare": ${compare}\n}\n`;
}

void describe('the Compare columns in the playground file', () => {
  void it('round-trips what storeCompareColumns writes, and the schema accepts it', () => {
    const seeded = seedPlayground({ example: 'weather' });
    const edit = storeCompareColumns(seeded, COLUMNS);
    assert.ok(edit.ok);
    const text = applyTextEdits(seeded, edit.edits);
    const result = readPlaygroundDocument(text);
    assert.ok(result.ok, JSON.stringify(result.problems));
    assert.deepEqual(result.document.compare, COLUMNS);
    assert.deepEqual(result.problems, []);
    // Defaults are left out of the file: a current-engine column without overrides has no engine or sampling key.
    const stored = (JSON.parse(text) as { compare: { columns: Array<Record<string, unknown>> } }).compare.columns;
    assert.deepEqual(Object.keys(stored[0] as object), ['format', 'variant', 'grammar']);
    const ajv = new Ajv({ strict: false, allErrors: true });
    ajv.addSchema(schemaOf('schemas/tools.schema.json'));
    ajv.addSchema(schemaOf('schemas/fctest.schema.json'));
    const validate = ajv.compile(schemaOf('schemas/playground.schema.json'));
    assert.ok(validate(JSON.parse(text)), ajv.errorsText(validate.errors));
    const removed = storeCompareColumns(text, undefined);
    assert.ok(removed.ok);
    assert.equal(readPlaygroundDocument(applyTextEdits(text, removed.edits)).ok && 'compare' in (JSON.parse(applyTextEdits(text, removed.edits)) as object), false);
  });

  void it('drops unreadable columns with one located warning, and still opens the document', () => {
    const cases: Array<[string, RegExp]> = [
      ['[]', /compare: must be an object/],
      ['{"columns": [{}]}', /must hold 2–4 columns, not 1/],
      ['{"columns": [{}, {"format": "fc-v2"}]}', /compare\.columns\[1\]\.format: must be "auto" or one of/],
      ['{"columns": [{}, {"format": "fc-v1", "variant": "vllm"}]}', /variant: must be "auto" or a variant of fc-v1/],
      ['{"columns": [{}, {"sampling": {"temperature": 9}}]}', /columns\[1\]\.sampling\.temperature: must be a number from 0 to 2/],
      ['{"columns": [{}, {"engine": {"kind": "local", "path": "models/x.gguf"}}]}', /engine\.path: must be an absolute path/],
      ['{"columns": [{}, {"engine": {"kind": "local", "path": "/models/../x.gguf"}}]}', /engine\.path: must be a plain absolute path/],
      ['{"columns": [{}, {"engine": {"kind": "endpoint", "baseUrl": "file:///etc/passwd"}}]}', /engine\.baseUrl: must start with http:\/\/ or https:\/\//],
      ['{"columns": [{}, {"engine": {"kind": "endpoint", "baseUrl": "http://user:key@host/v1"}}]}', /engine\.baseUrl: must not hold credentials/],
      ['{"columns": [{}, {"engine": {"kind": "endpoint", "baseUrl": "http://host/v1", "model": ""}}]}', /engine\.model: must be a model id/],
      ['{"columns": [{}, {"engine": {"kind": "gpu"}}]}', /engine\.kind: must be "current", "local" or "endpoint"/],
      ['{"columns": [{}, {"colour": "red"}]}', /unknown key "colour"/],
    ];
    for (const [compare, expected] of cases) {
      const result = readPlaygroundDocument(withCompare(compare), '/w/a.playground.json');
      assert.ok(result.ok, compare);
      assert.equal(result.document.compare, undefined, compare);
      assert.equal(result.problems.length, 1, `${compare}: ${JSON.stringify(result.problems)}`);
      const [problem] = result.problems;
      assert.equal(problem?.severity, 'warning');
      assert.match(problem?.message ?? '', expected, compare);
      assert.match(problem?.message ?? '', /the Compare columns are not restored/);
      assert.equal(problem?.location.line, 4, compare);
    }
  });

  void it('keeps a column with an unknown sampling key, warning about the key only', () => {
    const result = readPlaygroundDocument(withCompare('{"columns": [{}, {"sampling": {"temperature": 0.2, "top_k": 4}}]}'));
    assert.ok(result.ok);
    assert.deepEqual(result.document.compare?.[1]?.sampling, { temperature: 0.2 });
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0]?.message ?? '', /compare\.columns\[1\]\.sampling\.top_k: unknown setting "top_k"/);
  });

  void it("converts between the file's columns and the pane's (null sampling: the document's)", () => {
    for (const column of COLUMNS) assert.deepEqual(storedColumn(columnOfStored(column)), column);
    assert.deepEqual(columnOfStored(COLUMNS[1] as StoredCompareColumn), { format: 'xlam2-qwen', variant: 'vllm', engine: COLUMNS[1]?.engine, grammar: false, temperature: 0.7, topP: null, maxTokens: null, seed: 3 });
  });

  void it('refuses a model file or endpoint from the file in an untrusted workspace, unless chosen in this window', () => {
    const local = { kind: 'local' as const, path: '/models/x.gguf' };
    const endpoint = { kind: 'endpoint' as const, baseUrl: 'http://10.0.0.1:8000/v1' };
    const never = (): boolean => false;
    assert.equal(engineRefusal(local, true, never), undefined);
    assert.equal(engineRefusal({ kind: 'current' }, false, never), undefined);
    assert.match(engineRefusal(local, false, never) ?? '', /not trusted, so the model file \/models\/x\.gguf named in the playground file is not used/);
    assert.match(engineRefusal(endpoint, false, never) ?? '', /the endpoint http:\/\/10\.0\.0\.1:8000\/v1/);
    assert.equal(engineRefusal(endpoint, false, (e) => e === endpoint), undefined);
  });
});

