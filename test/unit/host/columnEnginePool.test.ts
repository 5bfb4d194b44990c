import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError, type Engine, type EngineInfo, type GenerateRequest, type GenerateResult } from '../../../src/core/engine/types';
import { lanesOf } from '../../../src/core/playground/compareLanes';
import { ColumnEnginePool, type ColumnRunner, type PoolOpeners } from '../../../src/host/playground/columnEnginePool';
import type { RunResultPayload } from '../../../src/shared/playgroundProtocol';

/** A stand-in engine: answers with its own name, records its disposal. */
class StandIn implements Engine {
  disposed = false;
  constructor(
    private readonly description: EngineInfo,
    readonly modelPath?: string,
  ) {}
  info(): EngineInfo {
    return this.description;
  }
  generate(): Promise<GenerateResult> {
    return Promise.resolve({ text: this.description.model, calls: [], content: '', finishReason: 'stop', timings: { promptTokens: 1, cachedPromptTokens: 0, ttftMs: 1, tokensPerSecond: 1, completionTokens: 1 } });
  }
  dispose(): Promise<void> {
    this.disposed = true;
    return Promise.resolve();
  }
}

const local = (path: string): StandIn => new StandIn({ kind: 'local', model: path.split('/').pop() ?? path, backend: 'cpu' }, path);
const remote = (baseUrl: string, model: string): StandIn => new StandIn({ kind: 'remote', model, backend: baseUrl });
const REQUEST: GenerateRequest = { format: 'fc-v1', tools: [], messages: [] };

/** Openers that record what was opened; `fail` paths/URLs throw as a missing file or dead server would. */
function openers(fail: Set<string> = new Set()): PoolOpeners & { opened: string[]; engines: StandIn[]; scopeRuns: number } {
  const record = {
    opened: [] as string[],
    engines: [] as StandIn[],
    scopeRuns: 0,
    local: (path: string): Promise<Engine> => {
      record.opened.push(path);
      if (fail.has(path)) return Promise.reject(new EngineError('model-not-found', 'no such file'));
      const engine = local(path);
      record.engines.push(engine);
      return Promise.resolve(engine);
    },
    endpoint: (e: { baseUrl: string; model?: string }): Promise<Engine> => {
      record.opened.push(e.baseUrl);
      const engine = remote(e.baseUrl, e.model ?? 'first');
      record.engines.push(engine);
      return Promise.resolve(engine);
    },
    generateOnScope: (): Promise<GenerateResult> => {
      record.scopeRuns++;
      return Promise.resolve({ text: 'scope', calls: [], content: '', finishReason: 'stop', timings: { promptTokens: 1, cachedPromptTokens: 0, ttftMs: 1, tokensPerSecond: 1, completionTokens: 1 } });
    },
    modeOf: (): 'chat' => 'chat',
    log: { info: () => undefined, warn: () => undefined },
  };
  return record;
}

function runner(opened: ColumnRunner | { error: RunResultPayload }): ColumnRunner {
  assert.ok(!('error' in opened), `opened: ${JSON.stringify(opened)}`);
  return opened;
}

