import * as vscode from 'vscode';
import { EngineError, type Engine, type GenerateResult } from '../../core/engine/types';
import type { FormatId } from '../../core/formats/types';
import { renderPrompt } from '../../core/formats/render';
import { columnDocument, diffTitle, runColumns, type CompareColumn } from '../../core/playground/compareColumns';
import { expectedAnswerOf } from '../../core/playground/expectedCheck';
import { playgroundRequest, resolveFormat, type ProposedFormat } from '../../core/playground/playgroundRequest';
import type { PlaygroundDocument } from '../../core/playground/types';
import type { Tool } from '../../core/tools/tool';
import type { HostToWebviewMessage, RunResultPayload } from '../../shared/playgroundProtocol';
import type { CommandContext } from '../commandContext';
import { remoteModeOf } from '../endpointCommands';
import { messageOf } from '../engineScope';
import { failurePayload, runResultPayload } from './runPayloads';
import { textBatcher } from './textBatcher';

/** Streamed text is posted this often per column, not once per token. */

export interface CompareHost {
  ctx: CommandContext;
  /** The playground file's name, for the diff documents' titles. */
  name(): string;
  /** The document and its tools, or why not. */
  inputs(): Promise<{ doc: PlaygroundDocument; tools: Tool[] } | { error: RunResultPayload }>;
  /** The engine a run uses now, or why there is none. */
  engine(): Promise<Engine | { error: RunResultPayload }>;
  proposedFormat(): ProposedFormat | undefined;
  fallbackFormat(): FormatId;
  post(message: HostToWebviewMessage): void;
}

/**
 * The Compare pane's runs for one playground: every column on the current engine (one after
 * another on a local model, all at once on an endpoint), and the diff of two columns' prompts.
 */
export class CompareRuns implements vscode.Disposable {
  private counter = 0;
  private active: { id: number; controller: AbortController } | undefined;

  constructor(private readonly host: CompareHost) {}

  /** A column's prompt: its document, format and variant resolved, rendered as the engine will. */
  private render(doc: PlaygroundDocument, tools: readonly Tool[], column: CompareColumn): { doc: PlaygroundDocument; format: FormatId; variant: string; prompt: string; requestVariant: string | undefined } {
    const colDoc = columnDocument(doc, column);
    const resolved = resolveFormat(colDoc, this.host.proposedFormat(), this.host.fallbackFormat());
    const rendered = renderPrompt({ format: resolved.format, ...(resolved.variant !== undefined ? { variant: resolved.variant } : {}), tools, messages: colDoc.messages });
    return { doc: colDoc, format: rendered.format, variant: rendered.variant, prompt: rendered.prompt, requestVariant: resolved.variant };
  }

  async run(columns: readonly CompareColumn[]): Promise<void> {
    if (this.active !== undefined) return;
    const run = { id: ++this.counter, controller: new AbortController() };
    this.active = run;
    const post = this.host.post.bind(this.host);
    try {
      const inputs = await this.host.inputs();
      const engine = 'error' in inputs ? inputs : await this.host.engine();
      const concurrent = !('error' in engine) && engine.info().kind === 'remote';
      post({ type: 'compareStarted', runId: run.id, columns: columns.length, concurrent });
      if ('error' in inputs || 'error' in engine) {
        const result = 'error' in inputs ? inputs.error : (engine as { error: RunResultPayload }).error;
        columns.forEach((_, column) => post({ type: 'compareColumnFinished', runId: run.id, column, result }));
        return;
      }
      await runColumns(columns.length, concurrent, (column) => this.runColumn(run, column, columns[column] as CompareColumn, inputs, engine));
    } finally {
      if (this.active === run) this.active = undefined;
      post({ type: 'compareFinished', runId: run.id });
    }
  }

