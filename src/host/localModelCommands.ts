import { basename } from 'node:path';
import * as vscode from 'vscode';
import { EngineError, type EngineInfo } from '../core/engine/types';
import type { FamilyGuess, ModelFacts } from '../core/modelFamily';
import type { LocalEngine } from '../engines/local/localEngine';
import { resolveModel } from '../engines/local/resolveModel';
import type { CommandContext } from './commands';
import { isRecord, LAST_KIND_KEY, logFailure } from './commandHelpers';
import { readEngineSettings, readPromptSettings, storeSetting } from './config';
import { messageOf } from './engineScope';
import { modelUriProblem } from './modelUri';
import { STRINGS } from './strings';

/*
 * "xLAM: Select Model File…" and "xLAM: Download Model…": a GGUF into the engine scope with a
 * cancellable progress notification. Optional arguments let tests skip the dialogs.
 */

const S = STRINGS.engine;

export interface LoadedModelSummary {
  info: EngineInfo;
  path: string;
  /** Wall time of the command's load: import, runtime, model and context. */
  loadMs: number;
  threads: number;
  facts: Omit<ModelFacts, 'chatTemplate' | 'specialTokens'> & { hasChatTemplate: boolean; proposed: FamilyGuess | undefined };
}

interface SelectOptions {
  /** Store the path in `xlam.model.path` (user settings); default true. */
  store?: boolean;
}

/** VS Code's open dialog for one GGUF file, starting at the configured model: the file picked, or undefined when cancelled. */
export async function pickGgufFile(title: string, openLabel: string): Promise<vscode.Uri | undefined> {
  const current = readEngineSettings().model.path;
  const picked = await vscode.window.showOpenDialog({
    title,
    openLabel,
    canSelectMany: false,
    canSelectFolders: false,
    filters: { [S.ggufFilter]: ['gguf'] },
    ...(current !== '' ? { defaultUri: vscode.Uri.file(current) } : {}),
  });
  return picked?.[0];
}

/** "xLAM: Select Model File…" `(path?: string | Uri, options?: {store?: boolean})`. */
export async function selectModelFile(ctx: CommandContext, pathArg?: unknown, optionsArg?: unknown): Promise<LoadedModelSummary | undefined> {
  let path: string;
  if (typeof pathArg === 'string' && pathArg.trim() !== '') path = pathArg.trim();
  else if (pathArg instanceof vscode.Uri) path = pathArg.fsPath;
  else {
    const uri = await pickGgufFile(S.openDialogTitle, S.openDialogLabel);
    if (uri === undefined) return undefined;
    if (uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(S.notAFile(uri.toString()));
      return undefined;
    }
    path = uri.fsPath;
  }
  const loaded = await loadLocalModel(ctx, path);
  if (loaded === undefined) return undefined;
  const options = isRecord(optionsArg) ? (optionsArg as SelectOptions) : {};
  if (options.store !== false) await storeSetting('model.path', path);
  await ctx.storage.globalState.update(LAST_KIND_KEY, 'local');
  return loaded;
}

/** Loads a GGUF into the engine scope with a cancellable progress notification; undefined (and a message) on failure. */
export async function loadLocalModel(ctx: CommandContext, path: string): Promise<LoadedModelSummary | undefined> {
  const name = basename(path);
  const started = performance.now();
  try {
    const engine = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: S.loading(name), cancellable: true }, async (progress, token) => {
      const cancel = new AbortController();
      const subscription = token.onCancellationRequested(() => cancel.abort());
      let reported = 0;
      try {
        return await ctx.engines.replace(
          name,
          (signal) =>
            openLocalEngine(ctx, path, {
              signal,
              onLoadProgress: (fraction) => {
                const percent = Math.round(fraction * 100);
                if (percent <= reported) return;
                progress.report({ increment: percent - reported, message: `${percent}%` });
                reported = percent;
              },
            }),
          { signal: cancel.signal, details: (loaded) => factsLine(summarizeFacts(loaded)) },
        );
      } finally {
        subscription.dispose();
      }
    });
    const summary: LoadedModelSummary = { info: engine.info(), path, loadMs: Math.round(performance.now() - started), threads: engine.threads, facts: summarizeFacts(engine) };
    const facts = factsLine(summary.facts);
    ctx.log.info(`loaded ${path} in ${summary.loadMs} ms on ${summary.info.backend} with ${summary.threads} thread(s)${facts ? `: ${facts}` : ''}`);
    void offerProposedFormat(ctx, summary);
    return summary;
  } catch (error) {
    if (error instanceof EngineError && error.code === 'cancelled') {
      ctx.log.info(`loading ${path} was cancelled`);
      void vscode.window.showInformationMessage(S.loadCancelled(name));
      return undefined;
    }
    logFailure(ctx, `loading ${path} failed`, error);
    void vscode.window.showErrorMessage(S.loadFailed(name, messageOf(error)));
    return undefined;
  }
}

/**
 * Opens a GGUF as an engine with the `xlam.model.*` settings, without touching the engine scope:
 * the scope's load above and Compare's column engines (compareEngines.ts) both come here.
 */
