/*
 * The Run pane: the engine, grammar and sampling, Run / Run to Completion / Cancel, the raw output
 * streaming in, the parsed calls with each call's check, a parse failure marked in place in the
 * raw text, the timings, and every step of a run to completion with its mock results.
 */
import type { CallPayload, HostToWebviewMessage, PlainJson, RunResultPayload, StepPayload } from '../src/shared/playgroundProtocol';
import { append, button, fill, h } from './dom';
import { expectedCheckLine } from './expectedCheckLine';
import { storedExpectedCheck } from './storedExpectedCheck';
import { T } from './strings';

type EngineState = Extract<HostToWebviewMessage, { type: 'engineState' }>;

export interface RunPaneHost {
  run(): void;
  runToCompletion(maxSteps: number | undefined): void;
  cancel(runId: number): void;
  selectEngine(): void;
  /** The indices (in the last run's calls) of the calls the user checked. */
  saveAsTestCase(calls: number[]): void;
  action(action: string): void;
  setGrammar(on: boolean): void;
  setSampling(key: 'temperature' | 'maxTokens', value: number | null): void;
}

interface StepView {
  root: HTMLElement;
  output: HTMLElement;
  text: string;
}

type Obj = { [key: string]: PlainJson };
const isObj = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);

export class RunPane {
  readonly root: HTMLElement;
  private readonly engine = h('span', { id: 'run-engine', class: 'engine' });
  private readonly grammar = h('vscode-checkbox', { id: 'run-grammar', attrs: { label: T.grammar } });
  private readonly temperature = h('vscode-textfield', { id: 'run-temperature', attrs: { type: 'number', min: '0', max: '2', step: '0.1' } });
  private readonly maxTokens = h('vscode-textfield', { id: 'run-max-tokens', attrs: { type: 'number', min: '1', step: '1' } });
  private readonly maxSteps = h('vscode-textfield', { id: 'run-max-steps', attrs: { type: 'number', min: '1', max: '100', step: '1', placeholder: '8' } });
  private readonly runButton = button(T.runButton, 'play', () => this.host.run(), { id: 'run' });
  private readonly completionButton = button(T.runToCompletion, 'run-all', () => this.host.runToCompletion(this.stepLimit()), { id: 'run-to-completion', secondary: true });
  private readonly cancelButton = button(T.cancel, 'debug-stop', () => this.cancel(), { id: 'run-cancel', secondary: true });
  private readonly status = h('div', { id: 'run-status', class: 'run-status', attrs: { 'aria-live': 'polite' } });
  private readonly error = h('div', { id: 'run-error', class: 'error', attrs: { role: 'alert', hidden: true } });
  private readonly steps = h('div', { id: 'run-steps', class: 'steps' });
  private readonly saveButton = button(T.saveAsTestCase, 'beaker', () => this.save(), { id: 'run-save-case', secondary: true, title: T.saveAsTestCaseTitle });
  /** The checkboxes of the table showing the document's last run (its calls, in order). */
  private accepted: Array<HTMLElement & { checked: boolean }> = [];
  /** How many calls the document's last run has; undefined when there is no (successful) run to save. */
  private lastRunCalls: number | undefined;
  private runId: number | undefined;
  private live = false;
  private views = new Map<number, StepView>();

