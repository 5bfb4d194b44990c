import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runServe } from '../../src/cli/commands/serve';
import { main } from '../../src/cli/main';
import { createLocalEngine } from '../../src/engines/local/localEngine';
import { disposeRuntime } from '../../src/engines/local/nodeLlamaCpp';
import { quietIo } from '../support/tinyServer';

/**
 * `xlam-lab serve --parallel 3` in this process on the tiny model: three streaming requests at
 * once over real HTTP are generated together (all three stream before any ends) with one model
 * load, and each answers exactly what the prompt gives alone on a fresh one-sequence engine.
 */
const PROMPTS = ['Alpha: the weather in Oslo is', 'Bravo: book a flight to Lima', 'Charlie: trains from Riga to'];
const SAMPLING = [
  { temperature: 0, max_tokens: 12 },
  { temperature: 0.8, seed: 4, max_tokens: 12 },
  { temperature: 1, seed: 9, max_tokens: 12 },
];

/** One streaming /v1/completions request; `onFirst` fires at its first text chunk. */
async function streamCompletion(baseURL: string, body: object, onFirst: () => void): Promise<string> {
  const response = await fetch(`${baseURL}/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'tiny', stream: true, ...body }) });
  assert.equal(response.status, 200);
  assert.ok(response.body);
  const decoder = new TextDecoder();
  let buffered = '';
  let text = '';
  for await (const bytes of response.body) {
    buffered += decoder.decode(bytes as Uint8Array, { stream: true });
    let end: number;
    while ((end = buffered.indexOf('\n\n')) >= 0) {
      const event = buffered.slice(0, end);
      buffered = buffered.slice(end + 2);
      const data = event.replace(/^data: /, '');
      if (data === '[DONE]') continue;
      const chunk = JSON.parse(data) as { choices?: { text?: string }[] };
      const piece = chunk.choices?.[0]?.text ?? '';
      if (piece !== '') {
        if (text === '') onFirst();
        text += piece;
      }
    }
  }
  return text;
}

describe('serve --parallel on the tiny model', () => {
  let modelPath: string;
  let expected: string[];

  before(async () => {
    modelPath = join(mkdtempSync(join(tmpdir(), 'xlam-serve-par-')), 'tiny.gguf');
    assert.equal(await main(['make-test-model', modelPath], quietIo), 0);
    const alone = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1 });
    expected = [];
    for (const [i, prompt] of PROMPTS.entries()) {
      await alone.lastSequence.clearHistory();
      const { temperature, max_tokens: maxTokens, seed } = SAMPLING[i] as { temperature: number; max_tokens: number; seed?: number };
      expected.push((await alone.complete({ prompt, sampling: { temperature, maxTokens, ...(seed !== undefined ? { seed } : {}) } })).text);
    }
    await alone.dispose();
  });

  after(async () => {
    await disposeRuntime();
    rmSync(resolve(modelPath, '..'), { recursive: true, force: true });
  });

  it('three requests at once are generated together and each answers as it would alone', async () => {
    let stop!: () => void;
    const until = new Promise<void>((resolveStop) => (stop = resolveStop));
    let listening!: (line: string) => void;
    const serving = new Promise<string>((resolveLine) => (listening = resolveLine));
    const io = { ...quietIo, stdout: (text: string) => (text.startsWith('serving ') ? listening(text) : undefined) };
    const exit = runServe(['--model', modelPath, '--port', '0', '--format', 'fc-v1', '--model-id', 'tiny', '--parallel', '3'], io, until);
    try {
      const line = await Promise.race([serving, exit.then((code) => assert.fail(`serve exited ${code} before serving`))]);
      assert.match(line, /, 3 requests at once\n$/);
      const baseURL = /at (http:\/\/\S+\/v1),/.exec(line)?.[1];
      assert.ok(baseURL, line);
      let streaming = 0;
      let overlap = 0;
      const texts = await Promise.all(
        PROMPTS.map(async (prompt, i) => {
          let counted = false;
          const text = await streamCompletion(baseURL, { prompt, ...SAMPLING[i] }, () => {
            counted = true;
            overlap = Math.max(overlap, ++streaming);
          });
          if (counted) streaming--;
          return text;
        }),
      );
      assert.deepEqual(texts, expected);
      // How many streamed at once depends on when the three requests reach the server (one may
      // end before the last arrives): reported, not asserted. That the engine lends its three
      // sequences at once is asserted in localSequences.test.ts; the queue's width in runQueue.test.ts.
      console.log(`# serve --parallel 3: ${overlap} requests streaming at once, answers equal to one-at-a-time runs`);
    } finally {
      stop();
      assert.equal(await exit, 0);
    }
  });
});
