import * as vscode from 'vscode';
import { registerCommands } from './commands';
import { createLog } from './log';
import { registerPromptBlocksPanels } from './promptBlocksPanel';
import { PREVIEW_SCHEME, PromptPreviewProvider } from './promptPreview';
import { STRINGS } from './strings';

/** The composition root: builds each service once and hands it its dependencies. */
export function activate(context: vscode.ExtensionContext): void {
  const started = performance.now();
  const log = createLog(STRINGS.logChannel);
  context.subscriptions.push(log);
  try {
    const previews = new PromptPreviewProvider(log);
    const promptBlocks = registerPromptBlocksPanels(context, log);
    context.subscriptions.push(
      previews,
      vscode.workspace.registerTextDocumentContentProvider(PREVIEW_SCHEME, previews),
      ...registerCommands({ log, previews, promptBlocks }),
    );
    log.info(STRINGS.activated(Math.round(performance.now() - started), nodeLlamaCppLoaded()));
  } catch (error) {
    log.error('activation failed', error);
    void vscode.window.showErrorMessage(STRINGS.activationFailed);
    throw error;
  }
}

export function deactivate(): void {
  // Everything is in context.subscriptions; nothing else to release.
}

/** node-llama-cpp is heavy and native: it must only ever load on first local-model use. */
function nodeLlamaCppLoaded(): boolean {
  return Object.keys(require.cache).some((path) => path.includes('node-llama-cpp'));
}