  constructor(private readonly host: RunPaneHost) {
    this.grammar.addEventListener('change', () => this.host.setGrammar(this.grammar.checked));
    const number = (field: HTMLElement & { value: string }, key: 'temperature' | 'maxTokens'): void => {
      field.addEventListener('change', () => {
        const text = field.value.trim();
        const value = text === '' ? null : Number(text);
        if (value === null || Number.isFinite(value)) this.host.setSampling(key, value);
      });
    };
    number(this.temperature, 'temperature');
    number(this.maxTokens, 'maxTokens');
    this.cancelButton.setAttribute('disabled', '');
    this.saveButton.setAttribute('disabled', '');
    this.root = h(
      'section',
      { class: 'pane run-pane' },
      h('div', { class: 'toolbar' }, h('vscode-icon', { attrs: { name: 'server-environment' } }), h('span', {}, `${T.engine}:`), this.engine, button(T.selectEngine, 'settings-gear', () => this.host.selectEngine(), { secondary: true, id: 'select-engine' })),
      h('div', { class: 'toolbar' }, this.grammar, h('label', { class: 'field' }, T.temperature, this.temperature), h('label', { class: 'field' }, T.maxTokens, this.maxTokens)),
      h('div', { class: 'toolbar' }, this.runButton, this.completionButton, h('label', { class: 'field' }, T.maxSteps, this.maxSteps), this.cancelButton, this.saveButton),
      this.status,
      this.error,
      this.steps,
    );
  }

  /** The Steps field: a UI choice for the next run to completion, not part of the document. */
  private stepLimit(): number | undefined {
    const n = Number(this.maxSteps.value);
    return this.maxSteps.value.trim() !== '' && Number.isInteger(n) && n >= 1 && n <= 100 ? n : undefined;
  }

  /** The checked calls when the table shown is the last run's; else every call of it. */
  private save(): void {
    const count = this.lastRunCalls;
    if (count === undefined) return;
    const indices = this.accepted.length === count ? this.accepted.flatMap((box, i) => (box.checked ? [i] : [])) : Array.from({ length: count }, (_, i) => i);
    this.host.saveAsTestCase(indices);
  }

  private updateSave(): void {
    if (this.lastRunCalls !== undefined && !this.live) this.saveButton.removeAttribute('disabled');
    else this.saveButton.setAttribute('disabled', '');
  }

  private cancel(): void {
    if (this.runId !== undefined) this.host.cancel(this.runId);
  }

  showEngine(message: EngineState): void {
    const e = message.engine;
    this.engine.textContent = e === null ? `${T.noEngine}${message.detail !== null && message.state === 'error' ? ` (${message.detail})` : ''}` : `${e.kind} · ${e.model} · ${e.backend} · ${message.state}`;
    this.engine.dataset.state = message.state;
  }

  /** The document's run settings, and its last run when nothing is running here. */
  showDocument(doc: PlainJson | null): void {
    if (!isObj(doc)) return;
    const grammar = doc.grammar !== false;
    if (this.grammar.checked !== grammar) this.grammar.checked = grammar;
    const sampling = isObj(doc.sampling) ? doc.sampling : {};
    const put = (field: HTMLElement & { value: string }, value: PlainJson | undefined): void => {
      if (document.activeElement === field) return;
      field.value = typeof value === 'number' ? String(value) : '';
    };
    put(this.temperature, sampling.temperature);
    put(this.maxTokens, sampling.maxTokens);
    const run = isObj(doc.lastRun) && doc.lastRun.error === undefined ? doc.lastRun : undefined;
    this.lastRunCalls = run !== undefined && Array.isArray(run.calls) ? run.calls.length : undefined;
    if (!this.live && this.views.size === 0 && isObj(doc.lastRun)) this.showLastRun(doc.lastRun);
    this.updateSave();
  }

  private showLastRun(run: Obj): void {
    const output = typeof run.output === 'string' ? run.output : '';
    const calls = Array.isArray(run.calls) ? run.calls : [];
    this.status.textContent = T.lastRun(typeof run.at === 'string' ? run.at : '');
    const table = callsTable(calls.map((call) => ({ name: isObj(call) && typeof call.name === 'string' ? call.name : '?', arguments: isObj(call) ? (call.arguments ?? null) : null, check: null })));
    this.accepted = table.boxes;
    fill(this.steps, h('div', { class: 'step last-run' }, h('h4', {}, T.rawOutput), h('pre', { class: 'raw' }, output), table.root, expectedCheckLine(storedExpectedCheck(run.expectedCheck))));
  }

