import * as vscode from 'vscode';
import { EngineError, type Engine, type GenerateResult } from '../../core/engine/types';
import type { FormatId } from '../../core/formats/types';
import { InputError } from '../../core/errors';
import { fromPlain, type JsonObject } from '../../core/json/jsonValue';
import { parseToolsText } from '../../core/loadInputs';
import { addMessage, addTool, duplicateTool, removeMessage, removeTool, replaceToolsText, setField, setMock, storeCompareColumns, storeLastRun } from '../../core/playground/edits';
import { applyTextEdits, setJsonValue, type EditResult, type TextEdit } from '../../core/playground/jsonEdits';
import { playgroundRequest, resolveFormat, type ProposedFormat } from '../../core/playground/playgroundRequest';
import { storedColumn } from '../../core/playground/readCompare';
import { readPlaygroundDocument } from '../../core/playground/readPlaygroundDocument';
import { runToCompletion, type CompletionResult } from '../../core/playground/runToCompletion';
import type { MockRule, PlaygroundDocument } from '../../core/playground/types';
import type { Tool } from '../../core/tools/tool';
import { parseWebviewToHostMessage, type HostToWebviewMessage, type WebviewToHostMessage } from '../../shared/playgroundProtocol';
import type { CommandContext } from '../commandContext';
import { readEngineSettings, readPromptSettings } from '../config';
import { remoteModeOf } from '../endpointCommands';
import { engineFromSettings } from '../engineCommands';
import { messageOf } from '../engineScope';
import { STRINGS } from '../strings';
import { failurePayload, lastRunOf, noEnginePayload, runResultPayload, stepPayload } from './runPayloads';
import { canonicalToolsText, paneTexts, typedMockRules } from './toolsText';
import { documentStateMessage, promptMessage, toolsDiagnosticsMessage, withCounts, type TokenCounter } from './viewModel';
import { exportPlaygroundCode } from './exportFromPlayground';
import { saveRunAsTestCase } from './saveAsTestCase';
import { textBatcher } from './textBatcher';
import { CompareRuns } from './compareRuns';
import type { OffThreadCounter } from './offThreadCounter';
import type { VocabTokenizers } from './vocabTokenizers';

