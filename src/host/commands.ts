import * as vscode from 'vscode';
import { connectEndpoint } from './endpointCommands';
import { engineActions, unloadModel } from './engineCommands';
import { engineStatusView } from './engineStatusText';
import { downloadModel, selectModelFile } from './localModelCommands';
import type { CommandContext } from './commandContext';
import { openPlayground } from './playground/openPlayground';
import { openCaseInPlayground } from './testing/openCaseInPlayground';
import { checkParity } from './parityCommand';
import { runQuery } from './runQuery';
import { STRINGS } from './strings';
import { askQuery, toolsDocument } from './toolsInput';

export type { CommandContext };

type CommandHandler = (ctx: CommandContext, ...args: unknown[]) => unknown;

/** The commands, keyed without the `xlam.` prefix (applied in registerCommands only). */
const COMMANDS: Record<string, { title: string; run: CommandHandler }> = {
  renderPromptPreview: { title: 'Render Prompt Preview', run: renderPromptPreview },
  openPlayground: { title: 'Open Playground', run: openPlayground },
  openCaseInPlayground: { title: 'Open in Playground', run: openCaseInPlayground },
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