  started(runId: number, step: number, mode: 'single' | 'completion'): void {
    if (this.runId !== runId) {
      this.runId = runId;
      this.views = new Map();
      this.steps.replaceChildren();
      this.error.hidden = true;
      this.accepted = [];
    }
    this.live = true;
    this.updateSave();
    this.root.dataset.running = 'true';
    this.runButton.setAttribute('disabled', '');
    this.completionButton.setAttribute('disabled', '');
    this.cancelButton.removeAttribute('disabled');
    this.status.textContent = `${T.running} ${mode === 'completion' ? T.step(step) : ''}`;
    this.view(step);
  }

  private view(step: number): StepView {
    let view = this.views.get(step);
    if (view === undefined) {
      const output = h('pre', { class: 'raw', dataset: { step: String(step) } });
      const root = h('div', { class: 'step', dataset: { step: String(step) } }, h('h4', {}, T.step(step)), output);
      this.steps.append(root);
      view = { root, output, text: '' };
      this.views.set(step, view);
    }
    return view;
  }

  delta(runId: number, step: number, text: string): void {
    if (runId !== this.runId) return;
    const view = this.view(step);
    view.text += text;
    view.output.append(document.createTextNode(text));
  }

  finished(runId: number, step: number, result: RunResultPayload, single: boolean): void {
    if (runId !== this.runId) return;
    if (result.ok) {
      const view = this.view(step);
      view.text = result.output;
      showOutput(view.output, result.output, result.parseError);
      const table = callsTable(result.calls);
      // A single run's calls are what the document stores as its last run.
      if (single) this.accepted = table.boxes;
      append(view.root, table.root, expectedCheckLine(result.expectedCheck));
      view.root.append(h('p', { class: 'timings', dataset: { finish: result.finishReason } }, `${T.finish(result.finishReason)} · ${T.timings(result.timings)}`));
      const calls = `${result.calls.length} ${result.calls.length === 1 ? 'call' : 'calls'}`;
      this.status.textContent = result.finishReason === 'cancelled' ? T.cancelledRun(result.engine.model, calls) : `${result.engine.model} · ${calls}`;
    } else {
      this.error.hidden = false;
      const action = result.error.action;
      fill(this.error, h('span', { class: 'message' }, result.error.message), action !== null ? button(T.actions[action] ?? action, 'arrow-right', () => this.host.action(action), { id: 'run-error-action' }) : null);
      this.error.dataset.code = result.error.code;
      this.status.textContent = '';
    }
    if (single) this.idle();
  }

  stepFinished(runId: number, step: StepPayload): void {
    if (runId !== this.runId) return;
    const view = this.view(step.index);
    showOutput(view.output, step.output, null);
    append(
      view.root,
      callsTable(step.calls).root,
      expectedCheckLine(step.expectedCheck),
      step.toolResults.length > 0 ? h('ul', { class: 'tool-results' }, ...step.toolResults.map((r) => h('li', { class: `outcome-${r.outcome}` }, h('span', { class: 'result-head' }, T.toolResult(r.tool, r.outcome, r.rule)), h('code', {}, r.content)))) : null,
      h('p', { class: 'timings' }, `${T.finish(step.finishReason)} · prompt ${step.promptTokens} tokens (${step.cachedPromptTokens} cached)`),
    );
  }

  completed(runId: number, stop: string, steps: number): void {
    if (runId !== this.runId) return;
    this.status.textContent = T.stop(stop, steps);
    this.root.dataset.stop = stop;
    this.idle();
  }

  private idle(): void {
    this.live = false;
    this.root.dataset.running = 'false';
    this.runButton.removeAttribute('disabled');
    this.completionButton.removeAttribute('disabled');
    this.cancelButton.setAttribute('disabled', '');
    this.updateSave();
  }
}

