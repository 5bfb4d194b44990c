import * as vscode from 'vscode';
import { DEFAULT_VARIANT, FORMAT_IDS, VARIANTS, type FormatId } from '../core/formats/types';
import { RESTRICTED_KEYS, type ConfigKey } from './configKeys';
import { chooseSettingValue } from './trustedSettings';

export { CONFIG_KEYS } from './configKeys';

/*
 * Typed access to the `xlam.*` settings (keys in configKeys.ts, checked against package.json by a
 * unit test). Model paths and endpoints (RESTRICTED_KEYS) are taken from the workspace only when
 * it is trusted (trustedSettings.ts); package.json declares them as restrictedConfigurations.
 */

export interface PromptSettings {
  format: FormatId;
  variant: string;
}

/** The prompt settings; an unknown format or variant falls back to the default, with a note why. */
export function readPromptSettings(onProblem: (message: string) => void = () => undefined): PromptSettings {
  const config = vscode.workspace.getConfiguration('xlam');
  const rawFormat = config.get<string>('format', 'fc-v1');
  const known = (FORMAT_IDS as readonly string[]).includes(rawFormat);
  if (!known) onProblem(`setting xlam.format "${rawFormat}" is not one of ${FORMAT_IDS.join(', ')}; using fc-v1`);
  const format = known ? (rawFormat as FormatId) : 'fc-v1';
  const rawVariant = config.get<string>('variant', '');
  const fits = rawVariant === '' || VARIANTS[format].includes(rawVariant);
  if (!fits) onProblem(`setting xlam.variant "${rawVariant}" does not apply to ${format} (${VARIANTS[format].join(', ')}); using ${DEFAULT_VARIANT[format]}`);
  const variant = rawVariant !== '' && fits ? rawVariant : DEFAULT_VARIANT[format];
  return { format, variant };
}

export interface EngineSettings {
  model: {
    /** Empty when none is set. */
    path: string;
    gpu: 'auto' | 'cpu';
    /** Undefined: chosen from the machine's cores. */
    threads: number | undefined;
    /** Undefined: the model's training context (capped by the engine). */
    contextSize: number | undefined;
    /** Context sequences (runs decoded side by side, one model load); 'auto' fits them to memory. */
    sequences: number | 'auto';
  };
  endpoint: { baseUrl: string; model: string; mode: 'chat' | 'raw' };
  run: { grammar: boolean; maxTokens: number; temperature: number };
}

/** One setting, trust applied; a value of the wrong type or range falls back, with a note why. */
function readSetting<T>(config: vscode.WorkspaceConfiguration, key: ConfigKey, fallback: T, valid: (value: unknown) => value is T, onProblem: (message: string) => void): T {
  const restricted = (RESTRICTED_KEYS as readonly string[]).includes(key);
  const chosen = chooseSettingValue(config.inspect<unknown>(key), restricted, vscode.workspace.isTrusted);
  if (chosen.ignoredWorkspaceValue) onProblem(`ignored this workspace's xlam.${key}: the workspace is not trusted (the user setting applies)`);
  if (chosen.value === undefined) return fallback;
  if (!valid(chosen.value)) {
    onProblem(`setting xlam.${key} ${JSON.stringify(chosen.value)} is not valid; using ${JSON.stringify(fallback)}`);
    return fallback;
  }
  return chosen.value;
}

const isString = (value: unknown): value is string => typeof value === 'string';
const isBoolean = (value: unknown): value is boolean => typeof value === 'boolean';
const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value) && value >= 0;
const isPositive = (value: unknown): value is number => isCount(value) && value > 0;
const isProbability = (value: unknown): value is number => typeof value === 'number' && value >= 0 && value <= 1;
const isTemperature = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 2;
const oneOf =
  <T extends string>(...choices: T[]) =>
  (value: unknown): value is T =>
    typeof value === 'string' && (choices as string[]).includes(value);

/** The engine settings (`xlam.model.*`, `xlam.endpoint.*`, `xlam.run.*`). */
export function readEngineSettings(onProblem: (message: string) => void = () => undefined): EngineSettings {
  const config = vscode.workspace.getConfiguration('xlam');
  const read = <T>(key: ConfigKey, fallback: T, valid: (value: unknown) => value is T): T => readSetting(config, key, fallback, valid, onProblem);
  const threads = read('model.threads', 0, isCount);
  const contextSize = read('model.contextSize', 0, isCount);
  const sequences = read('model.sequences', 1, isCount);
  return {
    model: {
      path: read('model.path', '', isString).trim(),
      gpu: read('model.gpu', 'auto', oneOf('auto', 'cpu')),
      threads: threads === 0 ? undefined : threads,
      contextSize: contextSize === 0 ? undefined : contextSize,
      sequences: sequences === 0 ? 'auto' : sequences,
    },
    endpoint: {
      baseUrl: read('endpoint.baseUrl', '', isString).trim(),
      model: read('endpoint.model', '', isString).trim(),
      mode: read('endpoint.mode', 'chat', oneOf('chat', 'raw')),
    },
    run: {
      grammar: read('run.grammar', true, isBoolean),
      maxTokens: read('run.maxTokens', 1024, isPositive),
      temperature: read('run.temperature', 0, isTemperature),
    },
  };
}

/** Writes a setting; by default for the user (Global), so it follows them to every workspace. */
export async function storeSetting(key: ConfigKey, value: unknown, target: vscode.ConfigurationTarget = vscode.ConfigurationTarget.Global): Promise<void> {
  await vscode.workspace.getConfiguration('xlam').update(key, value, target);
}

export interface LintSettings {
  /** Globs of files linted as tools files besides `*.tools.json`. */
  extraGlobs: string[];
}

const isStringArray = (value: unknown): value is string[] => Array.isArray(value) && value.every(isString);

/** The lint settings (`xlam.lint.*`). */
export function readLintSettings(onProblem: (message: string) => void = () => undefined): LintSettings {
  const config = vscode.workspace.getConfiguration('xlam');
  const globs = readSetting(config, 'lint.extraGlobs', [] as string[], isStringArray, onProblem);
  return { extraGlobs: globs.map((glob) => glob.trim()).filter((glob) => glob !== '') };
}

export interface SuiteSettings {
  /** Trials in flight at once; undefined (the setting's 0): what the engine serves side by side. */
  concurrency: number | undefined;
  /** Measure call confidence and flag passes under it; undefined (the setting's 0): off. */
  minConfidence: number | undefined;
}

/** The Test Explorer's suite settings (`xlam.suite.*`). */
export function readSuiteSettings(onProblem: (message: string) => void = () => undefined): SuiteSettings {
  const config = vscode.workspace.getConfiguration('xlam');
  const concurrency = readSetting(config, 'suite.concurrency', 0, isCount, onProblem);
  const minConfidence = readSetting(config, 'suite.minConfidence', 0, isProbability, onProblem);
  return { concurrency: concurrency === 0 ? undefined : concurrency, minConfidence: minConfidence === 0 ? undefined : minConfidence };
}
