import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { writeGgufToBuffer } from '../../src/core/gguf/ggufWriter';
import { gguf } from '../../src/core/gguf/ggufTypes';
import { buildTestModel } from '../../src/core/gguf/testModel';
import type { GenerateResult } from '../../src/core/engine/types';
import { renderPrompt } from '../../src/core/formats/render';
import { FORMAT_IDS } from '../../src/core/formats/types';
import { isJsonObject, toPlain } from '../../src/core/json/jsonValue';
import { parseToolsText } from '../../src/core/loadInputs';
import { userMessage } from '../../src/core/messages';
import { createLocalEngine, type LocalEngine } from '../../src/engines/local/localEngine';
import { disposeRuntime } from '../../src/engines/local/nodeLlamaCpp';
import { engineError } from '../support/engineError';

/**
 * The local engine for real: node-llama-cpp on our own random-weight GGUF (made at test time,
 * 1 thread). A random model writes garbage, so whatever is valid in its output is the grammar's
 * doing. Timings are printed, never asserted.
 */
const ROOT = resolve(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'xlam-engine-'));
const quietIo = { stdout: () => undefined, stderr: (text: string) => void process.stderr.write(text), readStdin: () => Promise.resolve('') };
const travel = parseToolsText(readFileSync(join(ROOT, 'examples/travel.tools.json'), 'utf8'));
const weather = parseToolsText(readFileSync(join(ROOT, 'examples/weather.tools.json'), 'utf8'));

async function makeModel(name: string, ...options: string[]): Promise<string> {
  const file = join(mkdtempSync(join(tmpdir(), 'xlam-model-')), name);
  assert.equal(await main(['make-test-model', file, ...options], quietIo), 0);
  return file;
}


/** Checks every call against the tool list: known name, required arguments, enum values. */
function assertValidCalls(result: GenerateResult, label: string): void {
  assert.equal(result.parseError, undefined, `${label}: ${result.text}`);
  for (const call of result.calls) {
    const tool = [...travel, ...weather].find((t) => t.name === call.name);
    assert.ok(tool, `${label}: unknown tool ${call.name}`);
    assert.ok(isJsonObject(call.arguments), `${label}: arguments are not an object`);
    const params = toPlain(tool.parameters ?? null) as { properties: Record<string, { enum?: unknown[] }>; required?: string[] };
    const args = toPlain(call.arguments) as Record<string, unknown>;
    for (const name of params.required ?? []) assert.ok(name in args, `${label}: ${call.name} lacks required "${name}"`);
    for (const [name, value] of Object.entries(args)) {
      const prop = params.properties[name];
      assert.ok(prop, `${label}: unexpected argument ${name}`);
      if (prop.enum) assert.ok(prop.enum.includes(value), `${label}: ${name}=${String(value)} not in enum`);
    }
  }
}

