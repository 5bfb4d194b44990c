import * as vscode from 'vscode';
import { InputError } from '../../core/errors';
import { fromPlain, type JsonObject } from '../../core/json/jsonValue';
import { parseToolsText } from '../../core/loadInputs';
import { addMessage, addTool, duplicateTool, removeMessage, removeTool, replaceToolsText, setField, setMock, storeCompareColumns } from '../../core/playground/edits';
import { setJsonValue, type EditResult, type TextEdit } from '../../core/playground/jsonEdits';
import type { MockRule } from '../../core/playground/types';
import { storedColumn } from '../../core/playground/readCompare';
import { parseWebviewToHostMessage, type HostToWebviewMessage, type WebviewToHostMessage } from '../../shared/playgroundProtocol';
import type { CommandContext } from '../commandContext';
import { messageOf } from '../engineScope';
import { STRINGS } from '../strings';
import { typedMockRules } from './toolsText';
import { CompareRuns } from './compareRuns';
import type { OffThreadCounter } from './offThreadCounter';
import { PlaygroundInputs } from './playgroundInputs';
import { PlaygroundRuns } from './playgroundRuns';
import { PlaygroundViews } from './playgroundViews';
import type { VocabTokenizers } from './vocabTokenizers';

const S = STRINGS.playground;
/** Messages that are not document edits and may take long: not queued behind (or in front of) edits. */
const LONG_RUNNING = new Set<WebviewToHostMessage['type']>(['run', 'runToCompletion', 'cancel', 'selectEngine', 'action', 'importTools', 'openPromptAsDocument', 'openTextEditor', 'exportCode', 'saveAsTestCase', 'compareRun', 'compareCancel', 'compareDiff', 'compareChooseEngine']);

export interface PlaygroundServices {
  ctx: CommandContext;
  vocab: VocabTokenizers;
  /** Counts the tokens of big prompts in a worker thread. */
  counts: OffThreadCounter;
}

/**
 * One open playground editor: the document is the truth, the webview a view of it. Every change of
 * the document (ours, the text editor's, undo, a git checkout) re-renders the views from the text
 * (playgroundViews.ts); every request of the webview becomes a text edit applied as a
 * WorkspaceEdit, so undo, dirty state and hot exit are VS Code's own. Runs live in
 * playgroundRuns.ts and compareRuns.ts; this class dispatches the webview's messages and owns the
 * lifetime of the parts.
 */
