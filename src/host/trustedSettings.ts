/*
 * Which value of a setting the extension uses, given workspace trust. Pure (no `vscode`) so it is
 * unit-tested; config.ts feeds it `WorkspaceConfiguration.inspect()`.
 */

/** The parts of `inspect()` this decision reads. */
export interface InspectedSetting<T> {
  defaultValue?: T;
  globalValue?: T;
  workspaceValue?: T;
  workspaceFolderValue?: T;
}

export interface ChosenSetting<T> {
  value: T | undefined;
  /** True when a workspace (or folder) value existed and was ignored because the workspace is untrusted. */
  ignoredWorkspaceValue: boolean;
}

/**
 * The effective value, most specific first (folder, workspace, user, default). For a restricted
 * setting in an untrusted workspace only the user's own (global) value or the default counts: a
 * cloned repository must not choose which file we load or where prompts are sent.
 */
export function chooseSettingValue<T>(inspected: InspectedSetting<T> | undefined, restricted: boolean, trusted: boolean): ChosenSetting<T> {
  if (inspected === undefined) return { value: undefined, ignoredWorkspaceValue: false };
  const workspace = inspected.workspaceFolderValue ?? inspected.workspaceValue;
  const userLevel = inspected.globalValue ?? inspected.defaultValue;
  if (restricted && !trusted) return { value: userLevel, ignoredWorkspaceValue: workspace !== undefined };
  return { value: workspace ?? userLevel, ignoredWorkspaceValue: false };
}
