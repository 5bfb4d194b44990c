import * as vscode from 'vscode';
import { InputError, formatLocation } from '../core/errors';
import { renderPrompt } from '../core/formats/render';
import type { RenderResult } from '../core/formats/types';
import { parseToolsText } from '../core/loadInputs';
import { userMessage } from '../core/messages';
import { readPromptSettings } from './config';
import type { Log } from './log';
import { STRINGS } from './strings';

export const PREVIEW_SCHEME = 'xlam-prompt';

interface PreviewSource {
  toolsUri: vscode.Uri;
  query: string;
  format: string;
  variant: string;
}

/**
 * Read-only prompt previews as virtual documents. The document text is exactly the prompt, so
 * what the user reads is what the model receives; everything else (format, variant) is in the
 * title. Previews re-render when their tools file changes.
 */
export class PromptPreviewProvider implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  private readonly sources = new Map<string, PreviewSource>();
  private readonly rendered = new Map<string, string>();
  private readonly subscriptions: vscode.Disposable[] = [];

  constructor(private readonly log: Log) {
    this.subscriptions.push(
      this.changed,
      vscode.workspace.onDidChangeTextDocument((event) => this.refreshFor(event.document)),
      vscode.workspace.onDidCloseTextDocument((doc) => {
        if (doc.uri.scheme === PREVIEW_SCHEME) {
          this.sources.delete(doc.uri.toString());
          this.rendered.delete(doc.uri.toString());
        }
      }),
    );
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.rendered.get(uri.toString()) ?? '';
  }

  /** Renders and opens a preview; returns the result, or undefined when the tools file is bad. */
  async open(toolsDoc: vscode.TextDocument, query: string): Promise<RenderResult | undefined> {
    const settings = readPromptSettings((problem) => this.log.warn(problem));
    const result = this.render(toolsDoc, query, settings.format, settings.variant);
    if (result === undefined) return undefined;
    const name = toolsDoc.uri.path.split('/').pop() ?? 'tools';
    const uri = vscode.Uri.from({
      scheme: PREVIEW_SCHEME,
      path: `/${name} · ${result.format} ${result.variant}.xlam-prompt`,
      query: `id=${Date.now().toString(36)}`,
    });
    this.sources.set(uri.toString(), { toolsUri: toolsDoc.uri, query, format: result.format, variant: result.variant });
    this.rendered.set(uri.toString(), result.prompt);
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.languages.setTextDocumentLanguage(doc, 'xlam-prompt');
    await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
    this.log.info(`rendered ${name} as ${result.format}/${result.variant}: ${result.prompt.length} chars in ${result.blocks.length} blocks`);
    for (const warning of result.warnings) {
      this.log.warn(warning);
      void vscode.window.showWarningMessage(STRINGS.renderWarning(warning));
    }
    return result;
  }

  private render(toolsDoc: vscode.TextDocument, query: string, format: PreviewSource['format'], variant: string): RenderResult | undefined {
    try {
      const tools = parseToolsText(toolsDoc.getText(), toolsDoc.uri.fsPath);
      return renderPrompt({ format: format as RenderResult['format'], variant, tools, messages: [userMessage(query)] });
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      const where = error.location ? formatLocation(error.location) : toolsDoc.uri.fsPath;
      this.log.warn(`${where}: ${error.message}`);
      void this.offerGoToError(toolsDoc, error, where);
      return undefined;
    }
  }

  /** Shows the error with its position and a button that puts the cursor there. */
  private async offerGoToError(toolsDoc: vscode.TextDocument, error: InputError, where: string): Promise<void> {
    const choice = await vscode.window.showErrorMessage(STRINGS.badToolsFile(where, error.message), ...(error.location ? [STRINGS.goToError] : []));
    if (choice !== STRINGS.goToError || !error.location) return;
    const position = new vscode.Position(error.location.line - 1, error.location.column - 1);
    await vscode.window.showTextDocument(toolsDoc, { selection: new vscode.Range(position, position) });
  }

  /** Keeps open previews current while their tools file is edited; a broken edit keeps the last good text. */
  private refreshFor(doc: vscode.TextDocument): void {
    for (const [key, source] of this.sources) {
      if (source.toolsUri.toString() !== doc.uri.toString()) continue;
      try {
        const tools = parseToolsText(doc.getText(), doc.uri.fsPath);
        const result = renderPrompt({ format: source.format as RenderResult['format'], variant: source.variant, tools, messages: [userMessage(source.query)] });
        this.rendered.set(key, result.prompt);
        this.changed.fire(vscode.Uri.parse(key));
      } catch (error) {
        if (!(error instanceof InputError)) this.log.error('re-rendering a preview failed', error);
      }
    }
  }

  dispose(): void {
    for (const item of this.subscriptions) item.dispose();
  }
}