describe('local engine on the tiny test model', () => {
  let modelPath: string;
  let engine: LocalEngine;

  before(async () => {
    modelPath = await makeModel('tiny.gguf');
    engine = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1 });
  });

  after(async () => {
    await engine.dispose();
    await disposeRuntime();
    rmSync(dir, { recursive: true, force: true });
    rmSync(resolve(modelPath, '..'), { recursive: true, force: true });
  });

  it('reports the model, backend and a format proposal from the GGUF', () => {
    assert.deepEqual(engine.info(), { kind: 'local', model: 'tiny.gguf', backend: 'cpu', parallel: 1 });
    const facts = engine.facts();
    assert.equal(facts.architecture, 'llama');
    assert.equal(typeof facts.contextLength, 'number');
  });

  for (const format of FORMAT_IDS) {
    it(`${format}: with the grammar on, every run of a random model yields valid calls`, async () => {
      let calls = 0;
      for (let seed = 1; seed <= 4; seed++) {
        const result = await engine.generate({
          format,
          tools: travel,
          messages: [userMessage(`Book a hotel in Paris for ${seed} nights`)],
          grammar: 'tools',
          grammarLimits: { maxStringChars: 12, maxCalls: 3 },
          // The grammar's bounds make every sentence shorter than this, so each run must end by itself.
          sampling: { temperature: 1, seed, maxTokens: 1500 },
        });
        assert.equal(result.finishReason, 'stop', `seed ${seed} did not finish: ${result.text}`);
        assertValidCalls(result, `${format} seed ${seed}`);
        calls += result.calls.length;
        if (format.startsWith('xlam2')) assert.ok(result.calls.length >= 1);
      }
      console.log(`# ${format}: ${calls} valid calls in 4 grammar runs`);
    });
  }

  it('evaluates the prompt token-for-token with exactly one BOS', async () => {
    await engine.generate({ format: 'fc-v1', tools: weather, messages: [userMessage('hi')], sampling: { maxTokens: 1 } });
    const tokens = engine.contextTokens();
    const bos = engine.model.tokens.bos;
    assert.equal(tokens[0], bos);
    assert.notEqual(tokens[1], bos, 'BOS doubled');
  });

  it('reuses the shared prefix: a second query evaluates only the new tokens', async () => {
    const first = await engine.generate({ format: 'xlam2-qwen', tools: travel, messages: [userMessage('Find flights from SFO to JFK')], sampling: { maxTokens: 4 } });
    const second = await engine.generate({ format: 'xlam2-qwen', tools: travel, messages: [userMessage('Find flights from SFO to LAX')], sampling: { maxTokens: 4 } });
    const newTokens = second.timings.promptTokens - second.timings.cachedPromptTokens;
    console.log(`# prefix reuse: ${second.timings.promptTokens} prompt tokens, ${second.timings.cachedPromptTokens} cached, ${newTokens} evaluated (first run evaluated ${first.timings.promptTokens - first.timings.cachedPromptTokens})`);
    assert.ok(second.timings.cachedPromptTokens > 0.8 * second.timings.promptTokens);
    assert.ok(newTokens < 20, `evaluated ${newTokens} tokens`);
  });

  it('streams text chunks that add up to the result text, with timings', async () => {
    const chunks: string[] = [];
    const result = await engine.generate({ format: 'fc-v1', tools: weather, messages: [userMessage('weather?')], sampling: { maxTokens: 24, seed: 3, temperature: 1 }, onText: (c) => chunks.push(c) });
    assert.equal(chunks.join(''), result.text);
    assert.equal(result.finishReason, result.timings.completionTokens >= 24 ? 'length' : 'stop');
    assert.ok(result.timings.promptTokens > 100);
    console.log(`# decode ${result.timings.tokensPerSecond.toFixed(0)} tokens/s, ttft ${result.timings.ttftMs} ms (1 thread)`);
  });

  it('stops promptly when cancelled, keeps the partial text, and the next run works', async () => {
    const controller = new AbortController();
    let abortedAt = 0;
    const result = await engine.generate({
      format: 'fc-v1',
      tools: weather,
      messages: [userMessage('cancel me')],
      sampling: { maxTokens: 100000, temperature: 1, seed: 9 },
      signal: controller.signal,
      onText: () => {
        if (abortedAt === 0) {
          abortedAt = performance.now();
          controller.abort();
        }
      },
    });
    const stopMs = performance.now() - abortedAt;
    console.log(`# cancel stopped generation ${stopMs.toFixed(1)} ms after abort`);
    assert.equal(result.finishReason, 'cancelled');
    assert.ok(result.timings.completionTokens < 1000);
    const next = await engine.generate({ format: 'fc-v1', tools: weather, messages: [userMessage('again')], sampling: { maxTokens: 3 } });
    assert.notEqual(next.finishReason, 'cancelled');
  });

  it('a cancel during prompt evaluation returns at once; evaluation stops between chunks and the next run reuses what was done', async () => {
    // A prompt long enough to take several chunks: ~60 tools, a few thousand byte-level tokens.
    const many = parseToolsText(JSON.stringify(Array.from({ length: 60 }, (_, i) => ({ name: `tool_${i}`, description: `Looks up record ${i} in the catalogue and returns it as JSON.`, parameters: { type: 'object', properties: { id: { type: 'string', description: 'Record id' } } } }))));
    const request = { format: 'fc-v1' as const, tools: many, messages: [userMessage(`cancel during the prompt ${Date.now()}`)], sampling: { maxTokens: 8 } };
    const promptLength = engine.tokenize(renderPrompt({ format: 'fc-v1', tools: many, messages: request.messages }).prompt).length;
    const controller = new AbortController();
    let abortedAt = 0;
    let last = engine.contextTokens().length;
    // Abort as soon as a chunk has landed in the context: it grows (polled; native work runs off the event loop).
    const poll = setInterval(() => {
      const now = engine.contextTokens().length;
      if (abortedAt === 0 && now > last) {
        abortedAt = performance.now();
        controller.abort();
      }
      last = now;
    }, 1);
    const result = await engine.generate({ ...request, signal: controller.signal });
    clearInterval(poll);
    const returnMs = performance.now() - abortedAt;
    assert.ok(abortedAt > 0, 'the prompt finished before the poll saw a chunk');
    assert.equal(result.finishReason, 'cancelled');
    assert.equal(result.timings.completionTokens, 0);
    console.log(`# cancel during prompt evaluation: returned ${returnMs.toFixed(1)} ms after abort (prompt ${promptLength} tokens)`);
    // The next run waits for the chunk in flight, then evaluates only what the cancelled one had not.
    const next = await engine.generate(request);
    assert.notEqual(next.finishReason, 'cancelled');
    assert.ok(next.timings.cachedPromptTokens > 0 && next.timings.cachedPromptTokens < next.timings.promptTokens - 1, `cached ${next.timings.cachedPromptTokens} of ${next.timings.promptTokens}`);
  });
});

