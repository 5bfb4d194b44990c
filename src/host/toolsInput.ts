import * as vscode from 'vscode';
import { InputError, formatLocation } from '../core/errors';
import { parseToolsText } from '../core/loadInputs';
import type { Tool } from '../core/tools/tool';
import { STRINGS } from './strings';

/**
 * What the tools-file commands share: which tools file they act on, the user's query, and the
 * tools read from it with a located error when the file is broken.
 */

/** The `uri` argument, else the active `*.tools.json`, else a visible one (a result may be active). */
export async function toolsDocument(uriArg: unknown): Promise<vscode.TextDocument | undefined> {
  if (uriArg instanceof vscode.Uri) return vscode.workspace.openTextDocument(uriArg);
  const docs = [vscode.window.activeTextEditor?.document, ...vscode.window.visibleTextEditors.map((editor) => editor.document)];
  return docs.find((doc): doc is vscode.TextDocument => doc !== undefined && /\.tools\.json$/i.test(doc.uri.path));
}

/** The `query` argument, else an input box; undefined when the user cancels. */
export async function askQuery(queryArg: unknown): Promise<string | undefined> {
  if (typeof queryArg === 'string') return queryArg;
  return vscode.window.showInputBox({ prompt: STRINGS.queryPrompt, placeHolder: STRINGS.queryPlaceholder, ignoreFocusOut: true });
}

/** The tools of `doc`, or undefined after telling the user where the file is broken. */
export function readToolsOrReport(doc: vscode.TextDocument): Tool[] | undefined {
  try {
    return parseToolsText(doc.getText(), doc.uri.fsPath);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    void vscode.window.showErrorMessage(STRINGS.badToolsFile(error.location ? formatLocation(error.location) : doc.uri.fsPath, error.message));
    return undefined;
  }
}
