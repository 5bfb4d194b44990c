import * as vscode from 'vscode';
import { InputError } from '../../core/errors';
import { casePlaygroundBase, playgroundFromSuiteCase } from '../../core/playground/fromSuiteCase';
import type { CommandContext } from '../commandContext';
import { openUntitledPlayground } from '../playground/openPlayground';
import { STRINGS } from '../strings';
import { readText, toolsResolver } from './suiteLoader';

const S = STRINGS.testing;

/** The suite and case a command argument names: a case's TestItem (its id is `<suite uri>#<case id>`, see suiteTree.ts), or a suite (Uri or path) and a case id. */
function caseOf(suiteArg: unknown, caseArg: unknown): { suite: vscode.Uri; caseId: string } | undefined {
  if (suiteArg instanceof vscode.Uri) return typeof caseArg === 'string' ? { suite: suiteArg, caseId: caseArg } : undefined;
  if (typeof suiteArg === 'string') {
    if (typeof caseArg !== 'string') return undefined;
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
    const suite = /^[a-z][\w+.-]+:/i.test(suiteArg) && !/^[a-z]:[\\/]/i.test(suiteArg) ? vscode.Uri.parse(suiteArg) : suiteArg.startsWith('/') || folder === undefined ? vscode.Uri.file(suiteArg) : vscode.Uri.joinPath(folder, suiteArg);
    return { suite, caseId: caseArg };
  }
  const item = suiteArg as Partial<vscode.TestItem> | undefined;
  if (item?.uri instanceof vscode.Uri && typeof item.id === 'string') {
    const prefix = `${item.uri.toString()}#`;
    if (item.id.startsWith(prefix)) return { suite: item.uri, caseId: item.id.slice(prefix.length) };
  }
  return undefined;
}

/**
 * "Open in Playground" on a suite case (the Test Explorer's context menu on a case, or
 * `xlam.openCaseInPlayground(suite: Uri | path, caseId: string)`): a new playground holding the
 * case's tools, conversation and expected answer (fromSuiteCase.ts), each run checked against it.
 * Returns the playground's URI.
 *
 * It opens as an untitled document named after the case in the suite's folder, as "Open
 * Playground" does: the case stays the truth in its suite, the playground is a scratch copy to
 * try it on until the user saves it (Save asks where), and nothing is written beside the suite
 * unasked. VS Code 1.100 (code-server) opens an untitled document with a custom text editor.
 */
export async function openCaseInPlayground(ctx: CommandContext, suiteArg?: unknown, caseArg?: unknown): Promise<vscode.Uri | undefined> {
  const target = caseOf(suiteArg, caseArg);
  if (target === undefined) {
    void vscode.window.showInformationMessage(S.openCaseNeedsCase);
    return undefined;
  }
  let text: string;
  try {
    const suiteText = await readText(target.suite);
    text = playgroundFromSuiteCase({
      text: suiteText,
      file: target.suite.fsPath,
      resolveTools: await toolsResolver(target.suite, suiteText),
      caseId: target.caseId,
      suitePath: vscode.workspace.asRelativePath(target.suite, false),
    });
  } catch (error) {
    const message = error instanceof InputError ? error.describe() : error instanceof Error ? error.message : String(error);
    if (!(error instanceof InputError) && !(error instanceof vscode.FileSystemError)) ctx.log.error(`opening case "${target.caseId}" of ${target.suite.toString()} in the playground failed`, error);
    void vscode.window.showErrorMessage(S.openCaseFailed(target.caseId, message));
    return undefined;
  }
  const uri = await openUntitledPlayground(vscode.Uri.joinPath(target.suite, '..'), casePlaygroundBase(target.caseId), text);
  ctx.log.info(`playground: case "${target.caseId}" of ${vscode.workspace.asRelativePath(target.suite, false)} opened as ${uri.path.split('/').pop() ?? ''}`);
  return uri;
}
