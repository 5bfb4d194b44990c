import * as vscode from 'vscode';
import type { Engine } from '../../core/engine/types';
import type { CommandContext } from '../commands';
import { readEngineSettings } from '../config';
import { connectEndpoint } from '../endpointCommands';
import { loadLocalModel } from '../localModelCommands';
import { STRINGS } from '../strings';

export type ProfileKind = 'local' | 'remote';

/**
 * The engine a run profile runs on: the loaded one if it is of that kind, else the one the
 * settings name (loaded now), else the user is asked to choose one and the run ends.
 */
export async function engineForProfile(ctx: CommandContext, kind: ProfileKind): Promise<Engine | undefined> {
  const current = ctx.engines.current;
  if (current?.info().kind === kind) return current;
  const settings = readEngineSettings((problem) => ctx.log.warn(problem));
  if (kind === 'local' && settings.model.path !== '') return loadLocalModel(ctx, settings.model.path).then(() => matching(ctx, kind));
  if (kind === 'remote' && settings.endpoint.baseUrl !== '') {
    await connectEndpoint(ctx, settings.endpoint.baseUrl, settings.endpoint.model !== '' ? { model: settings.endpoint.model } : {});
    return matching(ctx, kind);
  }
  const S = STRINGS.engine;
  const [message, action, command] = kind === 'local' ? [STRINGS.testing.noLocalModel, S.selectModelFile, 'xlam.selectModelFile'] : [STRINGS.testing.noEndpoint, S.connectEndpoint, 'xlam.connectEndpoint'];
  void vscode.window.showInformationMessage(message, action).then(async (choice) => {
    if (choice === action) await vscode.commands.executeCommand(command);
  });
  return undefined;
}

function matching(ctx: CommandContext, kind: ProfileKind): Engine | undefined {
  const engine = ctx.engines.current;
  return engine?.info().kind === kind ? engine : undefined;
}
