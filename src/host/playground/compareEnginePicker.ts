import * as vscode from 'vscode';
import type { ColumnEngine } from '../../core/playground/compareColumns';
import { pickGgufFile } from '../localModelCommands';
import { normalizeBaseUrl } from '../endpointUrl';
import { STRINGS } from '../strings';

/*
 * Compare's "Model file…" and "Endpoint…" in a column's engine selector: VS Code's open dialog
 * (GGUF files) or input boxes (URL, then an optional model id). Nothing is opened here: the
 * column names the engine, and the pool opens it when the column runs.
 */

const S = STRINGS.playground;
const E = STRINGS.engine;

/** The engine the user picked for column `column` (0-based), or undefined when they cancelled. */
export async function chooseColumnEngine(kind: 'local' | 'endpoint', column: number): Promise<ColumnEngine | undefined> {
  return kind === 'local' ? chooseModelFile(column) : chooseEndpoint(column);
}

async function chooseModelFile(column: number): Promise<ColumnEngine | undefined> {
  const uri = await pickGgufFile(S.compareModelTitle(column + 1), S.compareOpenLabel);
  if (uri === undefined) return undefined;
  if (uri.scheme !== 'file' || !/\.gguf$/i.test(uri.fsPath)) {
    void vscode.window.showErrorMessage(S.compareNotGguf(uri.scheme === 'file' ? uri.fsPath : uri.toString()));
    return undefined;
  }
  return { kind: 'local', path: uri.fsPath };
}

async function chooseEndpoint(column: number): Promise<ColumnEngine | undefined> {
  const typed = await vscode.window.showInputBox({
    prompt: S.compareEndpointPrompt(column + 1),
    placeHolder: E.endpointPlaceholder,
    ignoreFocusOut: true,
    validateInput: (text) => {
      const check = normalizeBaseUrl(text);
      return 'problem' in check ? check.problem : undefined;
    },
  });
  if (typed === undefined) return undefined;
  const check = normalizeBaseUrl(typed);
  if ('problem' in check) return undefined;
  const model = await vscode.window.showInputBox({ prompt: S.compareModelPrompt, ignoreFocusOut: true });
  if (model === undefined) return undefined;
  return { kind: 'endpoint', baseUrl: check.url, ...(model.trim() !== '' ? { model: model.trim() } : {}) };
}