export async function openLocalEngine(ctx: CommandContext, path: string, options: { signal?: AbortSignal; onLoadProgress?: (fraction: number) => void } = {}): Promise<LocalEngine> {
  const settings = readEngineSettings((problem) => ctx.log.warn(problem));
  // Loaded on first use only: activation never pays for node-llama-cpp.
  const { createLocalEngine } = await import('../engines/local/localEngine.js');
  return createLocalEngine({
    modelPath: path,
    gpu: settings.model.gpu,
    ...(options.signal ? { signal: options.signal } : {}),
    ...(settings.model.threads !== undefined ? { threads: settings.model.threads } : {}),
    ...(settings.model.contextSize !== undefined ? { contextSize: settings.model.contextSize } : {}),
    sequences: settings.model.sequences,
    ...(options.onLoadProgress ? { onLoadProgress: options.onLoadProgress } : {}),
    log: (level, message) => ctx.log[level](`node-llama-cpp: ${message}`),
  });
}

function summarizeFacts(engine: LocalEngine): LoadedModelSummary['facts'] {
  const { chatTemplate, specialTokens: _specialTokens, ...facts } = engine.facts();
  return { ...facts, hasChatTemplate: chatTemplate !== undefined };
}

function factsLine(facts: LoadedModelSummary['facts']): string {
  const parts = [facts.architecture, facts.quantization, facts.contextLength !== undefined ? `context ${facts.contextLength}` : undefined, facts.hasChatTemplate ? 'chat template' : undefined];
  const line = parts.filter((part) => part !== undefined).join(', ');
  return facts.proposed ? `${line}; proposed format ${facts.proposed.format} (${facts.proposed.reason})` : line;
}

/** The load notification, with a button to switch the prompt format when the file suggests another. */
async function offerProposedFormat(ctx: CommandContext, summary: LoadedModelSummary): Promise<void> {
  const proposed = summary.facts.proposed;
  const facts = [summary.facts.architecture, summary.facts.quantization].filter((part) => part !== undefined).join(', ');
  const message = `${S.loaded(summary.info.model, summary.loadMs, summary.info.backend, facts)}${proposed ? ` ${S.proposal(proposed.format, proposed.reason)}` : ''}`;
  const current = readPromptSettings().format;
  if (proposed === undefined || proposed.format === current) {
    await vscode.window.showInformationMessage(message);
    return;
  }
  const choice = await vscode.window.showInformationMessage(message, S.useFormat(proposed.format));
  if (choice === S.useFormat(proposed.format)) {
    await storeSetting('format', proposed.format);
    ctx.log.info(`prompt format set to ${proposed.format}, as ${summary.info.model} suggests`);
  }
}

/** "xLAM: Download Model…" `(uri?: string)`: downloads into global storage, then loads it. */
export async function downloadModel(ctx: CommandContext, uriArg?: unknown): Promise<LoadedModelSummary | undefined> {
  const uri =
    typeof uriArg === 'string'
      ? uriArg.trim()
      : await vscode.window.showInputBox({ prompt: S.downloadPrompt, placeHolder: S.downloadPlaceholder, ignoreFocusOut: true, validateInput: (text) => (text.trim() === '' ? undefined : modelUriProblem(text)) });
  if (uri === undefined || uri === '') return undefined;
  const problem = modelUriProblem(uri);
  if (problem !== undefined) {
    void vscode.window.showErrorMessage(S.downloadFailed(`${uri}: ${problem}`));
    return undefined;
  }
  const directory = vscode.Uri.joinPath(ctx.storage.globalStorageUri, 'models').fsPath;
  const started = performance.now();
  let path: string;
  try {
    path = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: S.downloading(uri), cancellable: true }, async (progress, token) => {
      const cancel = new AbortController();
      const subscription = token.onCancellationRequested(() => cancel.abort());
      let reported = 0;
      try {
        const resolved = await resolveModel(uri, {
          directory,
          signal: cancel.signal,
          onProgress: ({ downloadedBytes, totalBytes }) => {
            const percent = totalBytes > 0 ? Math.floor((downloadedBytes / totalBytes) * 100) : 0;
            progress.report({ increment: Math.max(0, percent - reported), message: `${megabytes(downloadedBytes)} / ${megabytes(totalBytes)} MB` });
            reported = Math.max(reported, percent);
          },
        });
        return resolved.path;
      } finally {
        subscription.dispose();
      }
    });
  } catch (error) {
    const ms = Math.round(performance.now() - started);
    if (error instanceof EngineError && error.code === 'cancelled') {
      ctx.log.info(`download of ${uri} cancelled after ${ms} ms`);
      void vscode.window.showInformationMessage(S.downloadCancelled(uri));
      return undefined;
    }
    logFailure(ctx, `download of ${uri} failed after ${ms} ms`, error);
    void vscode.window.showErrorMessage(S.downloadFailed(messageOf(error)));
    return undefined;
  }
  ctx.log.info(`downloaded ${uri} to ${path} in ${Math.round(performance.now() - started)} ms`);
  return selectModelFile(ctx, path);
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
