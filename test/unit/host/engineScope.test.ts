import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EngineError, type Engine, type EngineInfo, type GenerateRequest, type GenerateResult } from '../../../src/core/engine/types';
import { EngineScope, type EngineState } from '../../../src/host/engineScope';

/** An engine that records its disposal and answers runs when told to (or when aborted). */
class FakeEngine implements Engine {
  disposed = false;
  private pending: Array<{ resolve: (result: GenerateResult) => void }> = [];
  constructor(readonly name: string) {}
  info(): EngineInfo {
    return { kind: 'local', model: this.name, backend: 'cpu' };
  }
  generate(request: GenerateRequest): Promise<GenerateResult> {
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve });
      request.signal?.addEventListener('abort', () => reject(new EngineError('cancelled', 'aborted')), { once: true });
    });
  }
  finishAll(): void {
    for (const run of this.pending.splice(0)) run.resolve({ text: '[]', calls: [], content: '', finishReason: 'stop', timings: { promptTokens: 1, cachedPromptTokens: 0, ttftMs: 1, tokensPerSecond: 1, completionTokens: 1 } });
  }
  dispose(): Promise<void> {
    this.disposed = true;
    return Promise.resolve();
  }
}

const REQUEST: GenerateRequest = { format: 'fc-v1', tools: [], messages: [] };

function track(scope: EngineScope): EngineState[] {
  const states: EngineState[] = [];
  scope.onDidChange((snapshot) => states.push(snapshot.state));
  return states;
}

describe('EngineScope (one engine at a time)', () => {
  it('loading another model disposes the previous one first', async () => {
    const scope = new EngineScope();
    const states = track(scope);
    const a = new FakeEngine('a.gguf');
    const b = new FakeEngine('b.gguf');
    await scope.replace('a.gguf', () => Promise.resolve(a));
    let disposedBeforeOpen: boolean | undefined;
    await scope.replace('b.gguf', () => {
      disposedBeforeOpen = a.disposed;
      return Promise.resolve(b);
    });
    assert.equal(disposedBeforeOpen, true);
    assert.equal(scope.current, b);
    assert.equal(scope.snapshot().info?.model, 'b.gguf');
    assert.deepEqual(states, ['loading', 'idle', 'loading', 'idle']);
  });

  it('a failed load leaves no engine and the error in the snapshot', async () => {
    const scope = new EngineScope();
    const a = new FakeEngine('a.gguf');
    await scope.replace('a.gguf', () => Promise.resolve(a));
    await assert.rejects(scope.replace('missing.gguf', () => Promise.reject(new EngineError('model-not-found', 'no model file at /missing.gguf'))), /no model file/);
    assert.equal(a.disposed, true);
    assert.equal(scope.current, undefined);
    assert.deepEqual(scope.snapshot(), { state: 'error', error: 'no model file at /missing.gguf' });
  });

  it('a cancelled load ends in "none", not "error"', async () => {
    const scope = new EngineScope();
    const controller = new AbortController();
    const loading = scope.replace(
      'slow.gguf',
      (signal) =>
        new Promise<FakeEngine>((_, reject) => {
          signal.addEventListener('abort', () => reject(new EngineError('cancelled', 'loading slow.gguf was cancelled')));
        }),
      { signal: controller.signal },
    );
    controller.abort();
    await assert.rejects(loading, (error: unknown) => error instanceof EngineError && error.code === 'cancelled');
    assert.equal(scope.snapshot().state, 'none');
  });

  it('a load superseded by another is disposed when it finishes late', async () => {
    const scope = new EngineScope();
    const late = new FakeEngine('late.gguf');
    let finishLate: (engine: FakeEngine) => void = () => undefined;
    let opened: () => void = () => undefined;
    const openedPromise = new Promise<void>((resolve) => (opened = resolve));
    // The late load ignores its abort signal, as a native load that cannot be interrupted would.
    const first = scope.replace(
      'late.gguf',
      () =>
        new Promise<FakeEngine>((resolve) => {
          finishLate = resolve;
          opened();
        }),
    );
    await openedPromise;
    const second = new FakeEngine('second.gguf');
    await scope.replace('second.gguf', () => Promise.resolve(second));
    finishLate(late);
    await assert.rejects(first, (error: unknown) => error instanceof EngineError && error.code === 'cancelled');
    assert.equal(late.disposed, true);
    assert.equal(scope.current, second);
    assert.equal(scope.snapshot().state, 'idle');
  });

  it('generate goes generating → idle; unload aborts a running generation and disposes', async () => {
    const scope = new EngineScope();
    const a = new FakeEngine('a.gguf');
    await scope.replace('a.gguf', () => Promise.resolve(a));
    const states = track(scope);
    const run = scope.generate(REQUEST);
    assert.equal(scope.snapshot().state, 'generating');
    a.finishAll();
    await run;
    assert.deepEqual(states, ['generating', 'idle']);

    const running = scope.generate(REQUEST);
    const info = await scope.unload();
    assert.equal(info?.model, 'a.gguf');
    await assert.rejects(running, (error: unknown) => error instanceof EngineError && error.code === 'cancelled');
    assert.equal(a.disposed, true);
    assert.equal(scope.snapshot().state, 'none');
    assert.equal(await scope.unload(), undefined, 'a second unload has nothing to unload');
  });

  it('generate without an engine is a typed error; a failing run shows "error" and the next run clears it', async () => {
    const scope = new EngineScope();
    await assert.rejects(scope.generate(REQUEST), (error: unknown) => error instanceof EngineError && error.code === 'disposed');
    const failing: Engine = { info: () => ({ kind: 'remote', model: 'm', backend: 'http://h/v1' }), generate: () => Promise.reject(new EngineError('endpoint-refused', 'refused')), dispose: () => Promise.resolve() };
    await scope.replace('m', () => Promise.resolve(failing));
    await assert.rejects(scope.generate(REQUEST), /refused/);
    assert.equal(scope.snapshot().state, 'error');
    assert.equal(scope.snapshot().error, 'refused');
    assert.equal(scope.snapshot().info?.model, 'm', 'the engine stays loaded after a failed run');
  });

  it('dispose unloads and refuses further loads', async () => {
    const scope = new EngineScope();
    const a = new FakeEngine('a.gguf');
    await scope.replace('a.gguf', () => Promise.resolve(a));
    await scope.dispose();
    assert.equal(a.disposed, true);
    await assert.rejects(scope.replace('b.gguf', () => Promise.resolve(new FakeEngine('b.gguf'))), (error: unknown) => error instanceof EngineError && error.code === 'disposed');
  });

  it('a failing engine dispose is reported and the scope carries on', async () => {
    const reported: unknown[] = [];
    const scope = new EngineScope((error) => reported.push(error));
    const bad: Engine = { info: () => ({ kind: 'local', model: 'bad', backend: 'cpu' }), generate: () => Promise.reject(new Error('x')), dispose: () => Promise.reject(new Error('native free failed')) };
    await scope.replace('bad', () => Promise.resolve(bad));
    await scope.replace('b.gguf', () => Promise.resolve(new FakeEngine('b.gguf')));
    assert.equal(reported.length, 1);
    assert.equal(scope.snapshot().info?.model, 'b.gguf');
  });
});
