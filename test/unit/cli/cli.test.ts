import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { GOLDENS } from '../formats/goldens';

/** The built CLI, run as a user would: `node dist/cli.js …` (npm test builds it first). */
const ROOT = resolve(__dirname, '../../../..');
const CLI = join(ROOT, 'dist/cli.js');
const WEATHER = join(ROOT, 'examples/weather.tools.json');
const A1_QUERY = "What's the weather like in New York in fahrenheit?";

function cli(args: string[], input?: string) {
  const run = spawnSync(process.execPath, [CLI, ...args], { input: input ?? '', encoding: 'utf8', cwd: ROOT });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

function tempFile(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'xlam-cli-')), name);
  writeFileSync(path, text);
  return path;
}

describe('xlam-lab render', () => {
  it('prints golden A1 (fc-v1 card in the deepseek wrapper) exactly, with no trailing newline', () => {
    const run = cli(['render', '--format', 'fc-v1', '--tools', WEATHER, '--query', A1_QUERY]);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, GOLDENS.A1);
  });

  it('prints golden A2 for --variant bfcl', () => {
    const run = cli(['render', '--format', 'fc-v1', '--variant', 'bfcl', '--tools', WEATHER, '--query', A1_QUERY]);
    assert.equal(run.stdout, GOLDENS.A2);
  });

  it('--part content prints only the user-message content (golden B1 for general-v1)', () => {
    const run = cli(['render', '--format', 'general-v1', '--tools', WEATHER, '--query', A1_QUERY, '--part', 'content']);
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, GOLDENS.B1);
  });

  it('renders a messages file for xLAM-2 Llama starting with <|begin_of_text|>', () => {
    const messages = tempFile('m.json', JSON.stringify([{ role: 'user', content: 'Hi' }]));
    const run = cli(['render', '--format', 'xlam2-llama', '--tools', WEATHER, '--messages', messages]);
    assert.equal(run.code, 0, run.stderr);
    assert.ok(run.stdout.startsWith('<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\n'));
    assert.ok(run.stdout.endsWith('<|start_header_id|>assistant<|end_header_id|>\n\n'));
  });

  it('exits 1 with file:line:col for a broken tools file', () => {
    const bad = tempFile('bad.tools.json', '[\n  {"name": "a",\n]');
    const run = cli(['render', '--format', 'fc-v1', '--tools', bad, '--query', 'q']);
    assert.equal(run.code, 1);
    assert.equal(run.stdout, '');
    assert.match(run.stderr, /bad\.tools\.json:3:1: invalid JSON: property name expected/);
  });

  it('exits 1 naming a missing file', () => {
    const run = cli(['render', '--format', 'fc-v1', '--tools', '/nonexistent/x.json', '--query', 'q']);
    assert.equal(run.code, 1);
    assert.match(run.stderr, /cannot read \/nonexistent\/x\.json: no such file/);
  });

  const usageErrors: Array<[string, string[], RegExp]> = [
    ['no --format', ['render', '--tools', WEATHER, '--query', 'q'], /--format is required/],
    ['an unknown format', ['render', '--format', 'gpt', '--tools', WEATHER, '--query', 'q'], /--format must be one of/],
    ['a variant of another family', ['render', '--format', 'fc-v1', '--variant', 'vllm', '--tools', WEATHER, '--query', 'q'], /--variant must be one of card, bfcl/],
    ['both --query and --messages', ['render', '--format', 'fc-v1', '--tools', WEATHER, '--query', 'q', '--messages', WEATHER], /exactly one of --query and --messages/],
    ['--part content for xLAM-2', ['render', '--format', 'xlam2-qwen', '--tools', WEATHER, '--query', 'q', '--part', 'content'], /--part content applies to fc-v1 and general-v1/],
    ['an unknown option', ['render', '--format', 'fc-v1', '--tool', WEATHER], /unknown option --tool/],
    ['an unknown command', ['rendr'], /unknown command "rendr"/],
  ];
  for (const [what, args, message] of usageErrors) {
    it(`exits 2 for ${what}`, () => {
      const run = cli(args);
      assert.equal(run.code, 2);
      assert.match(run.stderr, message);
    });
  }

  it('--help works everywhere and exits 0', () => {
    for (const args of [['--help'], ['render', '--help'], ['parse', '--help']]) {
      const run = cli(args);
      assert.equal(run.code, 0);
      assert.match(run.stdout, /^Usage: xlam-lab/);
    }
    const parseHelp = cli(['parse', '--help']).stdout;
    for (const field of ['"argumentsMissing"', '"shape"', '"warning"', '"error"']) assert.ok(parseHelp.includes(field), field);
  });
});

