import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { startOpenAiServer, type OpenAiServer } from '../../../src/server/openaiServer';
import { capture } from '../../support/captureCli';
import { ScriptedEngine } from '../../support/scriptedEngine';
import { closedPortURL, TOOLS_JSON } from './helpers';


const CALLS = '[{"name": "get_weather", "arguments": {"location": "Paris", "days": 2.0}}]';

describe('CLI run against a remote endpoint (our server over ScriptedEngine), serve usage', () => {
  let dir: string;
  let tools: string;
  let server: OpenAiServer;
  const engine = new ScriptedEngine({ reply: () => CALLS, completion: () => CALLS });
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'xlam-run-'));
    tools = join(dir, 'tools.json');
    writeFileSync(tools, TOOLS_JSON);
    server = await startOpenAiServer({ engine, modelId: 'xlam-test', format: 'xlam2-llama' });
  });
  after(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('--json prints {"text","calls","content","timings","finishReason"} with the server tool calls', async () => {
    const io = capture();
    const code = await main(['run', '--model', server.baseURL, '--format', 'xlam2-llama', '--tools', tools, '--query', 'weather in Paris', '--json'], io);
    assert.equal(code, 0, io.err);
    const out = JSON.parse(io.out) as { text: string; calls: Array<{ name: string; arguments: unknown }>; content: string; timings: Record<string, number>; finishReason: string };
    assert.deepEqual(Object.keys(out), ['text', 'calls', 'content', 'timings', 'finishReason']);
    assert.equal(out.finishReason, 'stop');
    assert.deepEqual(out.calls, [{ name: 'get_weather', arguments: { location: 'Paris', days: 2 } }]);
    // Lexemes survive into the printed JSON.
    assert.match(io.out, /"days":2\.0/);
    assert.equal(typeof out.timings.ttftMs, 'number');
  });

  it('--raw sends the exact prompt to /v1/completions and prints the raw output, then the calls', async () => {
    const io = capture();
    const code = await main(['run', '--model', server.baseURL, '--format', 'xlam2-llama', '--tools', tools, '--query', 'weather in Paris', '--raw', '--max-tokens', '64', '--temperature', '0'], io);
    assert.equal(code, 0, io.err);
    assert.equal(io.out, `${CALLS}\n--- calls (1) ---\n{"name":"get_weather","arguments":{"location":"Paris","days":2.0}}\n`);
    assert.match(io.err, /ttft \d+ ms, [\d.]+ tok\/s/);
    assert.equal(engine.prompts.at(-1)?.sampling?.maxTokens, 64);
  });

  it('an unreachable endpoint is exit 1 with the typed error', async () => {
    const url = await closedPortURL();
    const io = capture();
    const code = await main(['run', '--model', url, '--format', 'fc-v1', '--tools', tools, '--query', 'q'], io);
    assert.equal(code, 1);
    assert.match(io.err, /^xlam-lab run: endpoint-refused: connection refused by http:\/\/127\.0\.0\.1:\d+\/v1\/models/);
  });

  it('usage errors: missing --model, --raw with a local model, bad numbers', async () => {
    for (const argv of [
      ['run', '--format', 'fc-v1', '--tools', 'x', '--query', 'q'],
      ['run', '--model', 'm.gguf', '--format', 'fc-v1', '--tools', 'x', '--query', 'q', '--raw'],
      ['run', '--model', 'http://h/v1', '--format', 'fc-v1', '--tools', 'x', '--query', 'q', '--max-tokens', '0'],
      ['run', '--model', 'http://', '--format', 'fc-v1', '--tools', 'x', '--query', 'q'],
      ['run', '--model', 'http://h/v1', '--format', 'fc-v1', '--tools', 'x', '--query', 'q', '--threads', '2'],
      ['run', '--model', 'm.gguf', '--format', 'fc-v1', '--tools', 'x', '--query', 'q', '--threads', '0'],
      ['run', '--model', 'm.gguf', '--format', 'fc-v1', '--tools', 'x', '--query', 'q', '--max-items', '-1'],
      ['serve'],
      ['serve', '--model', 'm.gguf', '--port', 'eighty'],
    ]) {
      const io = capture();
      assert.equal(await main(argv, io), 2, `${argv.join(' ')}: ${io.err}`);
    }
  });

  it('help for both commands', async () => {
    for (const name of ['run', 'serve']) {
      const io = capture();
      assert.equal(await main([name, '--help'], io), 0);
      assert.match(io.out, new RegExp(`^Usage: xlam-lab ${name} --model`));
    }
  });
});