/** The raw output as text; a parse failure is marked where the parser stopped, with its message. */
export function showOutput(pre: HTMLElement, output: string, parseError: { message: string; offset: number } | null): void {
  if (parseError === null) {
    pre.textContent = output;
    return;
  }
  const at = Math.min(parseError.offset, output.length);
  const mark = h('mark', { class: 'parse-error', title: T.parseFailed(parseError.message) }, output.slice(at, at + 1) || ' ');
  fill(pre, output.slice(0, at), mark, output.slice(at + 1));
  pre.after(h('p', { class: 'error parse-message' }, T.parseFailed(parseError.message)));
}

/** The calls with a checkbox each (checked: the call is expected when the run is saved as a test case). */
/** `get_weather 0.62 · get_forecast 0.35`: the chosen name's probability, then the names it was weighed against. */
function confidenceCell(confidence: CallPayload['confidence']): HTMLElement {
  if (confidence === undefined) return h('td', { class: 'confidence' });
  if (confidence === null) return h('td', { class: 'confidence none', title: T.confidenceNone }, '–');
  const others = confidence.alternatives.map((a) => `${a.name} ${a.p.toFixed(2)}`).join(' · ');
  const low = confidence.p < LOW_CONFIDENCE;
  return h('td', { class: `confidence${low ? ' low' : ''}`, title: low ? T.lowConfidence(LOW_CONFIDENCE) : T.confidenceTitle, dataset: { p: String(confidence.p) } }, h('span', { class: 'p' }, confidence.p.toFixed(2)), others !== '' ? h('span', { class: 'alternatives' }, ` (${others})`) : null);
}

/** Under this, a call's name was close to a coin flip (the suite's default threshold too). */
const LOW_CONFIDENCE = 0.5;

/** `accept: false`: no Expect column (a table that is not saved as a test case, e.g. Compare's). */
export function callsTable(calls: ReadonlyArray<Pick<CallPayload, 'name' | 'arguments' | 'confidence'> & { check: CallPayload['check'] | null }>, options: { accept?: boolean } = {}): { root: HTMLElement; boxes: Array<HTMLElement & { checked: boolean }> } {
  const accept = options.accept !== false;
  const measured = calls.some((call) => call.confidence !== undefined);
  const columns = 4 + (accept ? 1 : 0) + (measured ? 1 : 0);
  const boxes = calls.map((_, i) => {
    const box = h('vscode-checkbox', { class: 'accept', title: T.acceptCall(i), attrs: { label: T.acceptCall(i) }, dataset: { call: String(i) } });
    box.checked = true;
    return box;
  });
  const root = h(
    'table',
    { class: 'calls', dataset: { count: String(calls.length) } },
    h('thead', {}, h('tr', {}, accept ? h('th', {}, T.accept) : null, h('th', {}, '#'), h('th', {}, T.call), measured ? h('th', { title: T.confidenceTitle }, T.confidence) : null, h('th', {}, T.arguments), h('th', {}, T.check))),
    h(
      'tbody',
      {},
      calls.length === 0 ? h('tr', { class: 'no-calls' }, h('td', { attrs: { colspan: String(columns) } }, T.noCalls)) : null,
      ...calls.map((call, i) =>
        h(
          'tr',
          { class: call.check === null ? '' : call.check.ok ? 'valid' : 'invalid' },
          accept ? h('td', { class: 'accept' }, boxes[i] ?? null) : null,
          h('td', { class: 'num' }, String(i + 1)),
          h('td', { class: 'call-name' }, call.name),
          measured ? confidenceCell(call.confidence) : null,
          h('td', {}, h('code', {}, JSON.stringify(call.arguments))),
          h(
            'td',
            { class: 'check' },
            call.check === null ? '' : call.check.ok && call.check.problems.length === 0 ? h('span', { class: 'ok' }, h('vscode-icon', { attrs: { name: 'pass' } }), T.valid) : h('ul', {}, ...call.check.problems.map((p) => h('li', { class: p.severity }, h('code', {}, p.code), ` ${p.message}`))),
          ),
        ),
      ),
    ),
  );
  return { root, boxes };
}
