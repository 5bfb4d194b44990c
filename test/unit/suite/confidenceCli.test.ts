import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { startChatStub, type ChatStub, type StubLogprob } from '../../support/chatStub';
import { capture } from './support';

const TOOLS = ['get_weather', 'get_forecast'].map((name) => ({ name, description: name, parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }));
// Case id → the tool the stub calls and the probability it gives `weather` where the names part.
const ANSWERS: Record<string, { name: string; pWeather: number }> = { sure: { name: 'get_weather', pWeather: 0.95 }, unsure: { name: 'get_weather', pWeather: 0.4 }, wrong: { name: 'get_forecast', pWeather: 0.7 } };

function logprobs(name: string, pWeather: number): StubLogprob[] {
  const sure = (token: string): StubLogprob => ({ token, logprob: 0, top_logprobs: [{ token, logprob: 0 }] });
  const part = name.slice('get_'.length);
  const top = [{ token: 'weather', logprob: Math.log(pWeather) }, { token: 'forecast', logprob: Math.log(1 - pWeather) }];
  return [sure('[{"name": "'), sure('get_'), { token: part, logprob: top.find((t) => t.token === part)?.logprob ?? 0, top_logprobs: top }, sure('", "arguments": {"city": "Oslo"}}]')];
}

interface ResultsFile {
  summary: { minConfidence?: number; lowConfidencePasses?: number };
  cases: { case: string; passed: boolean; lowestConfidence?: number; lowConfidence?: boolean; trials: { calls: { confidence?: { p: number } | null }[] }[] }[];
}

/** `xlam-lab test --confidence` over real HTTP: the loopback stub sends logprobs; a shaky pass is flagged. */
describe('xlam-lab test --confidence', () => {
  let dir: string;
  let suite: string;
  let stub: ChatStub;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xlam-confidence-cli-'));
    suite = join(dir, 'weather.fctest.json');
    const cases = Object.keys(ANSWERS).map((id) => ({ id, query: id, expect: { calls: [{ name: 'get_weather', arguments: { city: 'Oslo' } }] } }));
    writeFileSync(suite, JSON.stringify({ name: 'weather', tools: TOOLS, defaults: { format: 'xlam2-qwen' }, cases }, null, 2));
    stub = await startChatStub((request) => {
      const answer = ANSWERS[request.query] ?? { name: 'get_weather', pWeather: 1 };
      return { calls: [{ name: answer.name, arguments: { city: 'Oslo' } }], logprobs: logprobs(answer.name, answer.pWeather) };
    });
  });

  after(async () => {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records each call\'s confidence and flags the pass under --min-confidence (default 0.5), not the failure', async () => {
    const json = join(dir, 'results.json');
    const record = join(dir, 'run.jsonl');
    const io = capture();
    assert.equal(await main(['test', suite, '--model', stub.baseURL, '--confidence', '--json', json, '--record', record], io), 1, io.err);
    assert.equal(stub.requests[stub.requests.length - 1]?.body.logprobs, true);
    assert.match(io.out, /^low-confidence passes \(a call's name under 0\.5\): 1: unsure \(0\.4\)$/m);
    const results = JSON.parse(readFileSync(json, 'utf8')) as ResultsFile;
    assert.deepEqual(results.summary.minConfidence, 0.5);
    assert.equal(results.summary.lowConfidencePasses, 1);
    const byId = new Map(results.cases.map((c) => [c.case, c]));
    assert.deepEqual([byId.get('sure')?.lowestConfidence, byId.get('sure')?.lowConfidence], [0.95, undefined]);
    assert.deepEqual([byId.get('unsure')?.lowestConfidence, byId.get('unsure')?.lowConfidence], [0.4, true]);
    // A failing case is a failure, whatever its confidence.
    assert.deepEqual([byId.get('wrong')?.passed, byId.get('wrong')?.lowestConfidence, byId.get('wrong')?.lowConfidence], [false, 0.3, undefined]);
    assert.equal(byId.get('unsure')?.trials[0]?.calls[0]?.confidence?.p, 0.4);
    const [header, ...trials] = readFileSync(record, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    assert.equal((header as { suites: { settings: { confidence?: boolean } }[] }).suites[0]?.settings.confidence, true);
    assert.deepEqual((trials[1] as { calls: unknown[] }).calls, [{ name: 'get_weather', arguments: { city: 'Oslo' }, confidence: { p: 0.4, alternatives: [{ name: 'get_forecast', p: 0.6 }, { name: 'get_weather', p: 0.4 }] } }]);

    // A replay keeps the recorded confidence and flags it against its own threshold.
    const replayed = capture();
    assert.equal(await main(['test', suite, '--replay', record, '--min-confidence', '0.99'], replayed), 1, replayed.err);
    assert.match(replayed.out, /^low-confidence passes \(a call's name under 0\.99\): 2: sure \(0\.95\), unsure \(0\.4\)$/m);
  });

  it('without --confidence asks for no logprobs and reports no flag', async () => {
    const io = capture();
    assert.equal(await main(['test', suite, '--model', stub.baseURL], io), 1, io.err);
    assert.equal(stub.requests[stub.requests.length - 1]?.body.logprobs, undefined);
    assert.doesNotMatch(io.out, /low-confidence/);
  });

  for (const bad of ['2', '-0.1', 'high', '']) {
    it(`--min-confidence "${bad}": exit 2, saying what it takes`, async () => {
      const io = capture();
      assert.equal(await main(['test', suite, '--model', stub.baseURL, '--min-confidence', bad], io), 2);
      assert.match(io.err, /--min-confidence must be a probability from 0 to 1/);
    });
  }
});