void describe('ColumnEnginePool', () => {
  void it("runs columns that name the current engine's file or endpoint through the scope, in the current engine's lane", async () => {
    const o = openers();
    const pool = new ColumnEnginePool(o);
    const current = local('/models/tiny.gguf');
    const plans = [pool.plan({ kind: 'current' }, 0, current), pool.plan({ kind: 'local', path: '/models/tiny.gguf' }, 1, current), pool.plan({ kind: 'local', path: '/models/other.gguf' }, 2, current)];
    assert.deepEqual(lanesOf(plans.map((p) => p.lane)), [[0, 1], [2]]);
    for (const plan of plans.slice(0, 2)) {
      const r = runner(await plan.open());
      assert.equal(r.engine, current);
      assert.equal((await r.generate(REQUEST)).text, 'scope');
    }
    assert.equal(o.scopeRuns, 2);
    const other = runner(await plans[2]!.open());
    assert.equal((await other.generate(REQUEST)).text, 'other.gguf');
    assert.deepEqual(o.opened, ['/models/other.gguf'], 'only the other model was loaded');

    const endpoint = remote('http://127.0.0.1:8000/v1', 'qwen');
    const same = pool.plan({ kind: 'endpoint', baseUrl: 'http://127.0.0.1:8000', model: 'qwen' }, 0, endpoint);
    assert.equal(runner(await same.open()).engine, endpoint, 'the bare host means /v1, the connected endpoint');
    const otherModel = pool.plan({ kind: 'endpoint', baseUrl: 'http://127.0.0.1:8000/v1', model: 'llama' }, 1, endpoint);
    assert.notEqual(runner(await otherModel.open()).engine, endpoint);
    await pool.dispose();
  });

  void it('opens another model once for all its columns, which share a lane; every endpoint column has a lane of its own', async () => {
    const o = openers();
    const pool = new ColumnEnginePool(o);
    const plans = [pool.plan({ kind: 'local', path: '/m/a.gguf' }, 0, undefined), pool.plan({ kind: 'endpoint', baseUrl: 'http://h:1/v1' }, 1, undefined), pool.plan({ kind: 'local', path: '/m/a.gguf' }, 2, undefined), pool.plan({ kind: 'endpoint', baseUrl: 'http://h:1/v1' }, 3, undefined)];
    assert.deepEqual(lanesOf(plans.map((p) => p.lane)), [[0, 2], [1], [3]]);
    const engines = await Promise.all(plans.map(async (p) => runner(await p.open()).engine));
    assert.equal(engines[0], engines[2]);
    assert.equal(engines[1], engines[3], 'one client for the same endpoint');
    assert.deepEqual(o.opened, ['/m/a.gguf', 'http://h:1/v1']);
    // The next run reuses them.
    await pool.plan({ kind: 'local', path: '/m/a.gguf' }, 0, undefined).open();
    assert.equal(o.opened.length, 2);
    await pool.dispose();
    assert.ok(o.engines.every((e) => e.disposed), 'closing the playground disposes what the pool opened');
  });

  void it('releases the engines no column names any more, and keeps those still named', async () => {
    const o = openers();
    const pool = new ColumnEnginePool(o);
    const a = pool.plan({ kind: 'local', path: '/m/a.gguf' }, 0, undefined);
    const b = pool.plan({ kind: 'local', path: '/m/b.gguf' }, 1, undefined);
    await a.open();
    await b.open();
    const [engineA, engineB] = o.engines as [StandIn, StandIn];
    await pool.release(new Set([b.poolKey as string]));
    assert.equal(engineA.disposed, true, 'a.gguf is no longer named: closed');
    assert.equal(engineB.disposed, false);
    await pool.plan({ kind: 'local', path: '/m/b.gguf' }, 0, undefined).open();
    await pool.plan({ kind: 'local', path: '/m/a.gguf' }, 1, undefined).open();
    assert.deepEqual(o.opened, ['/m/a.gguf', '/m/b.gguf', '/m/a.gguf'], 'b.gguf reused; a.gguf opened again when named again');
    await pool.dispose();
  });

  void it('a model that fails to open fails its column with the path and the reason, and is tried again next run', async () => {
    const o = openers(new Set(['/m/missing.gguf']));
    const pool = new ColumnEnginePool(o);
    const failed = await pool.plan({ kind: 'local', path: '/m/missing.gguf' }, 1, undefined).open();
    assert.ok('error' in failed && !failed.error.ok);
    assert.equal(failed.error.error.code, 'model-not-found');
    assert.match(failed.error.error.message, /\/m\/missing\.gguf: no such file/);
    await pool.plan({ kind: 'local', path: '/m/missing.gguf' }, 1, undefined).open();
    assert.equal(o.opened.filter((p) => p === '/m/missing.gguf').length, 2);
    await pool.dispose();
  });

  void it('a column on the current engine gets the no-engine error when there is none; a bad URL fails its column', async () => {
    const pool = new ColumnEnginePool(openers());
    const noEngine: { error: RunResultPayload } = { error: { ok: false, error: { code: 'no-engine', message: 'No model loaded', action: 'selectEngine' } } };
    assert.deepEqual(await pool.plan({ kind: 'current' }, 0, noEngine).open(), noEngine);
    const bad = await pool.plan({ kind: 'endpoint', baseUrl: 'ftp://h/v1' }, 1, undefined).open();
    assert.ok('error' in bad && !bad.error.ok);
    assert.match(bad.error.error.message, /ftp:\/\/h\/v1: the URL must start with http/);
    await pool.dispose();
  });

  void it('an engine still loading when the playground closes is disposed once loaded, and no column gets it', async () => {
    let finishLoad: (engine: Engine) => void = () => undefined;
    const loading = local('/m/slow.gguf');
    const pool = new ColumnEnginePool({ ...openers(), local: () => new Promise<Engine>((resolve) => (finishLoad = resolve)) });
    const opening = pool.plan({ kind: 'local', path: '/m/slow.gguf' }, 0, undefined).open();
    await new Promise((resolve) => setImmediate(resolve));
    const closed = pool.dispose();
    finishLoad(loading);
    const result = await opening;
    await closed;
    assert.ok('error' in result, 'the column is told the playground closed');
    assert.ok(loading.disposed);
  });
});
