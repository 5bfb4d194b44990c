import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { storeLastRun } from '../../../src/core/playground/edits';
import { applyTextEdits } from '../../../src/core/playground/jsonEdits';
import { readPlaygroundDocument } from '../../../src/core/playground/readPlaygroundDocument';
import type { PlaygroundRun } from '../../../src/core/playground/types';
import { storedExpectedCheck } from '../../../webview/storedExpectedCheck';

const BASE = '{\n  "version": 1,\n  "messages": [{"role": "user", "content": "hi"}]\n}\n';
const RUN: PlaygroundRun = {
  output: '[]',
  calls: [],
  finishReason: 'stop',
  expectedCheck: { pass: false, errorType: 'simple_function_checker:wrong_count', message: 'Wrong number of functions.', mode: 'bfcl' },
};

void describe("a stored last run keeps the expected-answer check it was shown with", () => {
  void it('round-trips through the file, and the webview reads it back as the payload', () => {
    const edit = storeLastRun(BASE, RUN);
    assert.ok(edit.ok);
    const text = applyTextEdits(BASE, edit.edits);
    const read = readPlaygroundDocument(text);
    assert.ok(read.ok);
    assert.deepEqual(read.problems, []);
    assert.deepEqual(read.document.lastRun?.expectedCheck, RUN.expectedCheck);
    const raw = JSON.parse(text) as { lastRun: { expectedCheck: unknown } };
    assert.deepEqual(storedExpectedCheck(raw.lastRun.expectedCheck), RUN.expectedCheck);
    const pass = { pass: true, errorType: null, message: '', mode: 'default' };
    assert.deepEqual(storedExpectedCheck(pass), pass);
  });

  void it('a malformed check drops the stored run with a located warning; the webview shows no line for it', () => {
    const text = BASE.replace('\n}\n', ',\n  "lastRun": {"output": "[]", "calls": [], "expectedCheck": {"pass": "yes", "errorType": null, "message": "", "mode": "default"}}\n}\n');
    const read = readPlaygroundDocument(text);
    assert.ok(read.ok);
    assert.equal(read.document.lastRun, undefined);
    assert.equal(read.problems.length, 1);
    assert.match(read.problems[0]?.message ?? '', /lastRun\.expectedCheck: must be \{"pass"/);
    assert.equal(read.problems[0]?.location.line, 4);
    for (const bad of [null, [], 'pass', { pass: true, errorType: 3, message: '', mode: 'default' }, { pass: true, errorType: null, message: '', mode: 'strict' }, { pass: true, errorType: null, mode: 'default' }]) {
      assert.equal(storedExpectedCheck(bad), undefined, JSON.stringify(bad));
    }
  });
});