const S = STRINGS.playground;
/** Streamed text is posted this often, not once per token. */
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
 * the document (ours, the text editor's, undo, a git checkout) re-renders the views from the text;
 * every request of the webview becomes a text edit applied as a WorkspaceEdit, so undo, dirty state
 * and hot exit are VS Code's own.
 */
export class PlaygroundSession implements vscode.Disposable {
  private readonly subscriptions: vscode.Disposable[] = [];
  private disposed = false;
  private timer: ReturnType<typeof setTimeout> | undefined;
  private generation = 0;
  /** How long the last update took: the next one waits about as long (a 10 MB file is not re-rendered per keystroke). */
  private lastUpdateMs = 0;
  private lastUpdateEnd = 0;
  /** The text the views last showed, and whether the next scheduled update must render anyway. */
  private lastRenderedText: string | undefined;
  /**
   * The text a Tools-pane edit makes, shown at once, while VS Code applies it. Until then the
   * document is behind what the views show: an update in between (a change event of an earlier
   * edit, a vocabulary or engine change) must show this text, not the older one, or the pane
   * would be put back to a text without the last keys typed.
   */
  private pendingText: string | undefined;
  private forceNext = false;
  private lintTimer: ReturnType<typeof setTimeout> | undefined;
  /** The Tools pane's own text while it still is the document's tools (its formatting kept, its lint positions right). */
  private paneTools: { text: string; canonical: string } | undefined;
  private lastPrompt = '';
  private runCounter = 0;
  private activeRun: { id: number; controller: AbortController } | undefined;
  private lastCompletion: CompletionResult | undefined;
  private queue: Promise<void> = Promise.resolve();
  private readonly compare: CompareRuns;

  constructor(
    private readonly document: vscode.TextDocument,
    private readonly panel: vscode.WebviewPanel,
    private readonly services: PlaygroundServices,
  ) {
    const { ctx, vocab } = services;
    this.compare = new CompareRuns({
      ctx,
      name: () => this.name,
      inputs: () => this.readInputs(),
      engine: () => this.currentEngine(),
      proposedFormat: () => this.proposedFormat(),
      fallbackFormat: () => this.fallbackFormat(),
      post: (message) => this.post(message),
    });
    this.subscriptions.push(
      this.compare,
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.document === document && event.contentChanges.length > 0) this.scheduleUpdate(false);
      }),
      ctx.engines.onDidChange(() => {
        this.postEngineState();
        this.scheduleUpdate(true);
      }),
      vocab.onDidLoad(() => this.scheduleUpdate(true)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  private get name(): string {
    return this.document.uri.path.split('/').pop() ?? this.document.uri.path;
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
        this.update();
        return;
      case 'edit': {
        const edit = message.edit;
        if (edit.kind === 'toolsText') {
          const result = replaceToolsText(text(), edit.text);
          if (!result.ok) {
            this.post({ type: 'editRejected', pane: 'tools', message: result.error });
            this.post(toolsDiagnosticsMessage(edit.text, this.lintId));
            return;
          }
          const canonical = canonicalToolsText(edit.text);
          this.paneTools = canonical !== undefined ? { text: edit.text, canonical } : undefined;
          // The views are a function of the text: show the text this edit makes at once, instead
          // of after VS Code's round trip through the editor (the change event that follows finds
          // the same text and does nothing).
          clearTimeout(this.timer);
          const made = applyTextEdits(text(), result.edits);
          this.update(made);
          this.pendingText = made;
          let applied = false;
          try {
            applied = await this.apply(result, 'tools');
          } finally {
            this.pendingText = undefined;
          }
          // Refused (the document changed under us, or is read-only): show the document as it is.
          if (!applied) this.scheduleUpdate(true);
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
        await this.run();
        return;
      case 'runToCompletion':
        await this.runToCompletion(message.fromStep, message.maxSteps);
        return;
      case 'cancel':
        if (this.activeRun?.id === message.runId) this.activeRun.controller.abort();
        return;
      case 'exportCode':
        await this.exportCode();
        return;
      case 'openTextEditor':
        // The same document in VS Code's text editor beside: its edits reach this view like any other.
        await vscode.commands.executeCommand('vscode.openWith', this.document.uri, 'default', vscode.ViewColumn.Beside);
        return;
      case 'openPromptAsDocument': {
        const doc = await vscode.workspace.openTextDocument({ language: 'xlam-prompt', content: this.lastPrompt });
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
        await this.saveAsTestCase(message.calls);
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

  private get lintId(): string {
    return `${this.document.uri.toString()}#tools`;
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
    if (!applied) this.services.ctx.log.warn(`playground: VS Code did not apply an edit to ${this.name}`);
    return applied;
  }

  /** `force`: render even if the text is what was last rendered (the engine or the vocabulary changed the counts). */
  private scheduleUpdate(force: boolean): void {
    if (this.disposed) return;
    clearTimeout(this.timer);
    this.forceNext ||= force;
    // Off the keystroke path: coalesce bursts of changes. After a quiet spell the update runs at
    // once; while slow updates (a big file) follow each other, the next waits about as long as
    // the last one took. Fast ones (under 50 ms) never wait.
    const busy = this.lastUpdateMs > 50 && performance.now() - this.lastUpdateEnd < this.lastUpdateMs;
    const delay = busy ? Math.min(300, Math.round(this.lastUpdateMs)) : 0;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const forced = this.forceNext;
      this.forceNext = false;
      this.update(undefined, forced);
    }, delay);
  }

  /** Re-reads the document and posts every view; an async part whose document has since changed is dropped. */
  private update(textOverride?: string, force = true): void {
    if (this.disposed) return;
    const text = textOverride ?? this.pendingText ?? this.document.getText();
    if (!force && text === this.lastRenderedText) return;
    this.lastRenderedText = text;
    const generation = ++this.generation;
    const started = performance.now();
    const read = readPlaygroundDocument(text, this.name);
    const panes = paneTexts(text);
    let toolsText = panes.toolsText;
    if (this.paneTools !== undefined && toolsText !== null) {
      if (canonicalToolsText(toolsText) === this.paneTools.canonical) toolsText = this.paneTools.text;
      else this.paneTools = undefined;
    }
    this.post(documentStateMessage(text, this.name, read, toolsText, panes.mockTexts));
    if (read.ok) {
      void this.toolsOf(read.document).then((tools) => {
        if (generation !== this.generation || this.disposed) return;
        if (tools instanceof Error) {
          this.post({ type: 'editRejected', pane: 'tools', message: tools.message });
          return;
        }
        this.postPrompt(read.document, tools, generation);
        this.lastUpdateEnd = performance.now();
        this.lastUpdateMs = this.lastUpdateEnd - started;
      });
    } else {
      this.lastUpdateEnd = performance.now();
      this.lastUpdateMs = this.lastUpdateEnd - started;
    }
    // The lint is the slowest part and the least urgent: after the prompt.
    clearTimeout(this.lintTimer);
    if (toolsText !== null) {
      const lintText = toolsText;
      this.lintTimer = setTimeout(() => {
        if (generation === this.generation && !this.disposed) this.post(toolsDiagnosticsMessage(lintText, this.lintId));
      }, 0);
    } else {
      this.post({ type: 'toolsDiagnostics', diagnostics: [] });
    }
  }

  private postPrompt(doc: PlaygroundDocument, tools: readonly Tool[], generation: number): void {
    try {
      const { message, prompt, pendingCount } = promptMessage({
        doc,
        tools,
        proposed: this.proposedFormat(),
        fallback: this.fallbackFormat(),
        counter: (format) => this.counter(format),
        contextSize: this.contextSize(),
      });
      this.lastPrompt = prompt;
      this.post(message);
      // A big prompt shows estimates now; its exact counts follow from the worker unless a newer render came first.
      if (pendingCount !== undefined) {
        const started = performance.now();
        this.services.counts.count(pendingCount.modelPath, pendingCount.blocks, this).then(
          (counts) => {
            if (counts === undefined || generation !== this.generation || this.disposed) return;
            this.post(withCounts(message, counts));
            this.services.ctx.log.info(`playground: counted ${counts.total} tokens of a ${prompt.length}-character prompt off the main thread in ${Math.round(performance.now() - started)} ms`);
          },
          (error: unknown) => this.services.ctx.log.warn(`playground: counting the prompt's tokens failed; the counts stay estimates: ${messageOf(error)}`),
        );
      }
    } catch (error) {
      // A render error (bad input) keeps the last good prompt, marked stale by the webview.
      if (!(error instanceof InputError)) this.services.ctx.log.error('playground: rendering failed', error);
      this.post({ type: 'editRejected', pane: 'settings', message: error instanceof Error ? error.message : String(error) });
    }
  }

  /** "Export Code…": the document as it is now (its last good state), in the format the prompt pane shows. */
  private async exportCode(): Promise<void> {
    const inputs = await this.readInputs();
    if ('error' in inputs) {
      const error = inputs.error.ok ? undefined : inputs.error.error;
      this.post({ type: 'editRejected', pane: error?.code === 'bad-tools' ? 'tools' : 'settings', message: error?.message ?? '' });
      return;
    }
    const resolved = resolveFormat(inputs.doc, this.proposedFormat(), this.fallbackFormat());
    await exportPlaygroundCode({ doc: inputs.doc, tools: inputs.tools, format: resolved.format, variant: resolved.variant }, this.services.ctx.log);
  }

  /** The document's tools: inline, or read from the referenced tools file. */
  private async toolsOf(doc: PlaygroundDocument): Promise<Tool[] | Error> {
    if (doc.tools.kind === 'inline') return doc.tools.tools;
    const uri = vscode.Uri.joinPath(this.document.uri, '..', doc.tools.path);
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      return parseToolsText(new TextDecoder().decode(bytes), uri.fsPath);
    } catch (error) {
      return new Error(S.toolsFileUnreadable(doc.tools.path, error instanceof InputError ? error.describe() : messageOf(error)));
    }
  }

  private counter(format: FormatId): TokenCounter | undefined {
    const engine = this.services.ctx.engines.current;
    if (engine !== undefined && 'tokenize' in engine && typeof engine.tokenize === 'function') {
      const tokenize = engine.tokenize.bind(engine) as (text: string) => number[];
      const modelPath = 'modelPath' in engine && typeof engine.modelPath === 'string' ? engine.modelPath : undefined;
      return { tokenize, source: engine.info().model, ...(modelPath !== undefined ? { modelPath } : {}) };
    }
    return this.services.vocab.get(format);
  }

  private contextSize(): number | null {
    const engine = this.services.ctx.engines.current;
    const setting = readEngineSettings().model.contextSize;
    if (engine?.info().kind === 'local' && 'model' in engine) {
      const train = (engine.model as { trainContextSize?: unknown }).trainContextSize;
      // As localEngine.ts chooses it: the setting, else the training context capped at 8192.
      return setting ?? (typeof train === 'number' ? Math.min(train, 8192) : null);
    }
    if (engine !== undefined) return null;
    return setting ?? null;
  }

  private proposedFormat(): ProposedFormat | undefined {
    const engine = this.services.ctx.engines.current;
    if (engine === undefined || !('facts' in engine) || typeof engine.facts !== 'function') return undefined;
    const facts = (engine.facts as () => { proposed?: { format: FormatId } }).call(engine);
    return facts.proposed !== undefined ? { format: facts.proposed.format } : undefined;
  }

  private fallbackFormat(): FormatId {
    return readPromptSettings().format;
  }

  private postEngineState(): void {
    const snap = this.services.ctx.engines.snapshot();
    const info = snap.info ?? this.services.ctx.engines.current?.info();
    this.post({ type: 'engineState', state: snap.state, engine: info !== undefined ? { kind: info.kind, model: info.model, backend: info.backend } : null, detail: snap.error ?? snap.loading ?? snap.details ?? null });
  }

  /** The document and its tools, or why a run cannot use them. */
  private async readInputs(): Promise<{ doc: PlaygroundDocument; tools: Tool[] } | { error: ReturnType<typeof noEnginePayload> }> {
    const read = readPlaygroundDocument(this.document.getText(), this.name);
    if (!read.ok) return { error: { ok: false, error: { code: 'bad-document', message: S.fixDocumentFirst(read.problems[0]?.message ?? ''), action: null } } };
    const tools = await this.toolsOf(read.document);
    if (tools instanceof Error) return { error: { ok: false, error: { code: 'bad-tools', message: tools.message, action: null } } };
    return { doc: read.document, tools };
  }

  /** The loaded engine (or the settings' one), or the no-engine error with its action. */
  private async currentEngine(): Promise<Engine | { error: ReturnType<typeof noEnginePayload> }> {
    const ctx = this.services.ctx;
    const engine = ctx.engines.current ?? (await engineFromSettings(ctx));
    return engine ?? { error: noEnginePayload(ctx.engines.snapshot().error ?? S.noEngine) };
  }

  /** What a run needs, or a message why it cannot start. */
  private async prepareRun(): Promise<{ doc: PlaygroundDocument; tools: Tool[]; engine: Engine; format: FormatId; variant: string | undefined; grammar: boolean } | { error: ReturnType<typeof noEnginePayload> }> {
    const inputs = await this.readInputs();
    if ('error' in inputs) return inputs;
    const engine = await this.currentEngine();
    if ('error' in engine) return engine;
    const resolved = resolveFormat(inputs.doc, this.proposedFormat(), this.fallbackFormat());
    // Raw mode posts the exact prompt to /v1/completions, which takes no grammar.
    const grammar = inputs.doc.grammar && remoteModeOf(engine) !== 'raw';
    return { ...inputs, engine, format: resolved.format, variant: resolved.variant, grammar };
  }

  /** The engine scope as an Engine: runs go through the one scope (its state, its cancel on unload). */
  private scopeEngine(engine: Engine): Engine {
    const engines = this.services.ctx.engines;
    return { info: () => engine.info(), generate: (request) => engines.generate(request), dispose: () => Promise.resolve() };
  }

  private startRun(): { id: number; controller: AbortController } | undefined {
    if (this.activeRun !== undefined) return undefined;
    const run = { id: ++this.runCounter, controller: new AbortController() };
    this.activeRun = run;
    return run;
  }

  private async run(): Promise<void> {
    const run = this.startRun();
    if (run === undefined) return;
    try {
      this.post({ type: 'runStarted', runId: run.id, step: 0, mode: 'single' });
      const prepared = await this.prepareRun();
      if ('error' in prepared) {
        this.post({ type: 'runFinished', runId: run.id, step: 0, result: prepared.error });
        return;
      }
      const { doc, tools, engine, format, variant, grammar } = prepared;
      const request = playgroundRequest({ ...doc, grammar }, tools, { format, variant });
      const stream = textBatcher<number>((step, text) => this.post({ type: 'runDelta', runId: run.id, step, text }));
      const started = performance.now();
      let result: GenerateResult;
      try {
        // Confidence: how sure the model was of each tool it chose (the calls table shows it).
        result = await this.services.ctx.engines.generate({ ...request, messages: doc.messages, confidence: true, signal: run.controller.signal, onText: (chunk) => stream.append(0, chunk) });
      } catch (error) {
        stream.flush();
        this.logFailure(error);
        this.post({ type: 'runFinished', runId: run.id, step: 0, result: failurePayload(error) });
        return;
      } finally {
        stream.flush();
      }
      const wallMs = Math.round(performance.now() - started);
      const info = engine.info();
      this.post({ type: 'runFinished', runId: run.id, step: 0, result: runResultPayload(result, tools, format, info, wallMs) });
      this.services.ctx.log.info(`playground run on ${info.model}: ${result.calls.length} call(s), ${result.timings.completionTokens} tokens in ${wallMs} ms (${format}, grammar ${grammar ? 'on' : 'off'}, finish ${result.finishReason})`);
      if (result.finishReason !== 'cancelled') await this.apply(storeLastRun(this.document.getText(), lastRunOf(result, format, variant, info, wallMs, new Date())), 'settings');
    } finally {
      if (this.activeRun === run) this.activeRun = undefined;
    }
  }

  private async runToCompletion(fromStep: number | undefined, maxSteps: number | undefined): Promise<void> {
    const run = this.startRun();
    if (run === undefined) return;
    let stepsRun = 0;
    try {
      this.post({ type: 'runStarted', runId: run.id, step: fromStep ?? 0, mode: 'completion' });
      const prepared = await this.prepareRun();
      if ('error' in prepared) {
        this.post({ type: 'runFinished', runId: run.id, step: 0, result: prepared.error });
        this.post({ type: 'completionFinished', runId: run.id, stop: 'error', steps: 0 });
        return;
      }
      const { doc, tools, engine, format, variant, grammar } = prepared;
      const request = playgroundRequest({ ...doc, grammar }, tools, { format, variant });
      const stream = textBatcher<number>((step, text) => this.post({ type: 'runDelta', runId: run.id, step, text }));
      const from = fromStep !== undefined && this.lastCompletion !== undefined && fromStep <= this.lastCompletion.steps.length ? { steps: this.lastCompletion.steps, step: fromStep } : undefined;
      const result = await runToCompletion({
        engine: this.scopeEngine(engine),
        request,
        messages: doc.messages,
        mocks: doc.mocks,
        ...(maxSteps !== undefined ? { maxSteps } : {}),
        ...(from !== undefined ? { from } : {}),
        signal: run.controller.signal,
        onStepStarted: (index) => {
          stream.flush();
          this.post({ type: 'runStarted', runId: run.id, step: index, mode: 'completion' });
        },
        onText: (index, chunk) => stream.append(index, chunk),
        onStep: (step) => {
          stream.flush();
          stepsRun++;
          this.post({ type: 'stepFinished', runId: run.id, step: stepPayload(step, tools, format) });
        },
      });
      stream.flush();
      this.lastCompletion = result;
      if (result.error !== undefined) {
        this.logFailure(result.error);
        this.post({ type: 'runFinished', runId: run.id, step: result.steps.length, result: failurePayload(result.error) });
      }
      this.post({ type: 'completionFinished', runId: run.id, stop: result.stop, steps: result.steps.length });
      this.services.ctx.log.info(`playground run to completion on ${engine.info().model}: ${stepsRun} step(s) run, stop ${result.stop} (${format}${variant !== undefined ? `/${variant}` : ''})`);
    } catch (error) {
      this.logFailure(error);
      this.post({ type: 'runFinished', runId: run.id, step: 0, result: failurePayload(error) });
      this.post({ type: 'completionFinished', runId: run.id, stop: 'error', steps: stepsRun });
    } finally {
      if (this.activeRun === run) this.activeRun = undefined;
    }
  }

  private logFailure(error: unknown): void {
    if (error instanceof EngineError && error.code === 'cancelled') return;
    this.services.ctx.log.warn(`playground: run failed: ${messageOf(error)}`);
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

  /** Save as Test Case… (saveAsTestCase.ts): the last run's accepted calls as a case of a suite. */
  private async saveAsTestCase(accepted: readonly number[]): Promise<void> {
    await saveRunAsTestCase(this.document, accepted, (doc) => this.toolsOf(doc));
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
        return this.run();
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
    clearTimeout(this.timer);
    clearTimeout(this.lintTimer);
    this.activeRun?.controller.abort();
    this.services.counts.forget(this);
    for (const item of this.subscriptions) item.dispose();
  }
}
