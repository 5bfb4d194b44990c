import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from '../../support/captureCli';

const ROOT = resolve(__dirname, '../../../..');
const dir = mkdtempSync(join(tmpdir(), 'xlam-parallel-'));
const model = join(dir, 'absent.gguf');

describe('serve --parallel and test --sequences', () => {
  after(() => rmSync(dir, { recursive: true, force: true }));

  for (const [argv, message] of [
    [['serve', '--model', model, '--parallel', '0'], /--parallel must be an integer ≥ 1 or "auto" \(got "0"\)/],
    [['serve', '--model', model, '--parallel', '2.5'], /--parallel must be an integer ≥ 1 or "auto" \(got "2.5"\)/],
    [['test', join(ROOT, 'examples/travel.fctest.json'), '--model', model, '--sequences', 'abc'], /--sequences must be an integer ≥ 1 or "auto" \(got "abc"\)/],
    [['test', join(ROOT, 'examples/travel.fctest.json'), '--model', 'http://127.0.0.1:9/v1', '--sequences', '2'], /--sequences applies to a local model/],
  ] as const) {
    it(`${argv.slice(-2).join(' ')} exits 2 with a clear message before any model loads`, async () => {
      const run = await runCli(argv);
      assert.equal(run.code, 2, run.stderr);
      assert.match(run.stderr, message);
      assert.doesNotMatch(run.stderr, /loading|model-not-found/);
    });
  }

  it('both are in the help', async () => {
    assert.match((await runCli(['serve', '--help'])).stdout, /--parallel N\|auto/);
    assert.match((await runCli(['test', '--help'])).stdout, /--sequences N\|auto/);
  });
});
