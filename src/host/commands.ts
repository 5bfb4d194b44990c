import * as vscode from 'vscode';
import { connectEndpoint } from './endpointCommands';
import { engineActions, unloadModel } from './engineCommands';
import type { EngineScope } from './engineScope';
import { engineStatusView } from './engineStatusText';
import { downloadModel, selectModelFile } from './localModelCommands';
import type { Log } from './log';
import type { PromptBlocksPanels } from './promptBlocksPanel';
import type { PromptPreviewProvider } from './promptPreview';
import { checkParity, type ParityDocuments } from './parityCommand';
import { runQuery, type RunResults } from './runQuery';
import { STRINGS } from './strings';
import { askQuery, toolsDocument } from './toolsInput';

/** What every command gets: the services built once in activate(). */
export interface CommandContext {
  log: Log;
  previews: PromptPreviewProvider;
  promptBlocks: PromptBlocksPanels;
  /** The one loaded model or connected endpoint (engineScope.ts). */
  engines: EngineScope;
  runResults: RunResults;
  /** The two renderings of the last template parity check, for the diff view. */
  parityDocuments: ParityDocuments;
  /** Where downloads go, API keys (secrets only) and small remembered choices. */
  storage: Pick<vscode.ExtensionContext, 'globalStorageUri' | 'secrets' | 'globalState'>;
}

type CommandHandler = (ctx: CommandContext, ...args: unknown[]) => unknown;

/** The commands, keyed without the `xlam.` prefix (applied in registerCommands only). */
const COMMANDS: Record<string, { title: string; run: CommandHandler }> = {
  renderPromptPreview: { title: 'Render Prompt Preview', run: renderPromptPreview },
  showPromptBlocks: { title: 'Show Prompt Blocks', run: showPromptBlocks },
  selectModelFile: { title: 'Select Model File…', run: selectModelFile },
  downloadModel: { title: 'Download Model…', run: downloadModel },
  connectEndpoint: { title: 'Connect to Endpoint…', run: connectEndpoint },
  unloadModel: { title: 'Unload Model', run: unloadModel },
  runQuery: { title: 'Run Query', run: runQuery },
  checkTemplateParity: { title: 'Check Template Parity', run: checkParity },
  engineActions: { title: 'Engine Actions…', run: engineActions },
  // Not in the palette: the engine state and the status-bar text, for tests and other extensions.
  engineStatus: { title: 'Engine Status', run: (ctx) => ({ ...ctx.engines.snapshot(), statusText: engineStatusView(ctx.engines.snapshot()).text }) },
};

export const COMMAND_IDS = Object.keys(COMMANDS).map((name) => `xlam.${name}`);

export function registerCommands(ctx: CommandContext): vscode.Disposable[] {
  return Object.entries(COMMANDS).map(([name, command]) =>
    vscode.commands.registerCommand(`xlam.${name}`, async (...args: unknown[]) => {
      try {
        return await command.run(ctx, ...args);
      } catch (error) {
        // A command never throws at the user: it says what failed and logs the details.
        ctx.log.error(`command xlam.${name} failed`, error);
        void vscode.window.showErrorMessage(STRINGS.commandFailed(command.title));
        return undefined;
      }
    }),
  );
}

/**
 * "xLAM: Render Prompt Preview". Arguments are optional so tests and other commands can skip the
 * UI: `(toolsUri?: Uri, query?: string)`. Returns the render result, or undefined if cancelled.
 */
async function renderPromptPreview(ctx: CommandContext, uriArg?: unknown, queryArg?: unknown): Promise<unknown> {
  const toolsDoc = await toolsDocument(uriArg);
  if (toolsDoc === undefined) {
    void vscode.window.showInformationMessage(STRINGS.noToolsFile);
    return undefined;
  }
  const query = await askQuery(queryArg);
  if (query === undefined) return undefined;
  return ctx.previews.open(toolsDoc, query);
}

/**
 * "xLAM: Show Prompt Blocks": the prompt as coloured blocks in a webview panel with format,
 * variant and query controls. Same optional arguments as renderPromptPreview:
 * `(toolsUri?: Uri, query?: string)`. Returns the first render result, or undefined.
 */
async function showPromptBlocks(ctx: CommandContext, uriArg?: unknown, queryArg?: unknown): Promise<unknown> {
  const toolsDoc = await toolsDocument(uriArg);
  if (toolsDoc === undefined) {
    void vscode.window.showInformationMessage(STRINGS.noToolsFileFor('Show Prompt Blocks'));
    return undefined;
  }
  const query = await askQuery(queryArg);
  if (query === undefined) return undefined;
  return ctx.promptBlocks.show(toolsDoc, query);
}