describe('local engine faults', () => {
  const faultDir = mkdtempSync(join(tmpdir(), 'xlam-faults-'));
  after(() => rmSync(faultDir, { recursive: true, force: true }));

  it('a missing file is model-not-found, naming the path', async () => {
    const error = await engineError(createLocalEngine({ modelPath: join(faultDir, 'nope.gguf'), gpu: 'cpu', threads: 1 }));
    assert.equal(error.code, 'model-not-found');
    assert.match(error.message, /nope\.gguf/);
  });

  it('a file that is not a GGUF is model-corrupt', async () => {
    const path = join(faultDir, 'text.gguf');
    writeFileSync(path, 'hello, I am not a model');
    const error = await engineError(createLocalEngine({ modelPath: path, gpu: 'cpu', threads: 1 }));
    assert.equal(error.code, 'model-corrupt');
    assert.match(error.message, /not a GGUF model file/);
  });

  it('an empty file is model-corrupt', async () => {
    const path = join(faultDir, 'empty.gguf');
    writeFileSync(path, '');
    assert.equal((await engineError(createLocalEngine({ modelPath: path, gpu: 'cpu', threads: 1 }))).code, 'model-corrupt');
  });

  it('a truncated GGUF is model-corrupt, and a good model loads afterwards', async () => {
    const good = await makeModel('good.gguf');
    const path = join(faultDir, 'truncated.gguf');
    writeFileSync(path, readFileSync(good).subarray(0, 4096));
    const error = await engineError(createLocalEngine({ modelPath: path, gpu: 'cpu', threads: 1 }));
    assert.equal(error.code, 'model-corrupt');
    const engine = await createLocalEngine({ modelPath: good, gpu: 'cpu', threads: 1 });
    await engine.dispose();
  });

  it('a GGUF of an architecture llama.cpp does not know is unsupported-model, naming it', async () => {
    const model = buildTestModel();
    model.document.metadata.set('general.architecture', gguf.str('xlamfoo'));
    const path = join(faultDir, 'arch.gguf');
    writeFileSync(path, writeGgufToBuffer(model.document));
    const error = await engineError(createLocalEngine({ modelPath: path, gpu: 'cpu', threads: 1 }));
    assert.equal(error.code, 'unsupported-model');
    assert.match(error.message, /"xlamfoo"/);
  });

  it('a context too large for this machine is out-of-memory, not a crash', async () => {
    const error = await engineError(createLocalEngine({ modelPath: await makeModel('oom.gguf'), gpu: 'cpu', threads: 1, contextSize: 400_000_000 }));
    assert.equal(error.code, 'out-of-memory');
    assert.match(error.message, /too large/);
  });

  it('a disposed engine refuses to run with a clear error', async () => {
    const engine = await createLocalEngine({ modelPath: await makeModel('disposed.gguf'), gpu: 'cpu', threads: 1 });
    await engine.dispose();
    const error = await engineError(engine.generate({ format: 'fc-v1', tools: weather, messages: [userMessage('x')] }));
    assert.equal(error.code, 'disposed');
  });
});
