/**
 * Save as Test Case… from the playground's Run pane: the conversation and the calls of the last
 * run the user accepted, appended as a case to a suite they pick or make.
 */
import * as vscode from 'vscode';
import { readPlaygroundDocument } from '../../core/playground/readPlaygroundDocument';
import type { PlaygroundDocument } from '../../core/playground/types';
import { appendCaseEdits } from '../../core/suite/appendCase';
import type { Tool } from '../../core/tools/tool';
import { STRINGS } from '../strings';
import { readText, toolsResolver } from '../testing/suiteLoader';

const S = STRINGS.playground;

/**
 * Appends the conversation and the accepted calls of the last run as a case to a suite the user
 * picks (or a new one): one WorkspaceEdit (undoable), the suite left unsaved and shown beside at
 * the new case.
 */
export async function saveRunAsTestCase(document: vscode.TextDocument, accepted: readonly number[], toolsOf: (doc: PlaygroundDocument) => Promise<Tool[] | Error>): Promise<void> {
  const read = readPlaygroundDocument(document.getText(), document.uri.fsPath);
  if (!read.ok) {
    void vscode.window.showErrorMessage(S.saveCaseBadDocument(read.problems[0]?.message ?? ''));
    return;
  }
  const doc = read.document;
  const run = doc.lastRun;
  if (run === undefined || run.error !== undefined || doc.messages.length === 0) {
    void vscode.window.showWarningMessage(S.saveCaseNoRun);
    return;
  }
  if (accepted.some((i) => i >= run.calls.length)) {
    void vscode.window.showWarningMessage(S.saveCaseStaleRun);
    return;
  }
  const calls = [...new Set(accepted)].sort((a, b) => a - b).flatMap((i) => run.calls[i] ?? []);
  const tools = await toolsOf(doc);
  if (tools instanceof Error) {
    void vscode.window.showErrorMessage(S.saveCaseTools(tools.message));
    return;
  }
  const target = await pickSuite(document.uri);
  if (target === undefined) return;
  const exists = await vscode.workspace.fs.stat(target).then(
    () => true,
    () => false,
  );
  const suiteText = exists ? await readText(target) : '';
  const result = appendCaseEdits(suiteText, target.fsPath, { messages: doc.messages, tools, calls }, await toolsResolver(target, suiteText));
  const suiteName = target.path.split('/').pop() ?? target.path;
  if (!result.ok) {
    void vscode.window.showErrorMessage(S.saveCaseFailed(suiteName, result.error));
    return;
  }
  const edit = new vscode.WorkspaceEdit();
  let suiteDoc: vscode.TextDocument;
  if (exists) {
    suiteDoc = await vscode.workspace.openTextDocument(target);
    if (suiteDoc.getText() !== suiteText) {
      void vscode.window.showErrorMessage(S.saveCaseFailed(suiteName, S.suiteChanged));
      return;
    }
    for (const e of result.edits) edit.replace(target, new vscode.Range(suiteDoc.positionAt(e.offset), suiteDoc.positionAt(e.offset + e.length)), e.content);
  } else {
    edit.createFile(target, { ignoreIfExists: true });
    edit.insert(target, new vscode.Position(0, 0), result.text);
  }
  if (!(await vscode.workspace.applyEdit(edit))) {
    void vscode.window.showErrorMessage(S.saveCaseFailed(suiteName, S.editRefused));
    return;
  }
  suiteDoc = await vscode.workspace.openTextDocument(target);
  const at = suiteDoc.getText().lastIndexOf(`"id": ${JSON.stringify(result.id)}`);
  const position = suiteDoc.positionAt(Math.max(at, 0));
  await vscode.window.showTextDocument(suiteDoc, { viewColumn: vscode.ViewColumn.Beside, preview: false, selection: new vscode.Range(position, position) });
  void vscode.window.showInformationMessage(S.caseSaved(result.id, suiteName, calls.length));
}

/** The workspace's suites in a quick pick, and "New Suite File…" (a save dialog beside the playground). */
async function pickSuite(playground: vscode.Uri): Promise<vscode.Uri | undefined> {
  const files = (await vscode.workspace.findFiles('**/*.fctest.json', '**/node_modules/**', 1000)).sort((a, b) => a.path.localeCompare(b.path));
  const items: Array<vscode.QuickPickItem & { uri?: vscode.Uri }> = [
    { label: `$(new-file) ${S.newSuite}`, detail: S.newSuiteDetail },
    ...files.map((uri) => ({ label: `$(beaker) ${uri.path.split('/').pop() ?? uri.path}`, description: vscode.workspace.asRelativePath(uri), uri })),
  ];
  const choice = await vscode.window.showQuickPick(items, { placeHolder: S.pickSuite });
  if (choice === undefined) return undefined;
  if (choice.uri !== undefined) return choice.uri;
  const base = playground.path.split('/').pop()?.replace(/\.playground\.json$/i, '') ?? 'cases';
  const picked = await vscode.window.showSaveDialog({ title: S.newSuiteTitle, defaultUri: vscode.Uri.joinPath(playground, '..', `${base}.fctest.json`), filters: { [S.suiteFilter]: ['json'] } });
  if (picked === undefined) return undefined;
  return /\.fctest\.json$/i.test(picked.path) ? picked : picked.with({ path: `${picked.path.replace(/\.json$/i, '')}.fctest.json` });
}
