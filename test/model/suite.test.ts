import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, utimesSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { modelSha256 } from '../../src/cli/modelFingerprint';
import { createLocalEngine, type LocalEngine } from '../../src/engines/local/localEngine';
import { disposeRuntime } from '../../src/engines/local/nodeLlamaCpp';
import { startOpenAiServer, type OpenAiServer } from '../../src/server/openaiServer';
import { capture } from '../support/captureCli';

/**
 * `xlam-lab test` on the tiny GGUF for real: locally (the same seed gives the same outputs, prefix
 * reuse across cases that share their tools, the record's fingerprints, a replay without a
 * model) and through `serve`'s server on 127.0.0.1 (real HTTP).
 */
const ROOT = resolve(__dirname, '../../..');
const SUITE = join(ROOT, 'examples/travel.fctest.json');
const dir = mkdtempSync(join(tmpdir(), 'xlam-suite-model-'));


interface Line {
  type: string;
  case?: string;
  raw?: string;
  verdict?: { valid: boolean; errorType: string | null };
  timings?: { promptTokens: number; cachedPromptTokens: number };
  model?: { sha256?: string; chatTemplateSha256?: string | null };
  engine?: { kind: string; backend: string };
  versions?: Record<string, string>;
}
const readRecord = (path: string): Line[] => readFileSync(path, 'utf8').trimEnd().split('\n').map((l) => JSON.parse(l) as Line);

describe('xlam-lab test on the tiny model', () => {
  let modelPath: string;
  before(async () => {
    modelPath = join(dir, 'tiny.gguf');
    assert.equal(await main(['make-test-model', modelPath], capture()), 0);
    process.env.XDG_CACHE_HOME = join(dir, 'cache');
  });
  after(async () => {
    await disposeRuntime();
    rmSync(dir, { recursive: true, force: true });
  });

  it('the same seed on the CPU gives the same outputs twice; cases sharing tools reuse the prompt prefix', async () => {
    const runs: Line[][] = [];
    const summaries: string[] = [];
    for (const name of ['a', 'b']) {
      const io = capture();
      const record = join(dir, `${name}.jsonl`);
      const code = await main(['test', SUITE, '--model', modelPath, '--threads', '1', '--temperature', '0.9', '--seed', '7', '--trials', '2', '--record', record], io);
      assert.ok(code === 0 || code === 1, io.err);
      assert.match(io.out, /pass@2: [\d.]+%\s+pass\^2: [\d.]+%/);
      runs.push(readRecord(record));
      summaries.push(io.out);
    }
    const [a, b] = runs as [Line[], Line[]];
    const trials = (lines: Line[]) => lines.filter((l) => l.type === 'trial').map((l) => [l.case, l.raw, l.verdict?.errorType]);
    assert.equal(trials(a).length, 12, '6 cases × 2 trials');
    assert.deepEqual(trials(a), trials(b));
    assert.ok(new Set(trials(a).map((t) => t[1])).size > 1, 'the outputs are not all alike');
    const header = a[0] as Line;
    assert.equal(header.model?.sha256, createHash('sha256').update(readFileSync(modelPath)).digest('hex'));
    assert.equal(header.model?.chatTemplateSha256, null, 'the tiny model carries no chat template');
    assert.equal(header.engine?.kind, 'local');
    assert.match(header.versions?.nodeLlamaCpp ?? '', /^\d+\.\d+\.\d+/);
    // Travel cases run one after another: each evaluates only what differs from the previous prompt.
    const travel = a.filter((l) => l.type === 'trial' && !['weather-paris', 'service-up'].includes(l.case ?? '')).slice(1);
    for (const line of travel) assert.ok((line.timings?.cachedPromptTokens ?? 0) > (line.timings?.promptTokens ?? 0) * 0.8, JSON.stringify(line.timings));

    // Replay: no model; the same checker gives the same summary, token counts included.
    const io = capture();
    await main(['test', SUITE, '--replay', join(dir, 'a.jsonl')], io);
    assert.match(io.out, /cases: \d+ passed, \d+ failed of 6/);
    assert.equal(io.out, summaries[0]);
  });

  it("the model's SHA-256 is cached by path, size and modification time", async () => {
    const cache = join(dir, 'hashes.json');
    const first = await modelSha256(modelPath, cache);
    assert.equal(first.cached, false);
    const second = await modelSha256(modelPath, cache);
    assert.deepEqual(second, { sha256: first.sha256, cached: true });
    utimesSync(modelPath, new Date(), new Date(Date.now() + 5000));
    assert.equal((await modelSha256(modelPath, cache)).cached, false, 'a touched file is hashed again');
  });

  describe('through the OpenAI-compatible server on 127.0.0.1', () => {
    let engine: LocalEngine;
    let server: OpenAiServer;
    before(async () => {
      engine = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1 });
      server = await startOpenAiServer({ engine, modelId: 'tiny', format: 'xlam2-qwen' });
    });
    after(async () => {
      await server.close();
      await engine.dispose();
    });

    it('runs the example suite over HTTP: every case scored, JUnit written, exit 1 for the failures', async () => {
      const io = capture();
      const junit = join(dir, 'remote.xml');
      const record = join(dir, 'remote.jsonl');
      const code = await main(['test', SUITE, '--model', server.baseURL, '--max-tokens', '128', '--junit', junit, '--record', record], io);
      assert.equal(code, 1, io.err);
      assert.equal((io.err.match(/^\[\d\/6\] (pass|FAIL) travel › /gm) ?? []).length, 6, io.err);
      assert.match(readFileSync(junit, 'utf8'), /<testsuite name="travel" file="[^"]+" tests="6" /);
      const lines = readRecord(record);
      assert.equal(lines[0]?.engine?.kind, 'remote');
      assert.equal(lines.filter((l) => l.type === 'trial').length, 6);
      for (const line of lines.slice(1)) assert.ok((line.timings?.promptTokens ?? 0) > 100, 'the server reports the prompt it evaluated');
    });
  });
});
