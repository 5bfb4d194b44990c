import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { ALL_CASES } from './cases';
import { jsonText, MEAN, WEATHER, weatherAnswer, weatherCall } from './fixtures';

const ROOT = resolve(__dirname, '../../../..');
const DIR = mkdtempSync(join(tmpdir(), 'xlam-check-'));
let written = 0;

function file(name: string, text: string): string {
  const path = join(DIR, `${written++}-${name}`);
  writeFileSync(path, text);
  return path;
}

/** The CLI's main() in-process, its output captured. */
async function check(args: string[]) {
  let stdout = '';
  let stderr = '';
  const io = { stdout: (t: string) => void (stdout += t), stderr: (t: string) => void (stderr += t), readStdin: () => Promise.resolve('') };
  const code = await main(['check', ...args], io);
  return { code, stdout, stderr };
}

/** The arguments for one case; an undefined output leaves --output out. */
function caseArgs(functions: unknown, expected: unknown, output: unknown, category = 'simple', checker = 'bfcl'): string[] {
  const args = ['--checker', checker, '--category', category, '--functions', file('functions.json', jsonText(functions))];
  if (output !== undefined) args.push('--output', file('output.json', jsonText(output)));
  return expected === undefined ? args : [...args, '--expected', file('answer.json', jsonText(expected))];
}

describe('xlam-lab check agrees with the checker table', () => {
  for (const mode of ['bfcl', 'default'] as const) {
    it(`--checker ${mode}: every case gives its verdict, one JSON line and exit 0/1`, async () => {
      for (const c of ALL_CASES) {
        const want = c.expect[mode === 'bfcl' ? 0 : 1];
        const args = caseArgs(c.functions, c.expected, c.output, c.category, mode);
        const run = await check(c.enforceOrder === true ? [...args, '--enforce-order'] : args);
        assert.equal(run.code, want === null ? 0 : 1, `${c.name}: ${run.stdout}${run.stderr}`);
        assert.equal(run.stderr, '');
        assert.ok(run.stdout.endsWith('\n') && run.stdout.indexOf('\n') === run.stdout.length - 1, run.stdout);
        const line = JSON.parse(run.stdout) as { valid: boolean; errorType: string | null; message: string };
        assert.deepEqual(Object.keys(line), ['valid', 'errorType', 'message']);
        assert.deepEqual([line.valid, line.errorType], [want === null, want], c.name);
      }
    });
  }
});

