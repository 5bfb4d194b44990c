import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { startChatStub, type ChatStub, type StubAnswer } from '../../support/chatStub';
import { capture, TRAVEL } from './support';

const CASES = 4;

/**
 * `xlam-lab test --concurrency` over real HTTP: a stub that holds every request until `width` are
 * in (or all of them), then answers the held ones last first, so the cases end out of order.
 */
describe('xlam-lab test --concurrency', { timeout: 60_000 }, () => {
  let dir: string;
  let suite: string;
  let stub: ChatStub;
  let width = 1;
  let held: (() => void)[] = [];

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xlam-concurrency-cli-'));
    suite = join(dir, 'hotels.fctest.json');
    const cases = Array.from({ length: CASES }, (_, i) => ({ id: `c${i}`, query: `case ${i}`, expect: { calls: [{ name: 'book_hotel', arguments: { city: `City${i}`, nights: i + 1 } }] } }));
    writeFileSync(suite, JSON.stringify({ name: 'hotels', tools: TRAVEL, defaults: { format: 'xlam2-qwen' }, cases }, null, 2));
    stub = await startChatStub((request) => new Promise<StubAnswer>((resolve) => {
      const i = Number(request.query.replace('case ', ''));
      held.push(() => resolve({ calls: [{ name: 'book_hotel', arguments: { city: `City${i}`, nights: i + 1 } }] }));
      if (held.length === width || stub.requests.length % CASES === 0) {
        const now = held.reverse();
        held = [];
        now.forEach((release) => release());
      }
    }));
  });
  after(async () => {
    await stub.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const bad of ['0', '-2', '1.5', 'two', '']) {
    it(`--concurrency "${bad}": exit 2, saying what it takes, before reading any file`, async () => {
      const io = capture();
      assert.equal(await main(['test', join(dir, 'missing.fctest.json'), '--model', stub.baseURL, '--concurrency', bad], io), 2);
      assert.match(io.err, new RegExp(`--concurrency must be an integer ≥ 1 \\(got "${bad.replace('.', '\\.')}"\\)`));
      assert.doesNotMatch(io.err, /missing\.fctest\.json/);
    });
  }

  it('--concurrency with --replay: exit 2 (a replay runs no model)', async () => {
    const io = capture();
    assert.equal(await main(['test', suite, '--replay', join(dir, 'run.jsonl'), '--concurrency', '2'], io), 2);
    assert.match(io.err, /--replay runs no model: drop --concurrency/);
  });

  it('--concurrency 3: three requests at once; progress lines and the record stay in the suite order', async () => {
    width = 3;
    const start = stub.requests.length;
    const record = join(dir, 'run.jsonl');
    const io = capture();
    assert.equal(await main(['test', suite, '--model', stub.baseURL, '--concurrency', '3', '--record', record], io), 0, io.err);
    assert.match(io.err, /^3 trials in flight at once$/m);
    assert.deepEqual([...io.err.matchAll(/^\[(\d)\/4\] pass hotels › (c\d)/gm)].map((m) => `${m[1]}:${m[2]}`), ['1:c0', '2:c1', '3:c2', '4:c3']);
    const trials = readFileSync(record, 'utf8').trimEnd().split('\n').slice(1).map((line) => (JSON.parse(line) as { case: string }).case);
    assert.deepEqual(trials, ['c0', 'c1', 'c2', 'c3']);
    assert.equal(stub.requests.length - start, CASES);
    assert.equal(stub.maxInFlight, 3);
  });

  it('no --concurrency against an endpoint: its default width (8), here every case at once', async () => {
    width = 8;
    const io = capture();
    assert.equal(await main(['test', suite, '--model', stub.baseURL], io), 0, io.err);
    assert.match(io.err, /^8 trials in flight at once$/m);
    assert.match(io.out, /cases: 4 passed, 0 failed of 4/);
    assert.equal(stub.maxInFlight, CASES);
  });
});
