import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { leaks, runCli } from '../../support/captureCli';
import { A1_QUERY, GOLDENS, W1_TOOLS } from '../formats/goldens';
import { NO_PYTHON, python, tempFile } from '../export/support';

const tools = (): string => tempFile('w.tools.json', W1_TOOLS);

describe('xlam-lab export', () => {
  it('prints python-prompt code that prints golden A1 when python3 runs it', { skip: NO_PYTHON }, async () => {
    const run = await runCli(['export', '--lang', 'python-prompt', '--format', 'fc-v1', '--tools', tools(), '--query', A1_QUERY]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(python([tempFile('a1.py', run.stdout)]).toString('utf8'), GOLDENS.A1);
  });

  it('prints every language for every format it serves (exit 0, code on stdout)', async () => {
    for (const lang of ['python-transformers', 'python-openai', 'ts-node-llama-cpp', 'curl']) {
      for (const format of ['fc-v1', 'general-v1', 'xlam2-qwen', 'xlam2-llama']) {
        const run = await runCli(['export', '--lang', lang, '--format', format, '--tools', tools(), '--query', 'hi']);
        assert.equal(run.code, 0, `${lang} ${format}: ${run.stderr}`);
        assert.match(run.stdout, /xLAM Tool Lab export/);
      }
    }
  });

  it('python-prompt for xLAM-2 is a usage error (exit 2) naming the lang to use, before any file is read', async () => {
    const run = await runCli(['export', '--lang', 'python-prompt', '--format', 'xlam2-qwen', '--tools', '/no/such/file.json', '--query', 'hi']);
    assert.equal(run.code, 2);
    assert.match(run.stderr, /python-prompt builds the v1 prompts .* use --lang python-transformers/);
    assert.equal(run.stdout, '');
  });

  it('usage errors exit 2 and say what is wrong', async () => {
    const cases: Array<[string[], RegExp]> = [
      [['--format', 'fc-v1', '--tools', 'x', '--query', 'q'], /--lang is required/],
      [['--lang', 'rust', '--format', 'fc-v1', '--tools', 'x', '--query', 'q'], /--lang must be one of python-prompt, .*\(got "rust"\)/],
      [['--lang', 'curl', '--format', 'fc-v1', '--tools', 'x'], /exactly one of --query and --messages/],
      [['--lang', 'curl', '--format', 'fc-v1', '--variant', 'vllm', '--tools', 'x', '--query', 'q'], /--variant must be one of card, bfcl/],
      [['--lang', 'python-prompt', '--mode', 'raw', '--format', 'fc-v1', '--tools', 'x', '--query', 'q'], /--mode applies to python-openai and curl/],
      [['--lang', 'curl', '--mode', 'raw', '--grammar', '--format', 'xlam2-qwen', '--tools', 'x', '--query', 'q'], /grammar with a remote server works in chat mode only/],
      [['--lang', 'curl', '--max-tokens', '0', '--format', 'fc-v1', '--tools', 'x', '--query', 'q'], /--max-tokens must be a positive integer/],
    ];
    for (const [argv, message] of cases) {
      const run = await runCli(['export', ...argv]);
      assert.equal(run.code, 2, argv.join(' '));
      assert.match(run.stderr, message);
      assert.equal(leaks(run), undefined);
    }
  });

  it('a bad tools file is bad input (exit 1) located at file:line:col', async () => {
    const bad = tempFile('bad.tools.json', '[\n  {"name": "ok"},\n  {"description": "no name"}\n]');
    const run = await runCli(['export', '--lang', 'curl', '--format', 'fc-v1', '--tools', bad, '--query', 'q']);
    assert.equal(run.code, 1);
    assert.ok(run.stderr.startsWith(`${bad}:3:3: `), run.stderr);
    assert.match(run.stderr, /tool 1 has no string "name"/);
  });

  it('says on stderr what the code does not do (a grammar transformers cannot apply) and keeps the renderer\'s warnings', async () => {
    const messages = tempFile('m.json', JSON.stringify([{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }, { role: 'user', content: 'c' }]));
    const run = await runCli(['export', '--lang', 'python-transformers', '--grammar', '--format', 'fc-v1', '--tools', tools(), '--messages', messages]);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, /note: python-transformers does not constrain the output/);
    assert.match(run.stderr, /warning: fc-v1 card has no slot for history/);
  });
});
