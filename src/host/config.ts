import * as vscode from 'vscode';
import { DEFAULT_VARIANT, FORMAT_IDS, VARIANTS, type FormatId } from '../core/formats/types';

export { CONFIG_KEYS } from './configKeys';

/*
 * Typed access to the `xlam.*` settings (keys in configKeys.ts, checked against package.json by a
 * unit test). None of these is security-sensitive; model paths, endpoints and commands (later)
 * are read only from trusted workspaces.
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