describe('xlam-lab parse', () => {
  it('reads stdin and prints calls and content as JSON, order and floats kept', () => {
    const run = cli(['parse', '--format', 'fc-v1'], '{"tool_calls": [{"name": "get_weather", "arguments": {"z": 1.0, "7": "x"}}]}');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '{"calls":[{"name":"get_weather","arguments":{"z":1.0,"7":"x"}}],"content":"","shape":"tool-calls-object"}');
    assert.equal(run.stderr, '');
  });

  it('flags a call whose arguments were missing (reference §6.5), and only that call', () => {
    const run = cli(['parse', '--format', 'xlam2-qwen'], '[{"name": "get_time"}, {"name": "f", "arguments": {}}]');
    assert.equal(run.code, 0, run.stderr);
    assert.equal(run.stdout, '{"calls":[{"name":"get_time","arguments":{},"argumentsMissing":true},{"name":"f","arguments":{}}],"content":"","shape":"array"}');
  });

  it("warns, exit 0, when the output is not the format's own shape", () => {
    const text = 'Sure:\n[{"name": "f", "arguments": {}}]';
    const run = cli(['parse', '--format', 'fc-v1'], text);
    assert.equal(run.code, 0, run.stderr);
    const parsed = JSON.parse(run.stdout) as { calls: Array<{ name: string }>; shape: string; warning: { message: string; offset: number }; error?: unknown };
    assert.deepEqual(parsed.calls.map((c) => c.name), ['f']);
    assert.equal(parsed.shape, 'array');
    assert.equal(parsed.warning.offset, text.indexOf('['));
    assert.match(parsed.warning.message, /^fc v1 output is \{"tool_calls": \[\.\.\.\]\}; read instead: a JSON array/);
    assert.equal(parsed.error, undefined);
    assert.match(run.stderr, /^<stdin>:2:1: warning: fc v1 output is /);
    // The same text is xLAM-2's own shape: no warning.
    const own = cli(['parse', '--format', 'xlam2-llama'], text);
    assert.equal((JSON.parse(own.stdout) as { warning?: unknown }).warning, undefined);
    assert.equal(own.stderr, '');
  });

  it('says "tool_calls" is not a list, at its value', () => {
    const run = cli(['parse', '--format', 'fc-v1'], '{"tool_calls": "abc"}');
    assert.equal(run.code, 1);
    const parsed = JSON.parse(run.stdout) as { error: { message: string; offset: number } };
    assert.match(parsed.error.message, /^"tool_calls" is not a list of calls but a string/);
    assert.equal(parsed.error.offset, '{"tool_calls": '.length);
    assert.match(run.stderr, /^<stdin>:1:16: "tool_calls" is not a list/);
  });

  it('--strict vllm rejects the fc v1 object shape that vLLM drops', () => {
    const run = cli(['parse', '--format', 'xlam2-qwen', '--strict', 'vllm'], '{"tool_calls": [{"name": "f", "arguments": {}}]}');
    assert.equal(run.code, 0, run.stderr);
    const parsed = JSON.parse(run.stdout) as { calls: unknown[]; shape?: unknown; warning?: unknown };
    assert.deepEqual([parsed.calls, parsed.shape, parsed.warning], [[], undefined, undefined]);
  });

  it('reports a truncated call with an error and exit 1', () => {
    const run = cli(['parse', '--format', 'xlam2-qwen'], '[{"name": "get_weather", "arguments": {"location": "Lon');
    assert.equal(run.code, 1);
    const parsed = JSON.parse(run.stdout) as { calls: unknown[]; error: { message: string; offset: number } };
    assert.deepEqual(parsed.calls, []);
    assert.equal(typeof parsed.error.message, 'string');
    assert.match(run.stderr, /^<stdin>:1:\d+: /);
  });
});
