/*
 * The Compare pane: the same conversation in 2–4 columns, each with its own engine, format,
 * variant, grammar and sampling (compareColumnFields.ts). Each column shows its prompt (characters,
 * and tokens once run), the raw output, the calls with their checks, the engine that answered and
 * the timings; "Diff prompts" opens two columns' prompts in VS Code's diff editor.
 */
import { COMPARE_MAX_COLUMNS, COMPARE_MIN_COLUMNS, type ColumnEnginePayload, type CompareColumnPayload, type RunResultPayload } from '../src/shared/playgroundProtocol';
import { columnFields } from './compareColumnFields';
import { columnsFromFile, defaultColumn } from './compareColumnState';
import { button, fill, h, iconAction } from './dom';
import { expectedCheckLine } from './expectedCheckLine';
import { callsTable, showOutput } from './runPane';
import { T } from './strings';

export interface ComparePaneHost {
  run(columns: CompareColumnPayload[]): void;
  cancel(runId: number): void;
  diff(columns: CompareColumnPayload[], left: number, right: number): void;
  /** "Model file…" or "Endpoint…" in column `column`'s engine selector. */
  chooseEngine(column: number, kind: 'local' | 'endpoint'): void;
  /** The columns as the view shows them: kept in the webview's state (survives the tab being hidden). */
  saveColumns(columns: CompareColumnPayload[]): void;
  /** The user changed the columns: the host writes them into the file's `compare` field. */
  storeColumns(columns: CompareColumnPayload[]): void;
}

interface ColumnView {
  root: HTMLElement;
  prompt: HTMLElement;
  promptText: HTMLElement;
  output: HTMLElement;
  result: HTMLElement;
  refreshEngines(): void;
}

export class ComparePane {
  readonly root: HTMLElement;
  private readonly grid = h('div', { id: 'compare-columns', class: 'compare-columns' });
  private readonly runButton = button(T.runAll, 'run-all', () => this.host.run(this.columns.map((c) => ({ ...c }))), { id: 'compare-run' });
  private readonly cancelButton = button(T.cancel, 'debug-stop', () => this.cancel(), { id: 'compare-cancel', secondary: true });
  private readonly addButton = button(T.addColumn, 'add', () => this.addColumn(), { id: 'compare-add', secondary: true });
  private readonly left = h('vscode-single-select', { id: 'compare-diff-left', title: T.diffLeft });
  private readonly right = h('vscode-single-select', { id: 'compare-diff-right', title: T.diffRight });
  private readonly status = h('div', { id: 'compare-status', class: 'run-status', attrs: { 'aria-live': 'polite' } });
  private views: ColumnView[] = [];
  private runId: number | undefined;
  /** A run is under way: the file's columns wait (in `heldStored`) until it completes, so its results stay. */
  private running = false;
  private heldStored: { compare: unknown } | undefined;
  private currentEngine: string | null = null;

  constructor(
    private readonly host: ComparePaneHost,
    private columns: CompareColumnPayload[],
  ) {
    this.cancelButton.setAttribute('disabled', '');
    this.root = h(
      'section',
      { class: 'pane compare-pane' },
      h('div', { class: 'toolbar' }, this.runButton, this.cancelButton, this.addButton),
      h('div', { class: 'toolbar' }, h('span', {}, T.diffPrompts), this.left, h('span', {}, '↔'), this.right, button(T.diffPrompts, 'diff', () => this.diff(), { id: 'compare-diff', secondary: true, title: T.diffTitle })),
      this.status,
      this.grid,
    );
    this.build();
  }

  private diff(): void {
    const left = Number(this.left.value);
    const right = Number(this.right.value);
    if (Number.isInteger(left) && Number.isInteger(right)) this.host.diff(this.columns.map((c) => ({ ...c })), left, right);
  }

  private cancel(): void {
    if (this.runId !== undefined) this.host.cancel(this.runId);
  }

  private changed(): void {
    this.host.saveColumns(this.columns.map((c) => ({ ...c })));
    this.host.storeColumns(this.columns.map((c) => ({ ...c })));
  }

  /**
   * The file's `compare` field (every document update): its columns replace the shown ones when
   * they differ (opened from disk, undo, a git checkout). Not during a run: its results would go.
   */
  showStored(compare: unknown): void {
    if (this.running) {
      this.heldStored = { compare };
      return;
    }
    const stored = columnsFromFile(compare);
    if (stored === undefined || JSON.stringify(stored) === JSON.stringify(this.columns)) return;
    this.columns = stored;
    this.host.saveColumns(this.columns.map((c) => ({ ...c })));
    this.build();
  }

  private addColumn(): void {
    if (this.columns.length >= COMPARE_MAX_COLUMNS) return;
    this.columns.push(defaultColumn());
    this.changed();
    this.build();
  }

  private removeColumn(index: number): void {
    if (this.columns.length <= COMPARE_MIN_COLUMNS) return;
    this.columns.splice(index, 1);
    this.changed();
    this.build();
  }

  /** The columns' settings and empty results, and the diff selects (1 ↔ 2 by default). */
  private build(): void {
    this.views = this.columns.map((column, i) => this.columnView(column, i));
    fill(this.grid, ...this.views.map((view) => view.root));
    this.grid.dataset.columns = String(this.columns.length);
    const option = (i: number, selected: boolean): HTMLElement => h('vscode-option', { attrs: { value: String(i), selected } }, T.column(i));
    fill(this.left, ...this.columns.map((_, i) => option(i, i === 0)));
    fill(this.right, ...this.columns.map((_, i) => option(i, i === 1)));
    this.left.value = '0';
    this.right.value = '1';
    if (this.columns.length >= COMPARE_MAX_COLUMNS) this.addButton.setAttribute('disabled', '');
    else this.addButton.removeAttribute('disabled');
  }

