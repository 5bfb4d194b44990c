import * as vscode from 'vscode';
import type { FormatId } from '../../core/formats/types';
import type { LlamaModel } from '../../engines/local/llamaTypes';
import { getRuntime } from '../../engines/local/nodeLlamaCpp';
import { machineThreadCount } from '../../engines/local/threads';
import { readEngineSettings } from '../config';
import type { Log } from '../log';
import type { TokenCounter } from './viewModel';
import { vocabFileFor } from './vocabFiles';

/**
 * Tokenizers from the vocabulary-only GGUFs in vocab/, loaded with node-llama-cpp (`vocabOnly`)
 * on first need (never at activation), once per file, and kept. `get` never waits: it returns the
 * counter when loaded, else starts the load and returns undefined (the counts are estimates until
 * `onDidLoad` fires and the views re-render).
 */
export class VocabTokenizers implements vscode.Disposable {
  private readonly loaded = new Map<string, LlamaModel>();
  private readonly loading = new Set<string>();
  private readonly failed = new Set<string>();
  private readonly loadedEmitter = new vscode.EventEmitter<void>();
  readonly onDidLoad = this.loadedEmitter.event;
  private disposed = false;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {}

  get(format: FormatId): TokenCounter | undefined {
    const file = vocabFileFor(format);
    if (file === undefined || this.failed.has(file)) return undefined;
    const model = this.loaded.get(file);
    if (model !== undefined) return { tokenize: (text) => model.tokenize(text, true), source: file, modelPath: this.pathOf(file) };
    if (!this.loading.has(file)) {
      this.loading.add(file);
      void this.load(file).finally(() => this.loading.delete(file));
    }
    return undefined;
  }

  private pathOf(file: string): string {
    return vscode.Uri.joinPath(this.extensionUri, 'vocab', file).fsPath;
  }

  private async load(file: string): Promise<void> {
    const path = this.pathOf(file);
    const started = performance.now();
    try {
      const settings = readEngineSettings().model;
      // The same runtime key the local engine uses (localEngine.ts), so this never replaces its runtime.
      const llama = await getRuntime({ gpu: settings.gpu, maxThreads: Math.max(settings.threads ?? 1, machineThreadCount()), log: (level, message) => this.log[level](`node-llama-cpp: ${message}`) });
      const model = await llama.loadModel({ modelPath: path, vocabOnly: true, gpuLayers: 0 });
      if (this.disposed) {
        await model.dispose();
        return;
      }
      this.loaded.set(file, model);
      this.log.info(`playground: token counts from ${file} (loaded in ${Math.round(performance.now() - started)} ms)`);
      this.loadedEmitter.fire();
    } catch (error) {
      this.failed.add(file);
      this.log.warn(`playground: cannot load the vocabulary ${path}; token counts are estimates: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  dispose(): void {
    this.disposed = true;
    this.loadedEmitter.dispose();
    for (const model of this.loaded.values()) void model.dispose().catch(() => undefined);
    this.loaded.clear();
  }
}
