/*
 * A Compare column's settings: its engine (the current one, a model file, an endpoint), format,
 * variant, grammar and sampling over the file's. "Model file…" and "Endpoint…" ask the host, which
 * shows VS Code's dialog and answers with the engine (ComparePane.engineChosen).
 */
import { columnEngineLabel, FORMAT_IDS, sameColumnEngine, VARIANTS, type ColumnEnginePayload, type CompareColumnPayload } from '../src/shared/playgroundProtocol';
import { SAMPLING_ACCEPTS, type SamplingKey } from './compareColumnState';
import { fill, h } from './dom';
import { T } from './strings';

export interface ColumnFieldsHost {
  /** The column's settings changed (the pane keeps them in the webview state). */
  changed(): void;
  chooseEngine(kind: 'local' | 'endpoint'): void;
  /** The current engine's name ("tiny.gguf"), or null when none is loaded. */
  currentEngine(): string | null;
  /** Every engine some column names: each can be picked in any column. */
  knownEngines(): ColumnEnginePayload[];
}

export interface ColumnFields {
  nodes: HTMLElement[];
  /** Re-lists the engine selector (the current engine's name or the other columns' engines changed). */
  refreshEngines: () => void;
}

const SAMPLING: Array<{ key: SamplingKey; label: string; attrs: Record<string, string> }> = [
  { key: 'temperature', label: T.temperature, attrs: { min: '0', max: '2', step: '0.1' } },
  { key: 'topP', label: T.topP, attrs: { min: '0', max: '1', step: '0.05' } },
  { key: 'maxTokens', label: T.maxTokensShort, attrs: { min: '1', step: '1' } },
  { key: 'seed', label: T.seed, attrs: { step: '1' } },
];

export function columnFields(column: CompareColumnPayload, host: ColumnFieldsHost): ColumnFields {
  const option = (value: string, label: string, selected: boolean): HTMLElement => h('vscode-option', { attrs: { value, selected } }, label);

  const engine = h('vscode-single-select', { class: 'compare-engine', title: T.engine });
  let listed: ColumnEnginePayload[] = [];
  const refreshEngines = (): void => {
    const current = host.currentEngine();
    const others = host.knownEngines().filter((e) => e.kind !== 'current');
    listed = [{ kind: 'current' }, ...others.filter((e, i) => others.findIndex((o) => sameColumnEngine(o, e)) === i)];
    if (!listed.some((e) => sameColumnEngine(e, column.engine))) listed.push(column.engine);
    const selected = listed.findIndex((e) => sameColumnEngine(e, column.engine));
    fill(
      engine,
      ...listed.map((e, i) => option(String(i), columnEngineLabel(e, current), i === selected)),
      option('choose:local', T.chooseModelFile, false),
      option('choose:endpoint', T.chooseEndpoint, false),
    );
    engine.value = String(selected);
    engine.dataset.engine = column.engine.kind;
    engine.dataset.label = columnEngineLabel(column.engine, current);
  };
  engine.addEventListener('change', () => {
    const value = engine.value;
    if (value === 'choose:local' || value === 'choose:endpoint') {
      // The selector keeps showing the column's engine until the host answers with the chosen one.
      refreshEngines();
      host.chooseEngine(value === 'choose:local' ? 'local' : 'endpoint');
      return;
    }
    const picked = listed[Number(value)];
    if (picked === undefined) return;
    column.engine = picked;
    host.changed();
  });
  refreshEngines();

  const format = h('vscode-single-select', { class: 'compare-format', title: T.format });
  const variant = h('vscode-single-select', { class: 'compare-variant', title: T.variant });
  const fillVariants = (): void => {
    const variants = column.format === 'auto' ? [...new Set(Object.values(VARIANTS).flat())] : VARIANTS[column.format];
    if (column.variant !== 'auto' && !variants.includes(column.variant)) column.variant = 'auto';
    fill(variant, ...['auto', ...variants].map((v) => option(v, v, v === column.variant)));
    variant.value = column.variant;
  };
  fill(format, ...['auto', ...FORMAT_IDS].map((f) => option(f, f, f === column.format)));
  format.value = column.format;
  fillVariants();
  format.addEventListener('change', () => {
    column.format = format.value as CompareColumnPayload['format'];
    fillVariants();
    host.changed();
  });
  variant.addEventListener('change', () => {
    column.variant = variant.value;
    host.changed();
  });

  const grammar = h('vscode-checkbox', { class: 'compare-grammar', attrs: { label: T.grammarShort } });
  grammar.checked = column.grammar;
  grammar.addEventListener('change', () => {
    column.grammar = grammar.checked;
    host.changed();
  });

  const sampling = SAMPLING.map(({ key, label, attrs }) => {
    const accept = SAMPLING_ACCEPTS[key];
    const field = h('vscode-textfield', { class: `compare-${key}`, attrs: { type: 'number', placeholder: T.fromDocument, ...attrs } });
    const value = column[key];
    field.value = value === null ? '' : String(value);
    field.addEventListener('change', () => {
      const text = field.value.trim();
      const n = Number(text);
      const ok = text !== '' && Number.isFinite(n) && accept(n);
      column[key] = ok ? n : null;
      if (text !== '' && !ok) field.setAttribute('invalid', '');
      else field.removeAttribute('invalid');
      host.changed();
    });
    return h('label', { class: 'field' }, label, field);
  });

  return {
    nodes: [
      h('label', { class: 'field' }, T.engine, engine),
      h('div', { class: 'compare-pair' }, h('label', { class: 'field' }, T.format, format), h('label', { class: 'field' }, T.variant, variant)),
      grammar,
      h('div', { class: 'compare-sampling' }, ...sampling),
    ],
    refreshEngines,
  };
}
