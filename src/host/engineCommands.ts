import * as vscode from 'vscode';
import type { Engine, EngineInfo } from '../core/engine/types';
import type { CommandContext } from './commands';
import { LAST_KIND_KEY } from './commandHelpers';
import { readEngineSettings } from './config';
import { MODEL_RELOAD_KEYS } from './configKeys';
import { connectEndpoint } from './endpointCommands';
import { loadLocalModel } from './localModelCommands';
import { STRINGS } from './strings';

/*
 * The commands about the engine as a whole: Unload Model, the status-bar menu, bringing the
 * configured engine back on first use, and the reload offer when model settings change.
 */

const S = STRINGS.engine;

/** "xLAM: Unload Model": disposes the model or endpoint; returns what was unloaded. */
export async function unloadModel(ctx: CommandContext): Promise<EngineInfo | undefined> {
  const info = await ctx.engines.unload();
  if (info === undefined) {
    void vscode.window.showInformationMessage(S.nothingToUnload);
    return undefined;
  }
  ctx.log.info(`unloaded ${info.model} (${info.kind}, ${info.backend})`);
  void vscode.window.showInformationMessage(S.unloaded(info.model));
  return info;
}

/** The engine the settings name, brought back on first use (never at activation): local or remote, as last used. */
export async function engineFromSettings(ctx: CommandContext): Promise<Engine | undefined> {
  const settings = readEngineSettings((problem) => ctx.log.warn(problem));
  const last = ctx.storage.globalState.get<string>(LAST_KIND_KEY);
  const local = settings.model.path !== '';
  const remote = settings.endpoint.baseUrl !== '';
  if (local && (last !== 'remote' || !remote)) {
    ctx.log.info(`loading ${settings.model.path} from the xlam.model.path setting`);
    if ((await loadLocalModel(ctx, settings.model.path)) === undefined) return undefined;
  } else if (remote) {
    ctx.log.info(`connecting to ${settings.endpoint.baseUrl} from the xlam.endpoint.* settings`);
    if ((await connectEndpoint(ctx, settings.endpoint.baseUrl, settings.endpoint.model !== '' ? { model: settings.endpoint.model } : {})) === undefined) return undefined;
  }
  return ctx.engines.current;
}

/** The status-bar item's menu: the engine commands that apply now. */
export async function engineActions(ctx: CommandContext): Promise<void> {
  const loaded = ctx.engines.current !== undefined;
  const items: Array<vscode.QuickPickItem & { command: string }> = [
    { label: '$(file) Select Model File…', command: 'xlam.selectModelFile' },
    { label: '$(cloud-download) Download Model…', command: 'xlam.downloadModel' },
    { label: '$(plug) Connect to Endpoint…', command: 'xlam.connectEndpoint' },
    { label: '$(play) Run Query', command: 'xlam.runQuery' },
    ...(loaded ? [{ label: '$(debug-disconnect) Unload Model', command: 'xlam.unloadModel' }] : []),
    { label: `$(output) ${S.showLog}`, command: '' },
  ];
  const choice = await vscode.window.showQuickPick(items, { placeHolder: S.actionsPlaceholder });
  if (choice === undefined) return;
  if (choice.command === '') ctx.log.channel.show(true);
  else await vscode.commands.executeCommand(choice.command);
}

/** Settings that need a reload: offer it when a local model is loaded. */
export function watchModelSettings(ctx: CommandContext): vscode.Disposable {
  return vscode.workspace.onDidChangeConfiguration((event) => {
    const engine = ctx.engines.current;
    if (engine?.info().kind !== 'local') return;
    if (!MODEL_RELOAD_KEYS.some((key) => event.affectsConfiguration(`xlam.${key}`))) return;
    const path = 'modelPath' in engine && typeof engine.modelPath === 'string' ? engine.modelPath : undefined;
    if (path === undefined) return;
    void vscode.window.showInformationMessage(S.reloadForSettings, S.reloadModel).then(async (choice) => {
      if (choice === S.reloadModel) await loadLocalModel(ctx, path);
    });
  });
}
