/**
 * The token-count worker (a worker thread of the extension host, bundled as dist/tokenCountWorker.js).
 * node-llama-cpp's tokenize is synchronous and takes about 1 ms a kilobyte here, so a 10 MB prompt
 * held the extension host for some 20 s a render. Here it runs beside it: the host stays free and
 * drops a count that a newer render has made stale. It loads each vocabulary (vocabOnly) once.
 */
import { parentPort } from 'node:worker_threads';
import { countBlockTokens } from '../../core/tokens/blockTokens';
import type { CountReply, CountRequest } from './tokenCountProtocol';

type Model = { tokenize(text: string, specialTokens: boolean): readonly number[] };

const port = parentPort;
if (port === null) throw new Error('tokenCountWorker runs as a worker thread');

let llama: Promise<{ loadModel(options: { modelPath: string; vocabOnly: boolean; gpuLayers: number }): Promise<Model> }> | undefined;
const models = new Map<string, Promise<Model>>();

function modelFor(path: string): Promise<Model> {
  llama ??= import('node-llama-cpp').then((mod) => mod.getLlama({ gpu: false, logLevel: mod.LlamaLogLevel.error, logger: () => undefined }));
  let model = models.get(path);
  if (model === undefined) {
    model = llama.then((runtime) => runtime.loadModel({ modelPath: path, vocabOnly: true, gpuLayers: 0 }));
    models.set(path, model);
    model.catch(() => models.delete(path));
  }
  return model;
}

port.on('message', (request: CountRequest) => {
  void (async (): Promise<CountReply> => {
    try {
      const model = await modelFor(request.modelPath);
      const counts = countBlockTokens(request.blocks.map((text) => ({ text })), (text) => model.tokenize(text, true));
      return { id: request.id, ok: true, blocks: counts.blocks, total: counts.total };
    } catch (error) {
      return { id: request.id, ok: false, message: error instanceof Error ? error.message : String(error) };
    }
  })().then((reply) => port.postMessage(reply));
});