export class PlaygroundSession implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;
  private queue: Promise<void> = Promise.resolve();
  private readonly inputs: PlaygroundInputs;
  private readonly views: PlaygroundViews;
  private readonly runs: PlaygroundRuns;
  private readonly compare: CompareRuns;

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    private readonly services: PlaygroundServices,
  ) {
    const { ctx, vocab } = services;
    const post = (message: HostToWebviewMessage): void => this.post(message);
    this.inputs = new PlaygroundInputs(document, ctx);
    this.views = new PlaygroundViews(this.inputs, services, post);
    this.runs = new PlaygroundRuns(this.inputs, ctx, post, (result, pane) => this.apply(result, pane));
    this.compare = new CompareRuns({
      ctx,
      name: () => this.inputs.name,
      inputs: () => this.inputs.read(),
      engine: () => this.inputs.engine(),
      proposedFormat: () => this.inputs.proposedFormat(),
      fallbackFormat: () => this.inputs.fallbackFormat(),
      post,
    });
    this.subscriptions.push(
      this.compare,
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === document && event.contentChanges.length > 0) this.views.scheduleUpdate(false);
      }),
      ctx.engines.onDidChange(() => {
        this.postEngineState();
        this.views.scheduleUpdate(true);
      }),
      vocab.onDidLoad(() => this.views.scheduleUpdate(true)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private receive(raw: unknown): void {
    // The webview is a web page: act only on what the protocol accepts.
    const parsed = parseWebviewToHostMessage(raw);
    if (!parsed.ok) {
      this.services.ctx.log.warn(`playground: dropped a malformed message from the webview: ${parsed.reason}`);
      return;
    }
    const message = parsed.value;
    const fail = (error: unknown): void => this.services.ctx.log.error(`playground: handling "${message.type}" failed`, error);
    if (LONG_RUNNING.has(message.type)) {
      void this.handle(message).catch(fail);
      return;
    }
    // Edits one after another: each is computed on the text the previous one left (VS Code refuses
    // an edit made for an older version of the document).
    this.queue = this.queue.then(() => this.handle(message)).catch(fail);
  }

  private async handle(message: WebviewToHostMessage): Promise<void> {
    const text = (): string => this.document.getText();
    switch (message.type) {
      case 'ready':
        this.postEngineState();
        this.views.update();
        return;
      case 'edit': {
        const edit = message.edit;
        if (edit.kind === 'toolsText') {
          await this.views.editToolsText(edit.text, (result) => this.apply(result, 'tools'));
          return;
        }
        const pane = edit.path[0] === 'messages' ? 'conversation' : edit.path[0] === 'mocks' ? 'mocks' : 'settings';
        await this.apply(setField(text(), edit.path, edit.kind === 'set' ? fromPlain(edit.value) : undefined), pane);
        return;
      }
      case 'addTool':
        await this.apply(addTool(text(), message.tool !== undefined ? fromPlain(message.tool) : undefined), 'tools');
        return;
      case 'duplicateTool':
        await this.apply(duplicateTool(text(), message.index), 'tools');
        return;
      case 'removeTool':
        await this.apply(removeTool(text(), message.index), 'tools');
        return;
      case 'addMessage': {
        const m = message.message;
        const newMessage = m.role === 'assistant' ? { role: m.role, ...(m.content !== undefined ? { content: m.content } : {}), calls: m.calls.map((call) => ({ name: call.name, arguments: fromPlain(call.arguments) })) } : m;
        await this.apply(addMessage(text(), newMessage, message.index), 'conversation');
        return;
      }
      case 'removeMessage':
        await this.apply(removeMessage(text(), message.index), 'conversation');
        return;
      case 'setMock': {
        if (message.rules !== null && message.text !== undefined) {
          // The rules as typed, numbers as written; they must be what the checked `rules` say.
          const typed = typedMockRules(message.text, message.rules);
          if (!typed.ok) {
            this.post({ type: 'editRejected', pane: 'mocks', message: typed.error });
            return;
          }
          await this.apply(setJsonValue(text(), ['mocks', message.tool], typed.value), 'mocks');
          return;
        }
        const rules: MockRule[] | undefined = message.rules?.map((rule) => ({
          ...(rule.when !== undefined ? { when: fromPlain(rule.when) as JsonObject } : {}),
          ...(rule.error !== undefined ? { error: rule.error } : { result: fromPlain(rule.result ?? null) }),
        }));
        await this.apply(setMock(text(), message.tool, rules), 'mocks');
        return;
      }
      case 'run':
        await this.runs.run();
        return;
      case 'runToCompletion':
        await this.runs.runToCompletion(message.fromStep, message.maxSteps);
        return;
      case 'cancel':
        this.runs.cancel(message.runId);
        return;
      case 'exportCode':
        await this.runs.exportCode();
        return;
      case 'openTextEditor':
        // The same document in VS Code's text editor beside: its edits reach this view like any other.
        await vscode.commands.executeCommand('vscode.openWith', this.document.uri, 'default', vscode.ViewColumn.Beside);
        return;
      case 'openPromptAsDocument': {
        const doc = await vscode.workspace.openTextDocument({ language: 'xlam-prompt', content: this.views.lastPrompt });
        await vscode.window.showTextDocument(doc, { viewColumn: vscode.ViewColumn.Beside, preview: false });
        return;
      }
      case 'importTools':
        await this.importTools();
        return;
      case 'selectEngine':
        await this.selectEngine();
        return;
      case 'action':
        await this.action(message.action);
        return;
      case 'saveAsTestCase':
        await this.runs.saveAsTestCase(message.calls);
        return;
      case 'compareRun':
        await this.compare.run(message.columns);
        return;
      case 'compareCancel':
        this.compare.cancel(message.runId);
        return;
      case 'compareDiff':
        await this.compare.diff(message.columns, message.left, message.right);
        return;
      case 'compareChooseEngine':
        await this.compare.chooseEngine(message.column, message.kind);
        return;
      case 'compareStoreColumns':
        await this.apply(storeCompareColumns(this.document.getText(), message.columns.map(storedColumn)), 'settings');
        return;
    }
  }

  private postEngineState(): void {
    const snap = this.services.ctx.engines.snapshot();
    const info = snap.info ?? this.services.ctx.engines.current?.info();
    this.post({ type: 'engineState', state: snap.state, engine: info !== undefined ? { kind: info.kind, model: info.model, backend: info.backend } : null, detail: snap.error ?? snap.loading ?? snap.details ?? null });
  }

  /** Applies an edit result as one WorkspaceEdit (one undo step), or tells the pane why not. */
  private async apply(result: EditResult, pane: 'tools' | 'conversation' | 'mocks' | 'settings'): Promise<boolean> {
    if (!result.ok) {
      this.post({ type: 'editRejected', pane, message: result.error });
      return false;
    }
    return this.applyEdits(result.edits);
  }

  private async applyEdits(edits: readonly TextEdit[]): Promise<boolean> {
    if (edits.length === 0) return true;
    const edit = new vscode.WorkspaceEdit();
    for (const e of edits) edit.replace(this.document.uri, new vscode.Range(this.document.positionAt(e.offset), this.document.positionAt(e.offset + e.length)), e.content);
    const applied = await vscode.workspace.applyEdit(edit);
    if (!applied) this.services.ctx.log.warn(`playground: VS Code did not apply an edit to ${this.inputs.name}`);
    return applied;
  }

  private async importTools(): Promise<void> {
    const picked = await vscode.window.showOpenDialog({ title: S.importTitle, canSelectMany: false, filters: { [S.toolsFilter]: ['json'] } });
    const uri = picked?.[0];
    if (uri === undefined) return;
    const toolsText = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    try {
      parseToolsText(toolsText, uri.fsPath);
    } catch (error) {
      this.post({ type: 'editRejected', pane: 'tools', message: error instanceof InputError ? error.describe() : messageOf(error) });
      return;
    }
    await this.apply(replaceToolsText(this.document.getText(), toolsText), 'tools');
  }

  private async selectEngine(): Promise<void> {
    const items: Array<vscode.QuickPickItem & { command: string }> = [
      { label: `$(file) ${S.selectModelFile}`, command: 'xlam.selectModelFile' },
      { label: `$(cloud-download) ${S.downloadModel}`, command: 'xlam.downloadModel' },
      { label: `$(plug) ${S.connectEndpoint}`, command: 'xlam.connectEndpoint' },
    ];
    const choice = await vscode.window.showQuickPick(items, { placeHolder: S.pickEngine });
    if (choice !== undefined) await vscode.commands.executeCommand(choice.command);
  }

  private async action(action: string): Promise<void> {
    switch (action) {
      case 'selectEngine':
        return this.selectEngine();
      case 'selectModelFile':
        await vscode.commands.executeCommand('xlam.selectModelFile');
        return;
      case 'connectEndpoint':
        await vscode.commands.executeCommand('xlam.connectEndpoint');
        return;
      case 'retry':
        return this.runs.run();
      case 'showLog':
        this.services.ctx.log.channel.show(true);
        return;
      case 'openSettings':
        await vscode.commands.executeCommand('workbench.action.openSettings', 'xlam.');
        return;
    }
  }

  private post(message: HostToWebviewMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.views.dispose();
    this.runs.dispose();
    for (const item of this.subscriptions) item.dispose();
  }
}
