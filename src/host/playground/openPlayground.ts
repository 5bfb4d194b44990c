import * as vscode from 'vscode';
import { InputError } from '../../core/errors';
import { seedPlayground } from '../../core/playground/seed';
import { PLAYGROUND_VIEW_TYPE } from '../../shared/playgroundProtocol';
import type { CommandContext } from '../commandContext';
import { STRINGS } from '../strings';
import { toolsDocument } from '../toolsInput';

const S = STRINGS.playground;
const TOOLS_FILE = /\.tools\.json$/i;

/** The name of a new playground for a tools file: weather.tools.json → weather.playground.json (numbered when taken). */
export function playgroundName(toolsName: string | undefined, taken: (name: string) => boolean): string {
  const base = toolsName !== undefined ? toolsName.replace(TOOLS_FILE, '') : 'example';
  let name = `${base}.playground.json`;
  for (let n = 2; taken(name); n++) name = `${base}-${n}.playground.json`;
  return name;
}

/**
 * "xLAM: Open Playground" `(toolsUri?: Uri)`: a new untitled `*.playground.json` seeded from the
 * tools file (the argument, else the active one, else the weather example), opened in the
 * playground. Saving it asks where, as for any untitled file. Returns the new document's URI.
 */
export async function openPlayground(ctx: CommandContext, uriArg?: unknown): Promise<vscode.Uri | undefined> {
  const toolsDoc = await toolsDocument(uriArg);
  let text: string;
  try {
    text = toolsDoc !== undefined ? seedPlayground({ toolsText: toolsDoc.getText(), toolsFile: toolsDoc.uri.fsPath }) : seedPlayground({ example: 'weather' });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    void vscode.window.showErrorMessage(S.cannotSeed(error.describe()));
    return undefined;
  }
  const toolsName = toolsDoc?.uri.path.split('/').pop();
  const folder = toolsDoc !== undefined && toolsDoc.uri.scheme === 'file' ? vscode.Uri.joinPath(toolsDoc.uri, '..') : vscode.workspace.workspaceFolders?.[0]?.uri;
  const uri = await openUntitledPlayground(folder, toolsName, text);
  ctx.log.info(`playground: new ${uri.path.split('/').pop() ?? ''}${toolsName !== undefined ? ` from ${toolsName}` : ' from the weather example'}`);
  return uri;
}

/**
 * A new untitled `<base>.playground.json` in `folder` (named as playgroundName names it, beside the
 * open documents) holding `text`, opened in the playground. Untitled: nothing is written to disk
 * until the user saves, and Save asks where.
 */
export async function openUntitledPlayground(folder: vscode.Uri | undefined, baseName: string | undefined, text: string): Promise<vscode.Uri> {
  const open = new Set(vscode.workspace.textDocuments.map((doc) => doc.uri.path.split('/').pop() ?? ''));
  const name = playgroundName(baseName, (candidate) => open.has(candidate));
  const path = folder !== undefined ? vscode.Uri.joinPath(folder, name).path : `/${name}`;
  const uri = vscode.Uri.from({ scheme: 'untitled', path });
  const doc = await vscode.workspace.openTextDocument(uri);
  const edit = new vscode.WorkspaceEdit();
  edit.replace(uri, new vscode.Range(doc.positionAt(0), doc.positionAt(doc.getText().length)), text);
  await vscode.workspace.applyEdit(edit);
  await vscode.commands.executeCommand('vscode.openWith', uri, PLAYGROUND_VIEW_TYPE);
  return uri;
}

/** "Open in Playground" above the first line of every tools file. */
export class PlaygroundCodeLens implements vscode.CodeLensProvider {
  provideCodeLenses(document: vscode.TextDocument): vscode.CodeLens[] {
    if (!TOOLS_FILE.test(document.uri.path)) return [];
    return [new vscode.CodeLens(new vscode.Range(0, 0, 0, 0), { title: S.codeLens, command: 'xlam.openPlayground', arguments: [document.uri] })];
  }
}