  private async runColumn(run: { id: number; controller: AbortController }, column: number, settings: CompareColumn, inputs: { doc: PlaygroundDocument; tools: Tool[] }, engine: Engine): Promise<void> {
    const { ctx, post } = { ctx: this.host.ctx, post: this.host.post.bind(this.host) };
    const finish = (result: RunResultPayload): void => post({ type: 'compareColumnFinished', runId: run.id, column, result });
    if (run.controller.signal.aborted) {
      finish(failurePayload(new EngineError('cancelled', 'Cancelled before this column ran.')));
      return;
    }
    const stream = textBatcher<number>((_, text) => post({ type: 'compareDelta', runId: run.id, column, text }));
    try {
      const r = this.render(inputs.doc, inputs.tools, settings);
      post({ type: 'compareColumnPrompt', runId: run.id, column, format: r.format, variant: r.variant, prompt: r.prompt });
      // Raw mode posts the exact prompt to /v1/completions, which takes no grammar.
      const grammar = r.doc.grammar && remoteModeOf(engine) !== 'raw';
      const request = playgroundRequest({ ...r.doc, grammar }, inputs.tools, { format: r.format, variant: r.requestVariant });
      const started = performance.now();
      let result: GenerateResult;
      try {
        result = await ctx.engines.generate({
          ...request,
          messages: r.doc.messages,
          confidence: true,
          signal: run.controller.signal,
          onText: (chunk) => stream.append(column, chunk),
        });
      } finally {
        stream.flush();
      }
      const wallMs = Math.round(performance.now() - started);
      const info = engine.info();
      finish(runResultPayload(result, inputs.tools, r.format, info, wallMs, expectedAnswerOf(inputs.doc)));
      ctx.log.info(`playground compare column ${column + 1} on ${info.model}: ${result.calls.length} call(s), ${result.timings.promptTokens} prompt tokens, ${wallMs} ms (${r.format}/${r.variant}, grammar ${grammar ? 'on' : 'off'})`);
    } catch (error) {
      if (!(error instanceof EngineError && error.code === 'cancelled')) ctx.log.warn(`playground: compare column ${column + 1} failed: ${messageOf(error)}`);
      finish(failurePayload(error));
    }
  }

  cancel(runId: number): void {
    if (this.active?.id === runId) this.active.controller.abort();
  }

  /** The two columns' prompts as read-only documents in VS Code's diff editor. */
  async diff(columns: readonly CompareColumn[], left: number, right: number): Promise<void> {
    const a = columns[left];
    const b = columns[right];
    if (a === undefined || b === undefined) {
      this.host.ctx.log.warn(`playground: Diff prompts asked for columns ${left + 1} and ${right + 1} of ${columns.length}`);
      return;
    }
    const inputs = await this.host.inputs();
    if ('error' in inputs) {
      void vscode.window.showErrorMessage(inputs.error.ok ? '' : inputs.error.error.message);
      return;
    }
    try {
      const ra = this.render(inputs.doc, inputs.tools, a);
      const rb = this.render(inputs.doc, inputs.tools, b);
      const base = this.host.name().replace(/\.playground\.json$/i, '');
      // Read-only virtual documents (the parity check's provider), named so the tab says what each side is.
      const docs = this.host.ctx.parityDocuments;
      const uriA = docs.set(`/compare/${base} · ${left + 1} ${ra.format} ${ra.variant}.xlam-prompt`, ra.prompt);
      const uriB = docs.set(`/compare/${base} · ${right + 1} ${rb.format} ${rb.variant}.xlam-prompt`, rb.prompt);
      await vscode.commands.executeCommand('vscode.diff', uriA, uriB, diffTitle({ index: left, ...ra }, { index: right, ...rb }), { viewColumn: vscode.ViewColumn.Beside, preview: false });
    } catch (error) {
      void vscode.window.showErrorMessage(`xLAM: the prompts could not be rendered: ${messageOf(error)}`);
    }
  }

  dispose(): void {
    this.active?.controller.abort();
  }
}
