import { InputError } from '../../core/errors';
import type { FormatId } from '../../core/formats/types';
import { replaceToolsText } from '../../core/playground/edits';
import { applyTextEdits, type EditResult } from '../../core/playground/jsonEdits';
import { readPlaygroundDocument } from '../../core/playground/readPlaygroundDocument';
import type { PlaygroundDocument } from '../../core/playground/types';
import type { Tool } from '../../core/tools/tool';
import type { HostToWebviewMessage } from '../../shared/playgroundProtocol';
import { readEngineSettings } from '../config';
import { messageOf } from '../engineScope';
import type { PlaygroundInputs } from './playgroundInputs';
import type { PlaygroundServices } from './playgroundSession';
import { canonicalToolsText, paneTexts } from './toolsText';
import { documentStateMessage, promptMessage, toolsDiagnosticsMessage, withCounts, type TokenCounter } from './viewModel';

/**
 * The playground's views of its document: every change re-renders the document state, the prompt
 * (counts off the main thread when big) and the Tools pane's lint from the text, coalesced so a
 * 10 MB file is not re-rendered per keystroke.
 */
export class PlaygroundViews {
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
  /** The prompt last rendered ("Open Prompt as Document" shows it). */
  lastPrompt = '';

  constructor(
    private readonly inputs: PlaygroundInputs,
    private readonly services: PlaygroundServices,
    private readonly post: (message: HostToWebviewMessage) => void,
  ) {}

  private get lintId(): string {
    return `${this.inputs.document.uri.toString()}#tools`;
  }

  /** The Tools pane's text as typed: shown at once, then applied to the document (`apply`). */
  async editToolsText(editText: string, apply: (result: EditResult) => Promise<boolean>): Promise<void> {
    const text = this.inputs.document.getText();
    const result = replaceToolsText(text, editText);
    if (!result.ok) {
      this.post({ type: 'editRejected', pane: 'tools', message: result.error });
      this.post(toolsDiagnosticsMessage(editText, this.lintId));
      return;
    }
    const canonical = canonicalToolsText(editText);
    this.paneTools = canonical !== undefined ? { text: editText, canonical } : undefined;
    // The views are a function of the text: show the text this edit makes at once, instead
    // of after VS Code's round trip through the editor (the change event that follows finds
    // the same text and does nothing).
    clearTimeout(this.timer);
    const made = applyTextEdits(text, result.edits);
    this.update(made);
    this.pendingText = made;
    let applied = false;
    try {
      applied = await apply(result);
    } finally {
      this.pendingText = undefined;
    }
    // Refused (the document changed under us, or is read-only): show the document as it is.
    if (!applied) this.scheduleUpdate(true);
  }

  /** `force`: render even if the text is what was last rendered (the engine or the vocabulary changed the counts). */
  scheduleUpdate(force: boolean): void {
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
  update(textOverride?: string, force = true): void {
    if (this.disposed) return;
    const text = textOverride ?? this.pendingText ?? this.inputs.document.getText();
    if (!force && text === this.lastRenderedText) return;
    this.lastRenderedText = text;
    const generation = ++this.generation;
    const started = performance.now();
    const read = readPlaygroundDocument(text, this.inputs.name);
    const panes = paneTexts(text);
    let toolsText = panes.toolsText;
    if (this.paneTools !== undefined && toolsText !== null) {
      if (canonicalToolsText(toolsText) === this.paneTools.canonical) toolsText = this.paneTools.text;
      else this.paneTools = undefined;
    }
    this.post(documentStateMessage(text, this.inputs.name, read, toolsText, panes.mockTexts));
    if (read.ok) {
      void this.inputs.toolsOf(read.document).then((tools) => {
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
        proposed: this.inputs.proposedFormat(),
        fallback: this.inputs.fallbackFormat(),
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

  dispose(): void {
    this.disposed = true;
    clearTimeout(this.timer);
    clearTimeout(this.lintTimer);
    this.services.counts.forget(this);
  }
}
