import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { capture, suiteFrom } from './support';

const dir = mkdtempSync(join(tmpdir(), 'xlam-import-'));
const write = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

const WEATHER = [{ name: 'get_weather', description: 'Weather of a city', parameters: { location: { type: 'str', description: 'City' }, unit: { type: 'str, optional', description: 'Unit' } } }];
const row = (id: number, answers: unknown[], asStrings = true) => ({ id, query: `q${id}`, tools: asStrings ? JSON.stringify(WEATHER) : WEATHER, answers: asStrings ? JSON.stringify(answers) : answers });

describe('xlam-lab import', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('xlam60k: a JSON array with JSON-string fields; --limit; empty answers are "no call"', async () => {
    const rows = [{ ...row(1, []), answers: '[{"name": "get_weather", "arguments": {"location": "Paris", "days": 2.0}}]' }, row(2, []), row(3, [])];
    const file = write('60k.json', JSON.stringify(rows));
    const out = join(dir, 'a.fctest.json');
    const io = capture();
    assert.equal(await main(['import', 'xlam60k', file, '--limit', '2', '-o', out], io), 0, io.err);
    assert.match(io.err, /wrote 2 cases/);
    const text = readFileSync(out, 'utf8');
    assert.match(text, /"days": 2\.0/, 'numbers keep their lexeme');
    const suite = suiteFrom(text, out);
    assert.deepEqual(suite.cases.map((c) => [c.id, c.checkCategory]), [['xlam60k-1', 'simple'], ['xlam60k-2', 'irrelevance']]);
    assert.equal(suite.defaults.format, 'fc-v1');
  });

  it('xlam60k: JSONL with arrays; a bad row is an error at file:line and nothing is written', async () => {
    const good = JSON.stringify(row(1, [{ name: 'get_weather', arguments: { location: 'Paris' } }], false));
    const badTools = JSON.stringify({ ...row(2, []), tools: '[{"name": "x",' });
    const file = write('60k.jsonl', `${good}\n\n${badTools}\n`);
    const out = join(dir, 'b.fctest.json');
    const io = capture();
    assert.equal(await main(['import', 'xlam60k', file, '-o', out], io), 1);
    assert.match(io.err, new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:3:1: row 2: "tools" is a string that is not valid JSON`));
    assert.equal(existsSync(out), false, 'nothing partial is written');
    const unknown = write('60k-2.jsonl', `${JSON.stringify(row(5, [{ name: 'get_wether', arguments: {} }]))}\n`);
    assert.equal(await main(['import', 'xlam60k', unknown, '-o', out], io), 1);
    assert.match(io.err, /60k-2\.jsonl:1:1: row 1: answer 0 calls "get_wether", which is not among the row's tools/);
  });

  it('bfcl: questions and possible answers; irrelevance without an answer; an orphan answer is an error', async () => {
    const fn = { name: 'calc_area', description: 'Area of a shape', parameters: { type: 'dict', properties: { base: { type: 'integer' }, unit: { type: 'string' } }, required: ['base'] } };
    const questions = write('q.jsonl', [
      JSON.stringify({ id: 'simple_0', question: [[{ role: 'user', content: 'Area with base 10?' }]], function: [fn] }),
      JSON.stringify({ id: 'irrelevance_0', question: [[{ role: 'user', content: 'Tell me a joke' }]], function: [fn] }),
    ].join('\n'));
    const answers = write('a.jsonl', `${JSON.stringify({ id: 'simple_0', ground_truth: [{ calc_area: { base: [10], unit: ['units', ''] } }] })}\n`);
    const out = join(dir, 'bfcl.fctest.json');
    const io = capture();
    assert.equal(await main(['import', 'bfcl', questions, answers, '-o', out], io), 0, io.err);
    const suite = suiteFrom(readFileSync(out, 'utf8'), out);
    assert.deepEqual(suite.cases.map((c) => [c.id, c.category, c.checkCategory]), [['simple_0', 'simple', 'simple'], ['irrelevance_0', 'irrelevance', 'irrelevance']]);
    const expect = suite.cases[0]?.expect;
    assert.ok(expect?.kind === 'calls');
    assert.equal(expect.calls[0]?.params.get('unit')?.length, 2);

    const orphan = write('a2.jsonl', `${JSON.stringify({ id: 'simple_0', ground_truth: [{ calc_area: { base: [10] } }] })}\n${JSON.stringify({ id: 'simple_9', ground_truth: [] })}\n`);
    const out2 = join(dir, 'bfcl2.fctest.json');
    assert.equal(await main(['import', 'bfcl', questions, orphan, '-o', out2], io), 1);
    assert.match(io.err, /a2\.jsonl:2:1: the possible answer of "simple_9" has no question/);
    assert.equal(existsSync(out2), false);
    const noAnswer = write('q2.jsonl', `${JSON.stringify({ id: 'simple_1', question: 'Area?', function: [fn] })}\n`);
    assert.equal(await main(['import', 'bfcl', noAnswer, answers, '-o', out2], io), 1);
    assert.match(io.err, /q2\.jsonl:1:1: simple_1: no possible answer for this id/);
  });

  it('usage errors exit 2', async () => {
    const io = capture();
    assert.equal(await main(['import', 'csv', 'x', '-o', 'y'], io), 2);
    assert.equal(await main(['import', 'xlam60k', 'x'], io), 2);
    assert.match(io.err, /-o SUITE is required/);
  });
});
