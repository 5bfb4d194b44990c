import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { renderPrompt } from '../../src/core/formats/render';
import { parseToolsText } from '../../src/core/loadInputs';
import { userMessage } from '../../src/core/messages';
import type { LocalEngine } from '../../src/engines/local/localEngine';
import { RemoteEngine } from '../../src/engines/remote/remoteEngine';
import type { OpenAiServer } from '../../src/server/openaiServer';
import { quietIo, startTinyServer, type TinyServer } from '../support/tinyServer';

/**
 * The remote path end to end with no stand-ins: our remote engine (the `openai` client, real HTTP
 * and SSE) → our OpenAI-compatible server on 127.0.0.1 → the local engine on the tiny GGUF.
 */
const ROOT = resolve(__dirname, '../../..');
const tools = parseToolsText(readFileSync(join(ROOT, 'examples/travel.tools.json'), 'utf8'));

describe('loopback server over the real local engine', () => {
  let tiny: TinyServer;
  let engine: LocalEngine;
  let server: OpenAiServer;

  before(async () => {
    tiny = await startTinyServer('xlam-loopback-');
    ({ engine, server } = tiny);
  });

  after(() => tiny.close());

  it('lists the model', async () => {
    assert.deepEqual(await new RemoteEngine({ baseURL: server.baseURL }).listModels(), ['tiny']);
  });

  for (const stream of [true, false]) {
    it(`chat mode (${stream ? 'SSE' : 'whole response'}) with the grammar: the server returns valid tool_calls`, async () => {
      const client = new RemoteEngine({ baseURL: server.baseURL, stream });
      const chunks: string[] = [];
      const result = await client.generate({
        format: 'xlam2-qwen',
        tools,
        messages: [userMessage('Book a hotel in Rome for 2 nights')],
        grammar: 'tools',
        sampling: { temperature: 0.7, seed: 5, maxTokens: 1500 },
        onText: (chunk) => chunks.push(chunk),
      });
      assert.ok(result.calls.length >= 1, `no calls in ${JSON.stringify(result)}`);
      for (const call of result.calls) assert.ok(['search_flights', 'book_hotel'].includes(call.name));
      assert.ok(result.timings.promptTokens > 100);
      await client.dispose();
    });
  }

  it('raw mode sends our exact prompt to /v1/completions and parses the text with our parser', async () => {
    const client = new RemoteEngine({ baseURL: server.baseURL, mode: 'raw' });
    const messages = [userMessage('Find flights from SFO to JFK')];
    const result = await client.generate({ format: 'xlam2-qwen', tools, messages, sampling: { maxTokens: 8, seed: 1 } });
    assert.equal(typeof result.text, 'string');
    const prompt = renderPrompt({ format: 'xlam2-qwen', tools, messages }).prompt;
    // Same prompt as the chat route renders: the server's prefix cache reuses nearly all of it.
    assert.ok(result.timings.promptTokens >= engine.tokenize(prompt).length);
    await client.dispose();
  });
});

describe('xlam-lab run on the tiny model', () => {
  it('--grammar --json returns valid calls of the given tools', async () => {
    const runDir = mkdtempSync(join(tmpdir(), 'xlam-run-'));
    try {
      const modelPath = join(runDir, 'tiny.gguf');
      assert.equal(await main(['make-test-model', modelPath], quietIo), 0);
      let stdout = '';
      const io = { ...quietIo, stdout: (text: string) => void (stdout += text) };
      const args = ['run', '--model', modelPath, '--format', 'fc-v1', '--tools', join(ROOT, 'examples/weather.tools.json'), '--query', 'Weather in Paris?', '--grammar', '--json', '--max-string-chars', '16', '--max-calls', '2'];
      assert.equal(await main(args, io), 0);
      const result = JSON.parse(stdout) as { text: string; calls: Array<{ name: string; arguments: Record<string, unknown> }>; timings: { promptTokens: number } };
      assert.ok(result.text.startsWith('{"tool_calls": ['), result.text);
      for (const call of result.calls) {
        assert.equal(call.name, 'get_weather');
        assert.equal(typeof call.arguments.location, 'string');
        if ('unit' in call.arguments) assert.ok(['celsius', 'fahrenheit'].includes(call.arguments.unit as string));
      }
      assert.ok(result.timings.promptTokens > 100);
    } finally {
      rmSync(runDir, { recursive: true, force: true });
    }
  });
});
