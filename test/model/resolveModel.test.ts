import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { EngineError } from '../../src/core/engine/types';
import { modelRefKind, resolveModel, urlFileName, type ResolveProgress } from '../../src/engines/local/resolveModel';

/**
 * Model references for real: hf: URIs and https URLs really fail on this machine (no route to
 * Hugging Face), so those tests assert a typed error within a bound; the success path downloads
 * our own test model from a server on 127.0.0.1 (node-llama-cpp's resolver takes http URLs).
 */
const dir = mkdtempSync(join(tmpdir(), 'xlam-resolve-'));
const BOUND_MS = 30_000;

/** Serves one file with Range support; `stallAfter` bytes, then silence, for the stall test. */
function fileServer(data: Buffer, behaviour: { stallAfter?: number; hang?: boolean } = {}): Promise<{ server: Server; url: (path: string) => string }> {
  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    if (behaviour.hang) return;
    if (req.url !== '/models/tiny.gguf') {
      res.writeHead(404).end();
      return;
    }
    const range = /bytes=(\d+)-(\d*)/.exec(req.headers.range ?? '');
    const start = range ? Number(range[1]) : 0;
    const end = range?.[2] ? Number(range[2]) : data.length - 1;
    const headers = { 'content-length': String(end - start + 1), 'accept-ranges': 'bytes', 'content-type': 'application/octet-stream' };
    res.writeHead(range ? 206 : 200, range ? { ...headers, 'content-range': `bytes ${start}-${end}/${data.length}` } : headers);
    if (req.method === 'HEAD') {
      res.end();
    } else if (behaviour.stallAfter !== undefined) {
      res.write(data.subarray(start, start + behaviour.stallAfter));
    } else {
      res.end(data.subarray(start, end + 1));
    }
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      resolve({ server, url: (path) => `http://127.0.0.1:${port}${path}` });
    }),
  );
}

function close(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

async function failure(promise: Promise<unknown>): Promise<{ error: EngineError; ms: number }> {
  const started = performance.now();
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof EngineError, `expected EngineError, got ${String(error)}`);
    return { error, ms: performance.now() - started };
  }
  assert.fail('expected an EngineError');
}

