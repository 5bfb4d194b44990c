import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import type { GenerateRequest } from '../../../src/core/engine/types';
import { contentText } from '../../../src/core/messages';
import { startOpenAiServer, type OpenAiServer } from '../../../src/server/openaiServer';
import { ScriptedEngine } from '../../support/scriptedEngine';
import { capture, TRAVEL } from './support';

const HOTEL = '[{"name": "book_hotel", "arguments": {"city": "Rome", "nights": 2}}]';
const queryOf = (r: GenerateRequest): string => contentText(r.messages?.[r.messages.length - 1]?.content);

/**
 * `xlam-lab test` end to end over real HTTP on 127.0.0.1: our server over a scripted engine
 * (the model tests run the same command on the tiny GGUF, locally and through the server).
 */
describe('xlam-lab test against an endpoint', () => {
  let dir: string;
  let suite: string;
  let server: OpenAiServer;
  const engine = new ScriptedEngine({ reply: (r) => (queryOf(r).includes('hotel') ? HOTEL : 'No tool needed.') });

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xlam-test-cli-'));
    writeFileSync(join(dir, 'travel.tools.json'), JSON.stringify(TRAVEL));
    suite = join(dir, 'travel.fctest.json');
    writeFileSync(suite, JSON.stringify({
      name: 'travel',
      tools: 'travel.tools.json',
      defaults: { format: 'xlam2-qwen', sampling: { seed: 1 } },
      cases: [
        { id: 'hotel', query: 'Book a hotel in Rome for 2 nights', expect: { calls: [{ name: 'book_hotel', accept: { city: ['Rome'], nights: [2], guests: ['', 1] } }] } },
        { id: 'joke', category: 'irrelevance', query: 'Tell me a joke', expect: 'no call' },
        { id: 'flight', query: 'Flight SFO to JFK on 2026-12-01', expect: { calls: [{ name: 'search_flights', arguments: { origin: 'SFO', destination: 'JFK', date: '2026-12-01' } }] } },
      ],
    }, null, 2));
    server = await startOpenAiServer({ engine, modelId: 'scripted', format: 'xlam2-qwen' });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('runs every case, prints plain progress lines and the summary; exit 1 when a case fails; writes JUnit, JSON and a record', async () => {
    const io = capture();
    const junit = join(dir, 'junit.xml');
    const json = join(dir, 'results.json');
    const record = join(dir, 'run.jsonl');
    const code = await main(['test', suite, '--model', server.baseURL, '--junit', junit, '--json', json, '--record', record], io);
    assert.equal(code, 1, io.err);
    assert.match(io.err, /^\[1\/3\] pass travel › hotel \(\d+ ms, prompt \d+ tokens \(\d+ reused\)\)$/m);
    assert.match(io.err, /^\[3\/3\] FAIL travel › flight .*: wrong number of functions: expected 1, got 0$/m);
    assert.match(io.out, /^irrelevance\s+1\s+1\s+100\.0%$/m);
    assert.match(io.out, /cases: 2 passed, 1 failed of 3/);
    assert.match(io.out, /tool names: precision 100\.0%, recall 50\.0%/);
    assert.match(readFileSync(junit, 'utf8'), /<testcase classname="travel" name="flight" time="[\d.]+">\n\s+<failure /);
    const results = JSON.parse(readFileSync(json, 'utf8')) as { summary: { passed: number }; cases: unknown[] };
    assert.equal(results.summary.passed, 2);
    const lines = readFileSync(record, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines.length, 4);
    const header = lines[0] as { type: string; suites: Array<{ sha256: string; settings: { sampling: { seed: number } } }>; model: { ref: string; sha256?: string }; engine: { kind: string } };
    assert.equal(header.type, 'header');
    assert.match(header.suites[0]?.sha256 ?? '', /^[0-9a-f]{64}$/);
    assert.equal(header.suites[0]?.settings.sampling.seed, 1);
    assert.equal(header.engine.kind, 'remote');
    assert.equal(header.model.sha256, undefined, 'an endpoint has no model file to hash');

    // --replay: no model; the checker and the expectations may have changed since.
    const replayIo = capture();
    assert.equal(await main(['test', '--replay', record, '--checker', 'bfcl'], replayIo), 1, replayIo.err);
    assert.match(replayIo.out, /cases: 2 passed, 1 failed of 3/);
    const relaxed = JSON.parse(readFileSync(suite, 'utf8')) as { cases: Array<{ expect: unknown }> };
    (relaxed.cases[2] as { expect: unknown }).expect = 'no call';
    const relaxedPath = join(dir, 'relaxed', 'travel.fctest.json');
    mkdirSync(join(dir, 'relaxed'));
    writeFileSync(join(dir, 'relaxed', 'travel.tools.json'), JSON.stringify(TRAVEL));
    writeFileSync(relaxedPath, JSON.stringify(relaxed));
    const again = capture();
    assert.equal(await main(['test', relaxedPath, '--replay', record], again), 0, again.err + again.out);
    assert.match(again.out, /cases: 3 passed, 0 failed of 3/);
  });

  it('--filter and --trials: only matching cases, k trials each, pass@k in the summary', async () => {
    const io = capture();
    const before = engine.requests.length;
    assert.equal(await main(['test', suite, '--model', server.baseURL, '--filter', 'HOT', '--trials', '3'], io), 0, io.err);
    assert.equal(engine.requests.length - before, 3);
    // The three trials go out together (an endpoint's default width), so they may arrive in any order.
    assert.deepEqual(engine.requests.slice(-3).map((r) => r.sampling?.seed).sort(), [1, 2, 3]);
    assert.match(io.out, /pass@3: 100\.0%\s+pass\^3: 100\.0%/);
  });

  it('bad input exits 2 with file:line:col; usage errors exit 2', async () => {
    const bad = join(dir, 'bad.fctest.json');
    writeFileSync(bad, '{\n  "cases": [\n    {"id": "x", "query": "q", "expect": "no call"}\n  ]\n}\n');
    const io = capture();
    assert.equal(await main(['test', bad, '--model', server.baseURL], io), 2);
    assert.match(io.err, /bad\.fctest\.json:3:5: case "x" has no tools/);
    assert.equal(await main(['test', suite], io), 2);
    assert.match(io.err, /--model is required/);
    assert.equal(await main(['test', '--replay', join(dir, 'missing.jsonl')], io), 2);
    assert.match(io.err, /cannot read .*missing\.jsonl: no such file/);
    const record = join(dir, 'broken.jsonl');
    writeFileSync(record, '{"type":"header","suites":[]}\n{"type":"trial"\n');
    assert.equal(await main(['test', suite, '--replay', record], io), 2);
    assert.match(io.err, /broken\.jsonl:2:\d+: invalid JSON/);
  });
});
