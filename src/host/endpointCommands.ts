import * as vscode from 'vscode';
import { EngineError, type Engine, type EngineInfo } from '../core/engine/types';
import type { RemoteMode } from '../engines/remote/remoteOptions';
import type { CommandContext } from './commands';
import { isRecord, LAST_KIND_KEY, logFailure } from './commandHelpers';
import { readEngineSettings, storeSetting } from './config';
import { apiKeySecretName, normalizeBaseUrl } from './endpointUrl';
import { messageOf } from './engineScope';
import { backendLabel } from './engineStatusText';
import { STRINGS } from './strings';

/*
 * "xLAM: Connect to Endpoint…": an OpenAI-compatible server as the engine. The API key lives only
 * in SecretStorage (per base URL); URL, model and mode go to the user settings.
 */

const S = STRINGS.engine;
/** The mode each connected endpoint engine was made with (the engine keeps its options private). */
const remoteModes = new WeakMap<Engine, RemoteMode>();

export function remoteModeOf(engine: Engine): RemoteMode | undefined {
  return remoteModes.get(engine);
}

export interface ConnectedSummary {
  info: EngineInfo;
  models: string[];
  mode: RemoteMode;
}

interface ConnectOptions {
  model?: string;
  mode?: RemoteMode;
  apiKey?: string;
}

/**
 * "xLAM: Connect to Endpoint…" `(baseUrl?: string, options?: {model?, mode?, apiKey?})`. With a URL
 * argument nothing is asked: the key comes from the options or secret storage, the model is the
 * given or first listed one, the mode the given one or the setting's.
 */
export async function connectEndpoint(ctx: CommandContext, urlArg?: unknown, optionsArg?: unknown): Promise<ConnectedSummary | undefined> {
  const settings = readEngineSettings((problem) => ctx.log.warn(problem)).endpoint;
  const options = isRecord(optionsArg) ? (optionsArg as ConnectOptions) : {};
  const interactive = typeof urlArg !== 'string';
  const typed = interactive
    ? await vscode.window.showInputBox({
        prompt: S.endpointPrompt,
        placeHolder: S.endpointPlaceholder,
        value: settings.baseUrl !== '' ? settings.baseUrl : S.endpointPlaceholder,
        ignoreFocusOut: true,
        validateInput: (text) => {
          const check = normalizeBaseUrl(text);
          return 'problem' in check ? check.problem : undefined;
        },
      })
    : urlArg;
  if (typed === undefined) return undefined;
  const check = normalizeBaseUrl(typed);
  if ('problem' in check) {
    void vscode.window.showErrorMessage(S.connectFailed(typed, check.problem));
    return undefined;
  }
  const baseURL = check.url;
  const secretName = apiKeySecretName(baseURL);
  let apiKey = options.apiKey ?? (await ctx.storage.secrets.get(secretName));
  if (interactive) {
    const key = await vscode.window.showInputBox({ prompt: S.apiKeyPrompt(apiKey !== undefined), password: true, ignoreFocusOut: true });
    if (key === undefined) return undefined;
    if (key.trim() !== '') apiKey = key.trim();
  }
  if (apiKey !== undefined && apiKey !== '' && (interactive || options.apiKey !== undefined)) await ctx.storage.secrets.store(secretName, apiKey);

  const { createRemoteEngine } = await import('../engines/remote/remoteEngine.js');
  let models: string[];
  try {
    models = await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: S.connecting(baseURL), cancellable: true }, async (_progress, token) => {
      const cancel = new AbortController();
      const subscription = token.onCancellationRequested(() => cancel.abort());
      const probe = createRemoteEngine({ baseURL, ...(apiKey ? { apiKey } : {}), maxRetries: 0 });
      try {
        return await probe.listModels(cancel.signal);
      } finally {
        subscription.dispose();
        await probe.dispose();
      }
    });
    if (models.length === 0) throw new EngineError('malformed-response', S.noModels(baseURL));
  } catch (error) {
    if (error instanceof EngineError && error.code === 'cancelled') return undefined;
    logFailure(ctx, `connecting to ${baseURL} failed`, error);
    void vscode.window.showErrorMessage(S.connectFailed(baseURL, messageOf(error)));
    return undefined;
  }

  const model = options.model ?? (interactive ? await pickModel(models, settings.model) : models.includes(settings.model) ? settings.model : models[0]);
  if (model === undefined) return undefined;
  const mode = options.mode ?? (interactive ? await pickMode(settings.mode) : settings.mode);
  if (mode === undefined) return undefined;
  let engine: Engine;
  try {
    engine = await ctx.engines.replace(`${model} at ${new URL(baseURL).host}`, () => Promise.resolve(createRemoteEngine({ baseURL, model, mode, ...(apiKey ? { apiKey } : {}) })), {
      details: () => `${mode} mode; ${models.length} model(s) listed`,
    });
    remoteModes.set(engine, mode);
  } catch (error) {
    void vscode.window.showErrorMessage(S.connectFailed(baseURL, messageOf(error)));
    return undefined;
  }
  await storeSetting('endpoint.baseUrl', baseURL);
  await storeSetting('endpoint.model', model);
  await storeSetting('endpoint.mode', mode);
  await ctx.storage.globalState.update(LAST_KIND_KEY, 'remote');
  const info = engine.info();
  ctx.log.info(`connected to ${baseURL}: model ${model}, ${mode} mode (${models.length} listed: ${models.join(', ')})`);
  void vscode.window.showInformationMessage(S.connected(backendLabel(info), model, mode));
  return { info, models, mode };
}