  private columnView(column: CompareColumnPayload, index: number): ColumnView {
    const fields = columnFields(column, {
      changed: () => {
        this.changed();
        for (const view of this.views) view.refreshEngines();
      },
      chooseEngine: (kind) => this.host.chooseEngine(index, kind),
      currentEngine: () => this.currentEngine,
      knownEngines: () => this.columns.map((c) => c.engine),
    });
    const remove = this.columns.length > COMPARE_MIN_COLUMNS ? iconAction('close', T.removeColumn(index), () => this.removeColumn(index)) : null;
    const prompt = h('div', { class: 'compare-prompt' });
    const promptText = h('pre', { class: 'compare-prompt-text' });
    const output = h('pre', { class: 'raw compare-output' });
    const result = h('div', { class: 'compare-result' });
    const root = h(
      'div',
      { id: `compare-col-${index}`, class: 'compare-column', dataset: { column: String(index) } },
      h('div', { class: 'compare-column-head' }, h('h4', {}, T.column(index)), remove),
      ...fields.nodes,
      prompt,
      h('details', { class: 'compare-prompt-details' }, h('summary', {}, T.renderedPrompt), promptText),
      h('h5', {}, T.rawOutput),
      output,
      result,
    );
    return { root, prompt, promptText, output, result, refreshEngines: () => fields.refreshEngines() };
  }

  /** The engine scope's engine changed: "Current engine (…)" says which it is now. */
  showCurrentEngine(name: string | null): void {
    if (name === this.currentEngine) return;
    this.currentEngine = name;
    for (const view of this.views) view.refreshEngines();
  }

  /** The host's answer to "Model file…" / "Endpoint…": the column runs there from now on. */
  engineChosen(column: number, engine: ColumnEnginePayload): void {
    const settings = this.columns[column];
    if (settings === undefined) return;
    settings.engine = engine;
    this.changed();
    for (const view of this.views) view.refreshEngines();
  }

  started(runId: number, lanes: number[][]): void {
    this.runId = runId;
    this.running = true;
    this.root.dataset.running = 'true';
    this.runButton.setAttribute('disabled', '');
    this.cancelButton.removeAttribute('disabled');
    this.status.textContent = T.compareRunning(T.compareLanes(lanes));
    // Which columns ran together: the e2e test and the picture both read it.
    this.status.dataset.lanes = JSON.stringify(lanes);
    for (const view of this.views) {
      view.root.dataset.state = 'running';
      view.root.dataset.lane = String(lanes.findIndex((lane) => lane.includes(Number(view.root.dataset.column))));
      fill(view.prompt);
      fill(view.promptText);
      fill(view.output);
      fill(view.result);
      delete view.prompt.dataset.promptChars;
      delete view.prompt.dataset.promptTokens;
    }
  }

  prompt(runId: number, column: number, format: string, variant: string, prompt: string): void {
    const view = this.views[column];
    if (runId !== this.runId || view === undefined) return;
    view.prompt.dataset.format = format;
    view.prompt.dataset.variant = variant;
    view.prompt.dataset.promptChars = String(prompt.length);
    fill(view.prompt, T.comparePrompt(format, variant, prompt.length));
    view.promptText.textContent = prompt;
  }

  delta(runId: number, column: number, text: string): void {
    const view = this.views[column];
    if (runId !== this.runId || view === undefined) return;
    view.output.append(document.createTextNode(text));
  }

  finished(runId: number, column: number, result: RunResultPayload): void {
    const view = this.views[column];
    if (runId !== this.runId || view === undefined) return;
    view.root.dataset.state = result.ok ? 'done' : 'error';
    if (!result.ok) {
      fill(view.result, h('div', { class: 'error', attrs: { role: 'alert' }, dataset: { code: result.error.code } }, result.error.message));
      return;
    }
    view.prompt.dataset.promptTokens = String(result.timings.promptTokens);
    // An endpoint that reports no usage says 0: no count is better than a wrong one.
    if (result.timings.promptTokens > 0 || result.engine.kind === 'local') view.prompt.append(` · ${T.tokens(result.timings.promptTokens)}`);
    showOutput(view.output, result.output, result.parseError);
    fill(
      view.result,
      callsTable(result.calls, { accept: false }).root,
      expectedCheckLine(result.expectedCheck),
      h('p', { class: 'compare-ran-on', dataset: { kind: result.engine.kind, model: result.engine.model, backend: result.engine.backend } }, T.columnEngine(result.engine.model, result.engine.backend)),
      h('p', { class: 'timings', dataset: { finish: result.finishReason } }, `${T.finish(result.finishReason)} · ${T.timings(result.timings)}`),
    );
  }

  completed(runId: number): void {
    if (runId !== this.runId) return;
    this.running = false;
    const held = this.heldStored;
    this.heldStored = undefined;
    if (held !== undefined) this.showStored(held.compare);
    this.root.dataset.running = 'false';
    const lanes = this.status.dataset.lanes;
    this.status.textContent = lanes !== undefined ? T.compareRan(T.compareLanes(JSON.parse(lanes) as number[][])) : '';
    this.runButton.removeAttribute('disabled');
    this.cancelButton.setAttribute('disabled', '');
  }
}
