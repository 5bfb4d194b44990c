import * as vscode from 'vscode';
import { EngineError, type Engine, type GenerateResult } from '../../core/engine/types';
import type { FormatId } from '../../core/formats/types';
import { renderPrompt } from '../../core/formats/render';
import { columnDocument, diffTitle, engineRefusal, sameColumnEngine, type ColumnEngine, type CompareColumn } from '../../core/playground/compareColumns';
import { lanesOf, runLanes, unlessAborted } from '../../core/playground/compareLanes';
import { expectedAnswerOf } from '../../core/playground/expectedCheck';
import { playgroundRequest, resolveFormat, type ProposedFormat } from '../../core/playground/playgroundRequest';
import type { PlaygroundDocument } from '../../core/playground/types';
import type { Tool } from '../../core/tools/tool';
import type { HostToWebviewMessage, RunResultPayload } from '../../shared/playgroundProtocol';
import type { CommandContext } from '../commandContext';
import { remoteModeOf } from '../endpointCommands';
import { messageOf } from '../engineScope';
import { chooseColumnEngine } from './compareEnginePicker';
import { proposedFormatOf, type ColumnEnginePool, type ColumnRunner } from './columnEnginePool';
import { compareEngines } from './compareEngines';
import { failurePayload, runResultPayload } from './runPayloads';
import { textBatcher } from './textBatcher';

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

interface Run {
  id: number;
  controller: AbortController;
}

/**
 * The Compare pane's runs for one playground: each column on its own engine (the current one, a
 * model file or an endpoint, see columnEnginePool.ts), scheduled in lanes (compareLanes.ts), and
 * the diff of two columns' prompts.
 */
export class CompareRuns implements vscode.Disposable {
  private counter = 0;
  private active: Run | undefined;
  private readonly engines: ColumnEnginePool;
  /** Engines the user picked in this window's dialogs: used even in an untrusted workspace (the file's are not). */
  private readonly chosen: ColumnEngine[] = [];

  constructor(private readonly host: CompareHost) {
    this.engines = compareEngines(host.ctx);
  }

  /** A column's prompt: its document, format and variant resolved, rendered as the engine will. */
  private render(doc: PlaygroundDocument, tools: readonly Tool[], column: CompareColumn, proposed: ProposedFormat | undefined): { doc: PlaygroundDocument; format: FormatId; variant: string; prompt: string; requestVariant: string | undefined } {
    const colDoc = columnDocument(doc, column);
    const resolved = resolveFormat(colDoc, proposed, this.host.fallbackFormat());
    const rendered = renderPrompt({ format: resolved.format, ...(resolved.variant !== undefined ? { variant: resolved.variant } : {}), tools, messages: colDoc.messages });
    return { doc: colDoc, format: rendered.format, variant: rendered.variant, prompt: rendered.prompt, requestVariant: resolved.variant };
  }

