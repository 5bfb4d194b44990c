import * as vscode from 'vscode';
import { disposeRuntime, isNodeLlamaCppLoaded } from '../engines/local/nodeLlamaCpp';
import { registerCommands } from './commands';
import { watchModelSettings } from './engineCommands';
import { EngineScope } from './engineScope';
import { createEngineStatusItem } from './engineStatus';
import { registerLint } from './diagnostics/lintProvider';
import { createLog } from './log';
import { PARITY_SCHEME, ParityDocuments } from './parityCommand';
import { PlaygroundCodeLens } from './playground/openPlayground';
import { registerPlaygroundEditor } from './playground/playgroundEditor';
import { PREVIEW_SCHEME, PromptPreviewProvider } from './promptPreview';
import { RUN_SCHEME, RunResults } from './runQuery';
import { STRINGS } from './strings';
import { registerTesting } from './testing/registerTesting';

/** The engine lifetime: kept here so deactivate() can await its disposal. */
let engineScope: EngineScope | undefined;

/** The composition root: builds each service once and hands it its dependencies. */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = createLog(STRINGS.logChannel);
  context.subscriptions.push(log);
  try {
    const previews = new PromptPreviewProvider(log);
    const engines = new EngineScope((error) => log.error('disposing the engine failed', error));
    engineScope = engines;
    const runResults = new RunResults();
    const parityDocuments = new ParityDocuments();
    const commandContext = { log, previews, engines, runResults, parityDocuments, storage: context };
    context.subscriptions.push(
      previews,
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
      runResults,
      vscode.workspace.registerTextDocumentContentProvider(RUN_SCHEME, runResults),
      parityDocuments,
      vscode.workspace.registerTextDocumentContentProvider(PARITY_SCHEME, parityDocuments),
      createEngineStatusItem(engines),
      watchModelSettings(commandContext),
      { dispose: () => void engines.dispose() },
      ...registerCommands(commandContext),
      ...registerPlaygroundEditor(context, commandContext),
      vscode.languages.registerCodeLensProvider({ pattern: '**/*.tools.json' }, new PlaygroundCodeLens()),
      ...registerLint(log),
      ...registerTesting(commandContext),
    );
    log.info(STRINGS.activated(Math.round(performance.now() - started), nodeLlamaCppLoaded()));
  } catch (error) {
    log.error('activation failed', error);
    void vscode.window.showErrorMessage(STRINGS.activationFailed);
    throw error;
  }
}

/** Frees the engine (model memory, sockets) and node-llama-cpp's runtime; VS Code awaits this. */
export async function deactivate(): Promise<void> {
  const scope = engineScope;
  engineScope = undefined;
  await scope?.dispose();
  await disposeRuntime();
}

/** node-llama-cpp is heavy and native: it must only ever load on first local-model use. */
function nodeLlamaCppLoaded(): boolean {
  // import() of the ESM package leaves no trace in require.cache; the one door records it.
  return isNodeLlamaCppLoaded() || Object.keys(require.cache).some((path) => path.includes('node-llama-cpp'));
}
