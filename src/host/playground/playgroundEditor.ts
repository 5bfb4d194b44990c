import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { PLAYGROUND_VIEW_TYPE } from '../../shared/playgroundProtocol';
import type { CommandContext } from '../commandContext';
import { playgroundHtml } from './playgroundHtml';
import { OffThreadCounter } from './offThreadCounter';
import { PlaygroundSession } from './playgroundSession';
import { VocabTokenizers } from './vocabTokenizers';

/**
 * The playground: a CustomTextEditorProvider for `*.playground.json`. VS Code owns the document
 * (undo/redo, dirty state, save, hot exit, backups); each editor is a PlaygroundSession that
 * renders the document into the webview and turns the webview's requests into text edits.
 */
export class PlaygroundEditorProvider implements vscode.CustomTextEditorProvider, vscode.Disposable {
  private readonly sessions = new Set<PlaygroundSession>();
  readonly vocab: VocabTokenizers;
  private readonly counts: OffThreadCounter;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly ctx: CommandContext,
  ) {
    this.vocab = new VocabTokenizers(extensionUri, ctx.log);
    this.counts = new OffThreadCounter(vscode.Uri.joinPath(extensionUri, 'dist', 'tokenCountWorker.js').fsPath, (message) => ctx.log.warn(`playground: ${message}; big prompts keep estimated counts until it restarts`));
  }

  resolveCustomTextEditor(document: vscode.TextDocument, panel: vscode.WebviewPanel): void {
    const root = vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview');
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [root] };
    const session = new PlaygroundSession(document, panel, { ctx: this.ctx, vocab: this.vocab, counts: this.counts });
    this.sessions.add(session);
    panel.onDidDispose(() => this.sessions.delete(session));
    webview.html = playgroundHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'playground.css')).toString(),
      codiconUri: webview.asWebviewUri(vscode.Uri.joinPath(root, 'codicons', 'codicon.css')).toString(),
    });
    this.ctx.log.info(`playground: opened ${document.uri.toString(true)}`);
  }

  dispose(): void {
    for (const session of [...this.sessions]) session.dispose();
    this.vocab.dispose();
    this.counts.dispose();
  }
}

/** Called once from activate(). */
export function registerPlaygroundEditor(context: vscode.ExtensionContext, ctx: CommandContext): vscode.Disposable[] {
  const provider = new PlaygroundEditorProvider(context.extensionUri, ctx);
  return [provider, vscode.window.registerCustomEditorProvider(PLAYGROUND_VIEW_TYPE, provider, { webviewOptions: { enableFindWidget: true } })];
}
