import { EngineError, type Engine, type GenerateResult } from '../../core/engine/types';
import type { FormatId } from '../../core/formats/types';
import { storeLastRun } from '../../core/playground/edits';
import type { EditResult } from '../../core/playground/jsonEdits';
import { expectedAnswerOf } from '../../core/playground/expectedCheck';
import { playgroundRequest, resolveFormat } from '../../core/playground/playgroundRequest';
import { runToCompletion, type CompletionResult } from '../../core/playground/runToCompletion';
import type { PlaygroundDocument } from '../../core/playground/types';
import type { Tool } from '../../core/tools/tool';
import type { HostToWebviewMessage, RunResultPayload } from '../../shared/playgroundProtocol';
import type { CommandContext } from '../commandContext';
import { remoteModeOf } from '../endpointCommands';
import { messageOf } from '../engineScope';
import { exportPlaygroundCode } from './exportFromPlayground';
import type { PlaygroundInputs } from './playgroundInputs';
import { failurePayload, lastRunOf, runResultPayload, stepPayload } from './runPayloads';
import { saveRunAsTestCase } from './saveAsTestCase';
import { textBatcher } from './textBatcher';

interface ActiveRun {
  id: number;
  controller: AbortController;
}

/**
 * The Run pane's runs of one playground: a single run (its result stored as the file's `lastRun`),
 * Run to Completion (mocked tool results fed back step by step), cancel, and the two actions that
 * use the document as a run does (Export Code…, Save as Test Case…). One run at a time.
 */
export class PlaygroundRuns {
  private runCounter = 0;
  private activeRun: ActiveRun | undefined;
  private lastCompletion: CompletionResult | undefined;

  constructor(
    private readonly inputs: PlaygroundInputs,
    private readonly ctx: CommandContext,
    private readonly post: (message: HostToWebviewMessage) => void,
    /** Applies an edit to the document (one undo step). */
    private readonly apply: (result: EditResult, pane: 'settings') => Promise<boolean>,
  ) {}

  cancel(runId: number): void {
    if (this.activeRun?.id === runId) this.activeRun.controller.abort();
  }

  /** What a run needs, or a message why it cannot start. */
  private async prepareRun(): Promise<{ doc: PlaygroundDocument; tools: Tool[]; engine: Engine; format: FormatId; variant: string | undefined; grammar: boolean } | { error: RunResultPayload }> {
    const inputs = await this.inputs.read();
    if ('error' in inputs) return inputs;
    const engine = await this.inputs.engine();
    if ('error' in engine) return engine;
    const resolved = resolveFormat(inputs.doc, this.inputs.proposedFormat(), this.inputs.fallbackFormat());
    // Raw mode posts the exact prompt to /v1/completions, which takes no grammar.
    const grammar = inputs.doc.grammar && remoteModeOf(engine) !== 'raw';
    return { ...inputs, engine, format: resolved.format, variant: resolved.variant, grammar };
  }

  /** The engine scope as an Engine: runs go through the one scope (its state, its cancel on unload). */
  private scopeEngine(engine: Engine): Engine {
    const engines = this.ctx.engines;
    return { info: () => engine.info(), generate: (request) => engines.generate(request), dispose: () => Promise.resolve() };
  }

  private startRun(): ActiveRun | undefined {
    if (this.activeRun !== undefined) return undefined;
    const run = { id: ++this.runCounter, controller: new AbortController() };
    this.activeRun = run;
    return run;
  }

  async run(): Promise<void> {
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
        result = await this.ctx.engines.generate({ ...request, messages: doc.messages, confidence: true, signal: run.controller.signal, onText: (chunk) => stream.append(0, chunk) });
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
      const payload = runResultPayload(result, tools, format, info, wallMs, expectedAnswerOf(doc));
      this.post({ type: 'runFinished', runId: run.id, step: 0, result: payload });
      this.ctx.log.info(`playground run on ${info.model}: ${result.calls.length} call(s), ${result.timings.completionTokens} tokens in ${wallMs} ms (${format}, grammar ${grammar ? 'on' : 'off'}, finish ${result.finishReason})`);
      if (result.finishReason !== 'cancelled') await this.apply(storeLastRun(this.inputs.document.getText(), lastRunOf(result, format, variant, info, wallMs, new Date(), payload.ok ? payload.expectedCheck : undefined)), 'settings');
    } finally {
      if (this.activeRun === run) this.activeRun = undefined;
    }
  }

  async runToCompletion(fromStep: number | undefined, maxSteps: number | undefined): Promise<void> {
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
          // The suite scores the model's reply to the case's conversation: step 0. Later steps answer mocked tool results the suite never sees.
          this.post({ type: 'stepFinished', runId: run.id, step: stepPayload(step, tools, format, step.index === 0 ? expectedAnswerOf(doc) : undefined) });
        },
      });
      stream.flush();
      this.lastCompletion = result;
      if (result.error !== undefined) {
        this.logFailure(result.error);
        this.post({ type: 'runFinished', runId: run.id, step: result.steps.length, result: failurePayload(result.error) });
      }
      this.post({ type: 'completionFinished', runId: run.id, stop: result.stop, steps: result.steps.length });
      this.ctx.log.info(`playground run to completion on ${engine.info().model}: ${stepsRun} step(s) run, stop ${result.stop} (${format}${variant !== undefined ? `/${variant}` : ''})`);
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
    this.ctx.log.warn(`playground: run failed: ${messageOf(error)}`);
  }

  /** "Export Code…": the document as it is now (its last good state), in the format the prompt pane shows. */
  async exportCode(): Promise<void> {
    const inputs = await this.inputs.read();
    if ('error' in inputs) {
      const error = inputs.error.ok ? undefined : inputs.error.error;
      this.post({ type: 'editRejected', pane: error?.code === 'bad-tools' ? 'tools' : 'settings', message: error?.message ?? '' });
      return;
    }
    const resolved = resolveFormat(inputs.doc, this.inputs.proposedFormat(), this.inputs.fallbackFormat());
    await exportPlaygroundCode({ doc: inputs.doc, tools: inputs.tools, format: resolved.format, variant: resolved.variant }, this.ctx.log);
  }

  /** Save as Test Case… (saveAsTestCase.ts): the last run's accepted calls as a case of a suite. */
  async saveAsTestCase(accepted: readonly number[]): Promise<void> {
    await saveRunAsTestCase(this.inputs.document, accepted, (doc) => this.inputs.toolsOf(doc));
  }

  dispose(): void {
    this.activeRun?.controller.abort();
  }
}