describe('xlam-lab check: exit codes and bad input', () => {
  it('prints {"valid":true,"errorType":null,…} and exits 0 for a valid call', async () => {
    const run = await check(caseArgs([WEATHER], [weatherAnswer(['Paris'])], [weatherCall('paris')]));
    assert.equal(run.code, 0);
    assert.equal(run.stdout, '{"valid":true,"errorType":null,"message":"valid"}\n');
  });

  it('exits 1 with the error type for an invalid call', async () => {
    const run = await check(caseArgs([WEATHER], [weatherAnswer(['Paris'])], [weatherCall('Rome')]));
    assert.equal(run.code, 1);
    const line = JSON.parse(run.stdout) as { valid: boolean; errorType: string; message: string };
    assert.equal(line.valid, false);
    assert.equal(line.errorType, 'value_error:string');
    assert.match(line.message, /"city": "Rome"|parameter "city"/);
  });

  const badInputs: Array<[string, () => string[], RegExp]> = [
    ['invalid JSON in the output', () => [...caseArgs([WEATHER], [weatherAnswer(['Paris'])], undefined), '--output', file('out.json', '[\n  {"get_weather": }\n]')], /out\.json:2:19: invalid JSON: value expected/],
    ['an unknown parameter type', () => caseArgs([{ name: 'f', parameters: { type: 'dict', properties: { x: { type: 'number' } }, required: [] } }], [{ f: { x: [1] } }], [{ f: { x: 1 } }]), /functions\.json:1:\d+: a parameter type must be one of BFCL's string, integer, float/],
    ['an array without items', () => caseArgs([{ name: 'f', parameters: { type: 'dict', properties: { x: { type: 'array' } } } }], [{ f: { x: [[1]] } }], [{ f: { x: [1] } }]), /functions\.json:1:\d+: an array parameter's "items" must be an object/],
    ['an answer naming no documented function', () => caseArgs([WEATHER], [{ get_time: { timezone: ['UTC'] } }], []), /answer\.json:1:\d+: no function "get_time" in the function docs/],
    ['answer values that are not a list', () => caseArgs([WEATHER], [{ get_weather: { city: 'Paris' } }], []), /answer\.json:1:\d+: the possible values of "city" must be a list/],
    ['two answers for a simple case', () => caseArgs([WEATHER], [weatherAnswer(['Paris']), weatherAnswer(['Rome'])], []), /a simple possible answer has exactly one call \(got 2\)/],
    ['a missing file', () => ['--checker', 'bfcl', '--category', 'simple', '--functions', '/nonexistent/f.json', '--expected', '/nonexistent/a.json', '--output', '/nonexistent/o.json'], /cannot read \/nonexistent\/f\.json: no such file/],
  ];
  for (const [what, args, message] of badInputs) {
    it(`exits 2 with a located message for ${what}`, async () => {
      const run = await check(args());
      assert.equal(run.code, 2, run.stdout);
      assert.equal(run.stdout, '');
      assert.match(run.stderr, message);
    });
  }

  it('locates an error on its line and column', async () => {
    const functions = file('fns.json', '[\n  {"name": "mean",\n   "parameters": {"type": "dict", "properties": {"numbers": {"type": "list"}}}}\n]');
    const run = await check(['--checker', 'bfcl', '--category', 'irrelevance', '--functions', functions, '--output', file('o.json', '[]')]);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /fns\.json:3:70: a parameter type must be one of BFCL's/);
  });

  const usage: Array<[string, string[], RegExp]> = [
    ['no --checker', ['--category', 'simple'], /--checker is required/],
    ['an unknown checker', ['--checker', 'strict'], /--checker must be one of bfcl, default/],
    ['an unknown category', ['--checker', 'bfcl', '--category', 'live_simple'], /--category must be one of simple, multiple, parallel, parallel_multiple, irrelevance/],
    ['no --expected for simple', ['--checker', 'bfcl', '--category', 'simple', '--functions', 'f', '--output', 'o'], /--expected is required for simple/],
    ['--enforce-order outside parallel', ['--checker', 'bfcl', '--category', 'multiple', '--functions', 'f', '--expected', 'e', '--output', 'o', '--enforce-order'], /--enforce-order applies to parallel/],
  ];
  for (const [what, args, message] of usage) {
    it(`exits 2 for ${what}, with the usage`, async () => {
      const run = await check(args);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
      assert.match(run.stderr, /Usage: xlam-lab check/);
    });
  }

  it('--help documents the exit codes, and the main help lists the command', async () => {
    const help = await check(['--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /0 valid, 1 invalid, 2 bad input/);
    let top = '';
    await main(['--help'], { stdout: (t) => void (top += t), stderr: () => undefined, readStdin: () => Promise.resolve('') });
    assert.match(top, /\n {2}check {12}score one decoded output/);
  });

  it('runs as node dist/cli.js check (the built CLI)', () => {
    const args = caseArgs([MEAN], [{ mean: { numbers: [[1.5, 2.5]] } }], [{ mean: { numbers: [1.5, 2.5] } }]);
    const run = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'check', ...args], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    assert.equal(run.stdout, '{"valid":true,"errorType":null,"message":"valid"}\n');
    const wrong = spawnSync(process.execPath, [join(ROOT, 'dist/cli.js'), 'check', ...args.slice(0, 6), '--default-typo'], { encoding: 'utf8' });
    assert.equal(wrong.status, 2);
  });
});
