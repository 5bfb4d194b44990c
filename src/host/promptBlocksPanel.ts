import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { InputError, formatLocation, type SourceLocation } from '../core/errors';
import { renderPrompt } from '../core/formats/render';
import type { RenderResult } from '../core/formats/types';
import { parseToolsText } from '../core/loadInputs';
import { userMessage } from '../core/messages';
import { PROMPT_BLOCKS_VIEW_TYPE, isPanelState, isWebviewToHostMessage, type HostToWebviewMessage, type PanelState, type WebviewToHostMessage } from '../shared/promptBlocksProtocol';
import { readPromptSettings } from './config';
import type { Log } from './log';
import { promptBlocksHtml } from './promptBlocksHtml';
import { STRINGS } from './strings';

/** Edits to the tools file re-render after this quiet time. */
const EDIT_DEBOUNCE_MS = 150;

const TOOLS_FILE = /\.tools\.json$/i;

function fileName(uri: vscode.Uri): string {
  return uri.path.split('/').pop() ?? uri.path;
}

/**
 * "Prompt Blocks" panels: one is shown and reused by the command; panels restored by VS Code
 * after a reload come back through `revive`. Each panel renders its tools file with the
 * format, variant and query chosen in its toolbar.
 */
export class PromptBlocksPanels implements vscode.Disposable {
  private readonly views = new Set<PromptBlocksView>();
  private current: PromptBlocksView | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly log: Log,
  ) {}

  /** Shows `toolsDoc` with `query` (reusing the open panel); returns the first render, if any. */
  async show(toolsDoc: vscode.TextDocument, query: string): Promise<RenderResult | undefined> {
    const existing = this.current;
    const settings = existing?.state ?? readPromptSettings((problem) => this.log.warn(problem));
    const state: PanelState = { toolsUri: toolsDoc.uri.toString(), toolsName: fileName(toolsDoc.uri), format: settings.format, variant: settings.variant, query };
    if (existing !== undefined) {
      existing.panel.reveal();
      return existing.setState(state);
    }
    const panel = vscode.window.createWebviewPanel(PROMPT_BLOCKS_VIEW_TYPE, STRINGS.promptBlocks.panelTitle(state.toolsName), vscode.ViewColumn.Beside, {
      ...this.webviewOptions(),
      enableFindWidget: true,
    });
    const result = await this.attach(panel, state).setState(state);
    if (result !== undefined) this.log.info(`prompt blocks: ${state.toolsName} as ${result.format}/${result.variant}, ${result.blocks.length} blocks`);
    return result;
  }

  /** The serializer's half: a panel VS Code restored, with the state its webview saved. */
  async revive(panel: vscode.WebviewPanel, saved: unknown): Promise<void> {
    if (!isPanelState(saved) || !TOOLS_FILE.test(vscode.Uri.parse(saved.toolsUri).path)) {
      this.log.warn('prompt blocks: a restored panel had no usable state; closing it');
      panel.dispose();
      return;
    }
    panel.webview.options = this.webviewOptions();
    await this.attach(panel, saved).setState(saved);
  }

  private webviewOptions(): vscode.WebviewOptions {
    return {
      enableScripts: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview'), vscode.Uri.joinPath(this.extensionUri, 'media')],
    };
  }

  private attach(panel: vscode.WebviewPanel, state: PanelState): PromptBlocksView {
    const view = new PromptBlocksView(panel, state, this.log, () => {
      this.views.delete(view);
      if (this.current === view) this.current = undefined;
    });
    panel.onDidChangeViewState((event) => {
      if (event.webviewPanel.active) this.current = view;
    });
    const webview = panel.webview;
    webview.html = promptBlocksHtml({
      cspSource: webview.cspSource,
      nonce: randomBytes(18).toString('base64'),
      scriptUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'dist', 'webview', 'main.js')).toString(),
      styleUri: webview.asWebviewUri(vscode.Uri.joinPath(this.extensionUri, 'media', 'promptBlocks.css')).toString(),
    });
    this.views.add(view);
    this.current = view;
    return view;
  }

  dispose(): void {
    for (const view of [...this.views]) view.panel.dispose();
  }
}

/** One panel: its state, its live re-render, and its half of the protocol. */
class PromptBlocksView {
  private readonly subscriptions: vscode.Disposable[] = [];
  private editTimer: ReturnType<typeof setTimeout> | undefined;
  /** Bumped per render so a slow, superseded render is not posted over a newer one. */
  private generation = 0;
  private lastError: { uri: vscode.Uri; location: SourceLocation } | undefined;
  private disposed = false;

