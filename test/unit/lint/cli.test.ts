import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { RULE_CODES } from '../../../src/core/lint';

/** The built CLI, run as a user would (npm test builds it first). */
const ROOT = resolve(__dirname, '../../../..');
const CLI = join(ROOT, 'dist/cli.js');
const FIXTURES = 'test/fixtures/lint';

function lint(args: string[], cwd = ROOT) {
  const run = spawnSync(process.execPath, [CLI, 'lint', ...args], { encoding: 'utf8', cwd });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr, lines: run.stdout.split('\n').filter((l) => l !== '') };
}

const LINE = /^(.+):(\d+):(\d+) (error|warning|info) ([a-z0-9-]+) (.+)$/;

describe('xlam-lab lint', () => {
  it('prints file:line:col severity code message and exits 1 when there is an error', () => {
    const file = `${FIXTURES}/tools/required-unknown.bad.tools.json`;
    const run = lint([file]);
    assert.equal(run.code, 1, run.stderr);
    assert.ok(run.lines.every((line) => LINE.test(line)), run.stdout);
    assert.ok(run.lines.includes(`${file}:15:9 error required-unknown "required" names "country", which "properties" does not declare`), run.stdout);
    assert.match(run.stderr, /^1 errors, 0 warnings, 1 infos in 1 files$/m);
  });

  it('exits 0 when there are only warnings and infos', () => {
    const run = lint([`${FIXTURES}/tools/tool-description-missing.bad.tools.json`, `${FIXTURES}/tools/grammar-unenforced.bad.tools.json`]);
    assert.equal(run.code, 0, run.stdout);
    assert.deepEqual(
      run.lines.map((line) => LINE.exec(line)?.slice(4, 6).join(' ')),
      ['warning tool-description-missing', 'info fc-v1-loss', 'info grammar-unenforced', 'info fc-v1-loss'],
    );
  });

  it('lints several files in order, calls files with their tools file resolved relative to themselves', () => {
    const calls = resolve(ROOT, FIXTURES, 'calls/call-unknown-function.bad.calls.jsonl');
    const run = lint([calls, resolve(ROOT, FIXTURES, 'calls/call-unknown-function.good.calls.jsonl')], tmpdir());
    assert.equal(run.code, 1);
    assert.deepEqual(run.lines, [`${calls}:1:79 error call-unknown-function unknown function "book_hotels"; did you mean "book_hotel"?`]);
  });

  it('--json prints one object with file-tagged diagnostics and a summary', () => {
    const file = `${FIXTURES}/tools/tool-name-invalid.bad.tools.json`;
    const run = lint(['--json', file]);
    assert.equal(run.code, 1);
    const out = JSON.parse(run.stdout) as { diagnostics: Array<{ file: string; code: string; range: { start: { line: number; column: number } } }>; summary: Record<string, number> };
    const d = out.diagnostics.find((x) => x.code === 'tool-name-invalid');
    assert.deepEqual([d?.file, d?.range.start.line, d?.range.start.column], [file, 3, 13]);
    assert.equal(out.summary.error, 1);
    assert.equal(run.stderr, '');
  });

  it('a missing file is bad input (exit 1, named on stderr); the other files are still linted', () => {
    const run = lint(['nope.tools.json', `${FIXTURES}/tools/tool-name-invalid.good.tools.json`]);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /^nope\.tools\.json: no such file$/m);
  });

  it('-- ends the options: a file named like an option is linted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'xlam-lint-'));
    try {
      writeFileSync(join(dir, '--json'), '[{"name": "bad name", "description": "Get the current weather for a city"}]');
      const run = lint(['--format', 'xlam2-qwen', '--', '--json'], dir);
      assert.equal(run.code, 1, run.stderr);
      assert.deepEqual(run.lines, ['--json:1:11 error tool-name-invalid tool name "bad name" must match ^[a-zA-Z0-9_-]{1,64}$ (letters, digits, _ and -, at most 64)']);
      assert.equal(lint(['--'], dir).code, 2, 'still needs a FILE');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('usage errors exit 2 with the usage', () => {
    for (const args of [[], ['--bogus', 'a.tools.json'], ['--kind', 'both', 'a.tools.json'], ['--format', 'fc-v9', 'a.tools.json']]) {
      const run = lint(args);
      assert.equal(run.code, 2, args.join(' '));
      assert.match(run.stderr, /Usage: xlam-lab lint/);
    }
  });

  it('--rules lists every rule code with its severity; --help exits 0', () => {
    const run = lint(['--rules']);
    assert.equal(run.code, 0);
    assert.deepEqual(run.lines.map((line) => line.split(' ')[0]), RULE_CODES);
    assert.equal(lint(['--help']).code, 0);
  });

  it('the main help lists the lint command', () => {
    const run = spawnSync(process.execPath, [CLI, '--help'], { encoding: 'utf8' });
    assert.match(run.stdout, /^ {2}lint {13}check tools files/m);
  });
});
