import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, afterEach, test } from 'node:test';
import { launchBrowser } from '../harness/browser';
import { StepError } from '../harness/steps';
import { assertNothingLeft, assertOneLine, groupsSoFar } from './leftovers';

/** Chromium missing or broken: one line naming the step, at once, and nothing left running. */
const work = mkdtempSync(join(tmpdir(), 'xlam-e2e-chromium-'));
const saved = process.env.CHROMIUM_PATH;
afterEach(() => {
  if (saved === undefined) delete process.env.CHROMIUM_PATH;
  else process.env.CHROMIUM_PATH = saved;
});
after(() => rmSync(work, { recursive: true, force: true }));

function launchError(detail: RegExp): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof StepError, `a StepError, got ${String(error)}`);
    assert.equal(error.step, 'launching Chromium');
    assertOneLine(error.message);
    assert.match(error.message, detail);
    return true;
  };
}

test('a Chromium path that does not exist fails the launch step on one line', { timeout: 30_000 }, async () => {
  process.env.CHROMIUM_PATH = join(work, 'no-such-chromium');
  const since = groupsSoFar();
  await assert.rejects(launchBrowser(), launchError(/^launching Chromium failed: CHROMIUM_PATH=.*no-such-chromium does not exist$/));
  assertNothingLeft(since);
});

test('an executable that is not a browser fails the launch step on one line', { timeout: 90_000 }, async () => {
  const fake = join(work, 'not-a-browser');
  writeFileSync(fake, '#!/bin/sh\necho "this is not a browser" >&2\nexit 1\n');
  chmodSync(fake, 0o755);
  process.env.CHROMIUM_PATH = fake;
  const since = groupsSoFar();
  await assert.rejects(launchBrowser(), launchError(/^launching Chromium failed: .*not-a-browser did not start as a headless Chromium: .*exit code 1; it said: this is not a browser$/));
  assertNothingLeft(since);
});
