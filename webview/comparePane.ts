/*
 * The Compare pane: the same conversation in 2–4 columns, each with its own format, variant,
 * grammar and temperature, run on the current engine. Each column shows its prompt (characters,
 * and tokens once run), the raw output, the calls with their checks, and the timings; "Diff
 * prompts" opens two columns' prompts in VS Code's diff editor.
 */
import { COMPARE_MAX_COLUMNS, COMPARE_MIN_COLUMNS, FORMAT_IDS, VARIANTS, type CompareColumnPayload, type RunResultPayload } from '../src/shared/playgroundProtocol';
import { button, fill, h, iconAction } from './dom';
import { expectedCheckLine } from './expectedCheckLine';
import { callsTable, showOutput } from './runPane';
import { T } from './strings';

export interface ComparePaneHost {
  run(columns: CompareColumnPayload[]): void;
  cancel(runId: number): void;
  diff(columns: CompareColumnPayload[], left: number, right: number): void;
  /** The columns changed: kept in the webview's state (not the file, in this first version of Compare). */
  saveColumns(columns: CompareColumnPayload[]): void;
}

interface ColumnView {
  root: HTMLElement;
  prompt: HTMLElement;
  promptText: HTMLElement;
  output: HTMLElement;
  result: HTMLElement;
}

const DEFAULT_COLUMN: CompareColumnPayload = { format: 'auto', variant: 'auto', grammar: true, temperature: null };

/** Saved columns as the webview state holds them, or the defaults when they do not read back. */
export function columnsFromState(saved: unknown): CompareColumnPayload[] {
  if (!Array.isArray(saved) || saved.length < COMPARE_MIN_COLUMNS || saved.length > COMPARE_MAX_COLUMNS) return [{ ...DEFAULT_COLUMN }, { ...DEFAULT_COLUMN }];
  return saved.map((c: Partial<CompareColumnPayload> | null) => ({
    format: typeof c?.format === 'string' && (c.format === 'auto' || (FORMAT_IDS as readonly string[]).includes(c.format)) ? c.format : 'auto',
    variant: typeof c?.variant === 'string' ? c.variant : 'auto',
    grammar: typeof c?.grammar === 'boolean' ? c.grammar : true,
    temperature: typeof c?.temperature === 'number' ? c.temperature : null,
  }));
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
  }

  private addColumn(): void {
    if (this.columns.length >= COMPARE_MAX_COLUMNS) return;
    this.columns.push({ ...DEFAULT_COLUMN });
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
    const option = (value: string, selected: boolean): HTMLElement => h('vscode-option', { attrs: { value, selected } }, value);
    const format = h('vscode-single-select', { class: 'compare-format', title: T.format });
    const variant = h('vscode-single-select', { class: 'compare-variant', title: T.variant });
    const fillVariants = (): void => {
      const variants = column.format === 'auto' ? [...new Set(Object.values(VARIANTS).flat())] : VARIANTS[column.format];
      if (column.variant !== 'auto' && !variants.includes(column.variant)) column.variant = 'auto';
      fill(variant, ...['auto', ...variants].map((v) => option(v, v === column.variant)));
      variant.value = column.variant;
    };
    fill(format, ...['auto', ...FORMAT_IDS].map((f) => option(f, f === column.format)));
    format.value = column.format;
    fillVariants();
    format.addEventListener('change', () => {
      column.format = format.value as CompareColumnPayload['format'];
      fillVariants();
      this.changed();
    });
    variant.addEventListener('change', () => {
      column.variant = variant.value;
      this.changed();
    });
    const grammar = h('vscode-checkbox', { class: 'compare-grammar', attrs: { label: T.grammarShort } });
    grammar.checked = column.grammar;
    grammar.addEventListener('change', () => {
      column.grammar = grammar.checked;
      this.changed();
    });
    const temperature = h('vscode-textfield', { class: 'compare-temperature', attrs: { type: 'number', min: '0', max: '2', step: '0.1', placeholder: T.fromDocument } });
    temperature.value = column.temperature === null ? '' : String(column.temperature);
    temperature.addEventListener('change', () => {
      const text = temperature.value.trim();
      const value = Number(text);
      column.temperature = text === '' || !Number.isFinite(value) || value < 0 || value > 2 ? null : value;
      this.changed();
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
      h('label', { class: 'field' }, T.format, format),
      h('label', { class: 'field' }, T.variant, variant),
      grammar,
      h('label', { class: 'field' }, T.temperature, temperature),
      prompt,
      h('details', { class: 'compare-prompt-details' }, h('summary', {}, T.renderedPrompt), promptText),
      h('h5', {}, T.rawOutput),
      output,
      result,
    );
    return { root, prompt, promptText, output, result };
  }

  started(runId: number, columns: number, concurrent: boolean): void {
    this.runId = runId;
    this.root.dataset.running = 'true';
    this.runButton.setAttribute('disabled', '');
    this.cancelButton.removeAttribute('disabled');
    this.status.textContent = T.compareRunning(columns, concurrent);
    for (const view of this.views) {
      view.root.dataset.state = 'running';
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
    view.prompt.append(` · ${T.tokens(result.timings.promptTokens)}`);
    showOutput(view.output, result.output, result.parseError);
    fill(view.result, callsTable(result.calls, { accept: false }).root, expectedCheckLine(result.expectedCheck), h('p', { class: 'timings', dataset: { finish: result.finishReason } }, `${T.finish(result.finishReason)} · ${T.timings(result.timings)}`));
  }

  completed(runId: number): void {
    if (runId !== this.runId) return;
    this.root.dataset.running = 'false';
    this.status.textContent = '';
    this.runButton.removeAttribute('disabled');
    this.cancelButton.setAttribute('disabled', '');
  }
}