  constructor(
    readonly panel: vscode.WebviewPanel,
    public state: PanelState,
    private readonly log: Log,
    onDisposed: () => void,
  ) {
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document.uri.toString() === this.state.toolsUri) this.scheduleRender();
      }),
      panel.onDidDispose(() => {
        this.disposed = true;
        clearTimeout(this.editTimer);
        for (const item of this.subscriptions) item.dispose();
        onDisposed();
      }),
    );
  }

  setState(state: PanelState): Promise<RenderResult | undefined> {
    this.state = state;
    this.panel.title = STRINGS.promptBlocks.panelTitle(state.toolsName);
    return this.render();
  }

  private receive(message: unknown): void {
    // The webview is a web page: act only on messages the protocol accepts.
    if (!isWebviewToHostMessage(message)) {
      this.log.warn(`prompt blocks: ignored a malformed message from the webview: ${describe(message)}`);
      return;
    }
    void this.handle(message).catch((error: unknown) => this.log.error('prompt blocks: handling a webview message failed', error));
  }

  private async handle(message: WebviewToHostMessage): Promise<void> {
    switch (message.type) {
      case 'ready':
        await this.render();
        return;
      case 'setOptions':
        await this.setState({ ...this.state, ...message.options });
        return;
      case 'goToError':
        await this.goToError();
        return;
    }
  }

  private scheduleRender(): void {
    clearTimeout(this.editTimer);
    this.editTimer = setTimeout(() => {
      this.editTimer = undefined;
      void this.render();
    }, EDIT_DEBOUNCE_MS);
  }

  /** Renders the current state and posts the blocks, or the error (the webview keeps the last good render). */
  private async render(): Promise<RenderResult | undefined> {
    const generation = ++this.generation;
    const state = this.state;
    const uri = vscode.Uri.parse(state.toolsUri);
    let doc: vscode.TextDocument;
    try {
      doc = await vscode.workspace.openTextDocument(uri);
    } catch (error) {
      this.lastError = undefined;
      if (generation === this.generation) this.postError(state, uri.fsPath, STRINGS.promptBlocks.cannotOpenTools(error instanceof Error ? error.message : String(error)));
      return undefined;
    }
    if (generation !== this.generation) return undefined;
    try {
      const tools = parseToolsText(doc.getText(), doc.uri.fsPath);
      const result = renderPrompt({ format: state.format, variant: state.variant, tools, messages: [userMessage(state.query)] });
      this.lastError = undefined;
      this.post({
        type: 'render',
        state,
        blocks: result.blocks.map((block) => ({ kind: block.kind, text: block.text })),
        warnings: [...result.warnings],
        losses: result.losses.map((loss) => ({ tool: loss.tool, kind: loss.kind, detail: loss.detail })),
        stop: [...result.stop],
      });
      return result;
    } catch (error) {
      if (error instanceof InputError) {
        this.lastError = error.location ? { uri: doc.uri, location: error.location } : undefined;
        this.postError(state, error.location ? formatLocation(error.location) : doc.uri.fsPath, error.message);
      } else {
        this.log.error('prompt blocks: rendering failed', error);
        this.lastError = undefined;
        this.postError(state, doc.uri.fsPath, STRINGS.promptBlocks.renderFailed);
      }
      return undefined;
    }
  }

  private postError(state: PanelState, where: string, message: string): void {
    this.post({ type: 'renderError', state, where, message, canGoToError: this.lastError !== undefined });
  }

  private post(message: HostToWebviewMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  private async goToError(): Promise<void> {
    if (this.lastError === undefined) return;
    const { uri, location } = this.lastError;
    const position = new vscode.Position(location.line - 1, location.column - 1);
    const doc = await vscode.workspace.openTextDocument(uri);
    // Where the tools file is already shown, else the first column (the panel sits beside it).
    const column = vscode.window.visibleTextEditors.find((editor) => editor.document.uri.toString() === uri.toString())?.viewColumn ?? vscode.ViewColumn.One;
    await vscode.window.showTextDocument(doc, { viewColumn: column, selection: new vscode.Range(position, position) });
  }
}

/** A short, safe description of an unexpected message for the log. */
function describe(message: unknown): string {
  try {
    return (JSON.stringify(message) ?? typeof message).slice(0, 200);
  } catch {
    return typeof message;
  }
}

/** Called once from activate(): the panels service and the serializer that restores panels after a reload. */
export function registerPromptBlocksPanels(context: vscode.ExtensionContext, log: Log): PromptBlocksPanels {
  const panels = new PromptBlocksPanels(context.extensionUri, log);
  context.subscriptions.push(
    panels,
    vscode.window.registerWebviewPanelSerializer(PROMPT_BLOCKS_VIEW_TYPE, {
      deserializeWebviewPanel: (panel, state: unknown) => panels.revive(panel, state),
    }),
  );
  return panels;
}
