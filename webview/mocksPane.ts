/*
 * The Mocks pane: per tool, its rules as a JSON list (first match wins, a rule without "when" is
 * the default, an "error" is a failure the model sees), applied with one setMock edit.
 */
import type { MockRulePayload, PlainJson } from '../src/shared/playgroundProtocol';
import { button, fill, h } from './dom';
import { T } from './strings';

export interface MocksPaneHost {
  /** `text`: the rules as typed, so the file keeps numbers as written (`1.0`). */
  setMock(tool: string, rules: MockRulePayload[] | null, text?: string): void;
}

type Obj = { [key: string]: PlainJson };
const isObj = (value: unknown): value is Obj => value !== null && typeof value === 'object' && !Array.isArray(value);

/** The rules a text holds, or why it holds none. */
export function readRules(text: string): MockRulePayload[] | string {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === '' ? '[]' : text);
  } catch (error) {
    return T.badJson('rules', error instanceof Error ? error.message : String(error));
  }
  if (!Array.isArray(value)) return T.badRules;
  const rules: MockRulePayload[] = [];
  for (const rule of value) {
    if (!isObj(rule) || ('result' in rule) === ('error' in rule) || ('error' in rule && typeof rule.error !== 'string') || ('when' in rule && !isObj(rule.when))) return T.badRules;
    rules.push(rule);
  }
  return rules;
}

/** Rule editors shown at once; the others are reached with the name filter. */
const MOCK_EDITORS_SHOWN_MAX = 50;

export class MocksPane {
  readonly root: HTMLElement;
  private readonly list = h('div', { id: 'mocks', class: 'mocks' });
  private editors = new Map<string, HTMLTextAreaElement>();
  /** What is shown: a keystroke in the Tools pane does not rebuild a hundred rule editors. */
  private shownKey = '';

  private readonly filter = h('vscode-textfield', { id: 'mocks-filter', attrs: { placeholder: T.findTool } });
  private readonly filterRow = h('div', { class: 'toolbar', attrs: { hidden: true } }, this.filter);
  private last: { document: PlainJson | null; texts: Readonly<Record<string, string>> } | undefined;

  constructor(private readonly host: MocksPaneHost) {
    this.filter.addEventListener('input', () => this.refilter());
    this.root = h('section', { class: 'pane mocks-pane' }, h('p', { class: 'note' }, T.mockRules), this.filterRow, this.list);
  }

  /** `texts`: each tool's rules as the file writes them (shown as they are, `1.0` included). */
  show(document: PlainJson | null, texts: Readonly<Record<string, string>> = {}): void {
    const doc = isObj(document) ? document : {};
    const mocks = isObj(doc.mocks) ? doc.mocks : {};
    const names: string[] = [];
    for (const tool of Array.isArray(doc.tools) ? doc.tools : []) {
      const fn = isObj(tool) ? (isObj(tool.function) ? tool.function : tool) : {};
      if (typeof fn.name === 'string') names.push(fn.name);
    }
    const known = new Set(names);
    for (const name of Object.keys(mocks)) if (!known.has(name)) names.push(name);
    const key = JSON.stringify([names, mocks, texts, this.filter.value]);
    if (key === this.shownKey) return;
    const focused = document === null ? null : globalThis.document.activeElement;
    if (focused instanceof HTMLTextAreaElement && this.list.contains(focused)) return;
    this.shownKey = key;
    this.last = { document, texts };
    this.editors = new Map();
    if (names.length === 0) {
      fill(this.list, h('p', { class: 'note' }, T.noTools));
      return;
    }
    // Thousands of rule editors take seconds to lay out: tools with rules first, then the rest,
    // up to a limit; past it, a name filter finds the others.
    this.filterRow.hidden = names.length <= MOCK_EDITORS_SHOWN_MAX;
    const wanted = this.filter.value.trim().toLowerCase();
    const matching = names.filter((name) => wanted === '' || name.toLowerCase().includes(wanted));
    const ordered = [...matching.filter((name) => Object.hasOwn(mocks, name)), ...matching.filter((name) => !Object.hasOwn(mocks, name))];
    const shown = ordered.slice(0, MOCK_EDITORS_SHOWN_MAX);
    const more = ordered.length - shown.length;
    fill(this.list, ...shown.map((name) => this.toolMocks(name, mocks[name], Object.hasOwn(texts, name) ? texts[name] : undefined)), more > 0 ? h('p', { class: 'note', id: 'mocks-more' }, T.moreMockTools(more)) : null);
  }

  /** The name filter changed: the same document shown again (its key includes the filter). */
  private refilter(): void {
    if (this.last !== undefined) this.show(this.last.document, this.last.texts);
  }

  private toolMocks(tool: string, rules: PlainJson | undefined, written: string | undefined): HTMLElement {
    const text = h('textarea', { class: 'code small', attrs: { rows: '6', spellcheck: 'false', 'aria-label': `${tool} mocks` }, dataset: { tool } });
    text.value = written ?? (rules === undefined ? '[]' : JSON.stringify(rules, null, 2));
    this.editors.set(tool, text);
    const error = h('div', { class: 'error', attrs: { role: 'alert', hidden: true } });
    const apply = (): void => {
      const read = readRules(text.value);
      error.hidden = typeof read !== 'string';
      error.textContent = typeof read === 'string' ? read : '';
      if (typeof read !== 'string') this.host.setMock(tool, read, text.value.trim() === '' ? '[]' : text.value);
    };
    return h(
      'div',
      { class: 'tool-mocks', dataset: { tool } },
      h('h3', {}, h('vscode-icon', { attrs: { name: 'symbol-method' } }), tool),
      text,
      h('div', { class: 'toolbar' }, button(T.apply, 'check', apply, {}), button(T.removeMocks, 'trash', () => this.host.setMock(tool, null), { secondary: true })),
      error,
    );
  }
}