/**
 * An endpoint as an engine, without touching the engine scope or the settings (Compare's column
 * engines): the API key from secret storage, no model means the first the server lists, no mode
 * the `xlam.endpoint.mode` setting's. Nothing is sent until the first run.
 */
export async function openEndpointEngine(ctx: CommandContext, endpoint: { baseUrl: string; model?: string; mode?: RemoteMode }): Promise<Engine> {
  const check = normalizeBaseUrl(endpoint.baseUrl);
  if ('problem' in check) throw new EngineError('endpoint-refused', `${endpoint.baseUrl}: ${check.problem}`);
  const apiKey = await ctx.storage.secrets.get(apiKeySecretName(check.url));
  const mode = endpoint.mode ?? readEngineSettings((problem) => ctx.log.warn(problem)).endpoint.mode;
  const { createRemoteEngine } = await import('../engines/remote/remoteEngine.js');
  const engine = createRemoteEngine({ baseURL: check.url, mode, ...(endpoint.model !== undefined ? { model: endpoint.model } : {}), ...(apiKey ? { apiKey } : {}) });
  remoteModes.set(engine, mode);
  return engine;
}

async function pickModel(models: string[], preferred: string): Promise<string | undefined> {
  if (models.length === 1) return models[0];
  const items = models.map((id) => ({ label: id, picked: id === preferred }));
  const sorted = [...items.filter((item) => item.picked), ...items.filter((item) => !item.picked)];
  return (await vscode.window.showQuickPick(sorted, { placeHolder: S.pickModel, ignoreFocusOut: true }))?.label;
}

async function pickMode(preferred: RemoteMode): Promise<RemoteMode | undefined> {
  const items: Array<vscode.QuickPickItem & { mode: RemoteMode }> = [
    { label: S.chatMode, detail: S.chatModeDetail, mode: 'chat' },
    { label: S.rawMode, detail: S.rawModeDetail, mode: 'raw' },
  ];
  const sorted = preferred === 'raw' ? [items[1], items[0]] : items;
  return (await vscode.window.showQuickPick(sorted.filter((item) => item !== undefined), { placeHolder: S.pickMode, ignoreFocusOut: true }))?.mode;
}