describe('model references', () => {
  let model: Buffer;
  before(async () => {
    const file = join(dir, 'source.gguf');
    const io = { stdout: () => undefined, stderr: () => undefined, readStdin: () => Promise.resolve('') };
    assert.equal(await main(['make-test-model', file], io), 0);
    model = readFileSync(file);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('tells paths, hf: URIs and URLs apart; a path is returned as is', async () => {
    assert.equal(modelRefKind('hf:Salesforce/xLAM-2-1b-fc-r-gguf:Q4_K_M'), 'hf');
    assert.equal(modelRefKind('HTTPS://example.com/m.gguf'), 'url');
    assert.equal(modelRefKind('C:\\models\\m.gguf'), 'file');
    assert.deepEqual(await resolveModel('./models/m.gguf', { directory: dir }), { path: './models/m.gguf', kind: 'file', downloaded: false });
    assert.equal(urlFileName('https://h/x/resolve/main/xLAM-1b-fc-r.Q4_K_M.gguf?download=true'), 'xLAM-1b-fc-r.Q4_K_M.gguf');
    assert.equal(urlFileName('https://h/model-00001-of-00002.gguf'), undefined);
  });

  it('an hf: URI offline is a typed "offline" error within the bound', async () => {
    const { error, ms } = await failure(resolveModel('hf:Salesforce/xLAM-2-1b-fc-r-gguf:Q4_K_M', { directory: join(dir, 'store') }));
    console.log(`# hf: ${error.code} after ${ms.toFixed(0)} ms: ${error.message}`);
    assert.equal(error.code, 'offline');
    assert.match(error.message, /Hugging Face.*check the network connection/);
    assert.ok(ms < BOUND_MS);
  });

  it('an https URL offline is a typed "offline" error within the bound', async () => {
    const url = 'https://huggingface.co/Salesforce/xLAM-1b-fc-r-gguf/resolve/main/xLAM-1b-fc-r.Q4_K_M.gguf';
    const { error, ms } = await failure(resolveModel(url, { directory: join(dir, 'store') }));
    console.log(`# https: ${error.code} after ${ms.toFixed(0)} ms: ${error.message}`);
    assert.equal(error.code, 'offline');
    assert.match(error.message, /huggingface\.co/);
    assert.ok(ms < BOUND_MS);
  });

  it('downloads over http with progress, then finds the download without the network', async () => {
    const { server, url } = await fileServer(model);
    const store = join(dir, 'store-ok');
    const progress: ResolveProgress[] = [];
    let first;
    try {
      first = await resolveModel(url('/models/tiny.gguf'), { directory: store, onProgress: (p) => progress.push(p) });
    } finally {
      await close(server);
    }
    assert.equal(first.downloaded, true);
    assert.equal(first.path, join(store, 'tiny.gguf'));
    assert.ok(readFileSync(first.path).equals(model));
    assert.ok(progress.length > 0);
    assert.equal(progress.at(-1)?.downloadedBytes, model.length);
    // The server is gone: the cached file must still resolve, at once.
    const again = await resolveModel(url('/models/tiny.gguf'), { directory: store });
    assert.deepEqual(again, { path: first.path, kind: 'url', downloaded: false });
  });

  it('xlam-lab run downloads a .gguf URL into --models-dir once, then runs it offline with valid calls', async () => {
    const { server, url } = await fileServer(model);
    const store = join(dir, 'cli-store');
    const tools = join(dir, 'weather.tools.json');
    writeFileSync(tools, JSON.stringify([{ name: 'get_weather', description: 'Weather for a city', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }]));
    const argv = (ref: string) => ['run', '--model', ref, '--models-dir', store, '--format', 'xlam2-qwen', '--tools', tools, '--query', 'Weather in Oslo?', '--grammar', '--json'];
    const run = async (ref: string) => {
      let out = '';
      let err = '';
      const code = await main(argv(ref), { stdout: (t) => void (out += t), stderr: (t) => void (err += t), readStdin: () => Promise.resolve('') });
      return { code, out, err };
    };
    let first;
    try {
      first = await run(url('/models/tiny.gguf'));
    } finally {
      await close(server);
    }
    assert.equal(first.code, 0, first.err);
    assert.match(first.err, /downloading http:\/\/127\.0\.0\.1:\d+\/models\/tiny\.gguf: 100%/);
    assert.ok(readFileSync(join(store, 'tiny.gguf')).equals(model));
    const result = JSON.parse(first.out) as { calls: Array<{ name: string; arguments: Record<string, unknown> }>; finishReason: string };
    assert.ok(result.calls.length > 0, first.out);
    assert.ok(result.calls.every((c) => c.name === 'get_weather' && typeof c.arguments.city === 'string'), first.out);
    // The server is gone: the same URL runs from the cache, with no download.
    const second = await run(url('/models/tiny.gguf'));
    assert.equal(second.code, 0, second.err);
    assert.doesNotMatch(second.err, /downloading/);
  });

  it('a refused connection is "offline"; a 404 is "download-failed" naming the status', async () => {
    const { server, url } = await fileServer(model);
    try {
      const missing = await failure(resolveModel(url('/models/nope.gguf'), { directory: join(dir, 'store-404') }));
      assert.equal(missing.error.code, 'download-failed');
      assert.match(missing.error.message, /HTTP 404/);
    } finally {
      await close(server);
    }
    const refused = await failure(resolveModel(url('/models/tiny.gguf'), { directory: join(dir, 'store-refused') }));
    assert.equal(refused.error.code, 'offline');
    assert.match(refused.error.message, /ECONNREFUSED/);
  });

  it('a server that never answers is "offline" after the connect timeout, not a hang', async () => {
    const { server, url } = await fileServer(model, { hang: true });
    try {
      const { error, ms } = await failure(resolveModel(url('/models/tiny.gguf'), { directory: join(dir, 'store-hang'), connectTimeoutMs: 1500 }));
      assert.equal(error.code, 'offline');
      console.log(`# never-answering server: offline after ${ms.toFixed(0)} ms`);
      assert.ok(ms < BOUND_MS, `hung for ${ms} ms`);
    } finally {
      await close(server);
    }
  });

  it('a download that stalls midway fails; cancelling stops it at once', async () => {
    const { server, url } = await fileServer(model, { stallAfter: 4096 });
    try {
      const stalled = await failure(resolveModel(url('/models/tiny.gguf'), { directory: join(dir, 'store-stall'), connectTimeoutMs: 3000, stallTimeoutMs: 1500 }));
      console.log(`# stall: ${stalled.error.code} after ${stalled.ms.toFixed(0)} ms: ${stalled.error.message}`);
      assert.ok(['download-failed', 'offline'].includes(stalled.error.code));
      assert.ok(stalled.ms < BOUND_MS, `hung for ${stalled.ms} ms`);
      const controller = new AbortController();
      const pending = resolveModel(url('/models/tiny.gguf'), { directory: join(dir, 'store-cancel'), signal: controller.signal, stallTimeoutMs: 60_000 });
      setTimeout(() => controller.abort(), 300);
      const cancelled = await failure(pending);
      assert.equal(cancelled.error.code, 'cancelled');
      console.log(`# cancel: ${cancelled.ms.toFixed(0)} ms`);
      // Well under the 60 s stall timeout: the cancel, not the watchdog, ended it.
      assert.ok(cancelled.ms < BOUND_MS, `cancel took ${cancelled.ms} ms`);
    } finally {
      await close(server);
    }
  });
});
