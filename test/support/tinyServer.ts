import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../src/cli/main';
import { createLocalEngine, type LocalEngine } from '../../src/engines/local/localEngine';
import { disposeRuntime } from '../../src/engines/local/nodeLlamaCpp';
import { startOpenAiServer, type OpenAiServer } from '../../src/server/openaiServer';

/** CLI io that keeps stdout quiet and passes stderr on (model tests call the CLI in-process). */
export const quietIo = { stdout: () => undefined, stderr: (text: string) => void process.stderr.write(text), readStdin: () => Promise.resolve('') };

export interface TinyServer {
  engine: LocalEngine;
  server: OpenAiServer;
  /** Closes the server, disposes the engine and the runtime, removes the model's folder. */
  close(): Promise<void>;
}

/**
 * The tiny test model (written by our own make-test-model) on the real local engine, served by our
 * OpenAI-compatible server on 127.0.0.1 as xLAM-2 (Qwen) on one CPU thread.
 */
export async function startTinyServer(prefix: string): Promise<TinyServer> {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const modelPath = join(dir, 'tiny.gguf');
  assert.equal(await main(['make-test-model', modelPath], quietIo), 0);
  const engine = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1 });
  const server = await startOpenAiServer({ engine, modelId: 'tiny', format: 'xlam2-qwen' });
  return {
    engine,
    server,
    close: async () => {
      await server.close();
      await engine.dispose();
      await disposeRuntime();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