  async run(columns: readonly CompareColumn[]): Promise<void> {
    if (this.active !== undefined) return;
    const run: Run = { id: ++this.counter, controller: new AbortController() };
    this.active = run;
    const post = this.host.post.bind(this.host);
    const finish = (column: number, result: RunResultPayload): void => post({ type: 'compareColumnFinished', runId: run.id, column, result });
    try {
      const inputs = await this.host.inputs();
      if ('error' in inputs) {
        post({ type: 'compareStarted', runId: run.id, columns: columns.length, lanes: columns.map((_, i) => [i]) });
        columns.forEach((_, column) => finish(column, inputs.error));
        return;
      }
      // The current engine only when a column runs on it (loading it may take a while), else whatever is loaded.
      const needsCurrent = columns.some((c) => c.engine.kind === 'current');
      const current = needsCurrent ? await this.host.engine() : this.host.ctx.engines.current;
      const refusals = columns.map((c) => engineRefusal(c.engine, vscode.workspace.isTrusted, (engine) => this.chosen.some((chosen) => sameColumnEngine(chosen, engine))));
      const plans = columns.map((c, i) => this.engines.plan(c.engine, i, current));
      await this.engines.release(new Set(plans.flatMap((plan) => (plan.poolKey !== undefined ? [plan.poolKey] : []))));
      const keys = plans.map((p) => p.lane);
      post({ type: 'compareStarted', runId: run.id, columns: columns.length, lanes: lanesOf(keys) });
      const outcomes = await runLanes(
        keys,
        async (column) => {
          const refusal = refusals[column];
          if (refusal !== undefined) {
            finish(column, failurePayload(new EngineError('untrusted', refusal)));
            return;
          }
          // A model still loading is not waited for once Cancel is pressed; the pool keeps it for the next run.
          const opened = await unlessAborted((plans[column] as (typeof plans)[number]).open(), run.controller.signal);
          if (opened === 'cancelled') finish(column, failurePayload(new EngineError('cancelled', 'Cancelled while its engine was still being opened.')));
          else if ('error' in opened) finish(column, opened.error);
          else await this.runColumn(run, column, columns[column] as CompareColumn, inputs, opened);
        },
        run.controller.signal,
      );
      outcomes.forEach((outcome, column) => {
        if (outcome.status === 'cancelled') finish(column, failurePayload(new EngineError('cancelled', 'Cancelled before this column ran.')));
        if (outcome.status === 'failed') finish(column, failurePayload(outcome.error));
      });
    } finally {
      if (this.active === run) this.active = undefined;
      post({ type: 'compareFinished', runId: run.id });
    }
  }

  private async runColumn(run: Run, column: number, settings: CompareColumn, inputs: { doc: PlaygroundDocument; tools: Tool[] }, runner: ColumnRunner): Promise<void> {
    const { ctx, post } = { ctx: this.host.ctx, post: this.host.post.bind(this.host) };
    const finish = (result: RunResultPayload): void => post({ type: 'compareColumnFinished', runId: run.id, column, result });
    const stream = textBatcher<number>((_, text) => post({ type: 'compareDelta', runId: run.id, column, text }));
    const engine = runner.engine;
    try {
      const r = this.render(inputs.doc, inputs.tools, settings, proposedFormatOf(engine));
      post({ type: 'compareColumnPrompt', runId: run.id, column, format: r.format, variant: r.variant, prompt: r.prompt });
      // Raw mode posts the exact prompt to /v1/completions, which takes no grammar.
      const grammar = r.doc.grammar && remoteModeOf(engine) !== 'raw';
      const request = playgroundRequest({ ...r.doc, grammar }, inputs.tools, { format: r.format, variant: r.requestVariant });
      const started = performance.now();
      let result: GenerateResult;
      try {
        result = await runner.generate({
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
      ctx.log.info(`playground compare column ${column + 1} on ${info.model} (${info.backend}): ${result.calls.length} call(s), ${result.timings.promptTokens} prompt tokens, ${wallMs} ms (${r.format}/${r.variant}, grammar ${grammar ? 'on' : 'off'})`);
    } catch (error) {
      if (!(error instanceof EngineError && error.code === 'cancelled')) ctx.log.warn(`playground: compare column ${column + 1} failed: ${messageOf(error)}`);
      finish(failurePayload(error));
    }
  }

  cancel(runId: number): void {
    if (this.active?.id === runId) this.active.controller.abort();
  }

  /** "Model file…" or "Endpoint…" in a column's engine selector: the dialog, then the choice back to that column. */
  async chooseEngine(column: number, kind: 'local' | 'endpoint'): Promise<void> {
    const engine = await chooseColumnEngine(kind, column);
    if (engine === undefined) return;
    this.chosen.push(engine);
    this.host.post({ type: 'compareEngineChosen', column, engine });
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
      // "auto" resolves with the current engine's proposal: the diff does not load a column's model.
      const proposed = this.host.proposedFormat();
      const ra = this.render(inputs.doc, inputs.tools, a, proposed);
      const rb = this.render(inputs.doc, inputs.tools, b, proposed);
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
    void this.engines.dispose();
  }
}

