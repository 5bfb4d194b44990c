/*
 * The Tools pane: the inline tools as JSON text with the tools lint's diagnostics under it (the
 * same codes and messages as the Problems panel), and add / duplicate / remove / import. Typing is
 * debounced and sent as one `toolsText` edit; text that is not JSON stays in the pane with its
 * located error, and the prompt keeps its last good render, marked stale.
 */
import { TOOLS_TEXT_FIELD_MAX_CHARS, type PlainJson, type ToolDiagnosticPayload } from '../src/shared/playgroundProtocol';
import { button, fill, h, iconAction } from './dom';
import { T } from './strings';

export interface ToolsPaneHost {
  sendToolsText(text: string): void;
  /** The text as typed, at once (before the pause that sends it): the prompt can show it now. */
  previewToolsText(text: string): void;
  addTool(): void;
  duplicateTool(index: number): void;
  removeTool(index: number): void;
  importTools(): void;
  /** Opens the document in VS Code's text editor (tools too big for the text field). */
  openTextEditor(): void;
  /** The pane's text is not (yet) the document's: the prompt is out of date. */
  setPending(pending: boolean): void;
}

/** Tool rows shown above the text; the rest are counted. */
const TOOL_ROWS_SHOWN_MAX = 200;

export class ToolsPane {
  readonly root: HTMLElement;
  readonly textarea = h('textarea', { id: 'tools-text', class: 'code', attrs: { spellcheck: 'false', autocomplete: 'off', wrap: 'off', 'aria-label': T.tools } });
  private readonly list = h('ul', { id: 'tools-list', class: 'tool-list' });
  private readonly fileNote = h('p', { id: 'tools-file-note', class: 'note', attrs: { hidden: true } });
  private readonly bigNote = h('p', { id: 'tools-big-note', class: 'note' });
  private readonly bigAction = button(T.editInTextEditor, 'go-to-file', () => this.host.openTextEditor(), { id: 'tools-open-text-editor', secondary: true });
  private readonly big = h('div', { class: 'big-tools', attrs: { hidden: true } }, this.bigNote, this.bigAction);
  private readonly error = h('div', { id: 'tools-error', class: 'error', attrs: { role: 'alert', hidden: true } });
  private readonly diagnostics = h('ul', { id: 'tools-diagnostics', class: 'diagnostics' });
  private timer: ReturnType<typeof setTimeout> | undefined;
  private shownNames = '';
  /** Text sent and not yet seen back in a documentState (or rejected). */
  private inFlight: string | undefined;

  constructor(private readonly host: ToolsPaneHost) {
    this.textarea.addEventListener('input', () => this.onInput());
    this.textarea.addEventListener('keydown', (event) => {
      // Tab indents, as in an editor, instead of leaving the field.
      if (event.key === 'Tab' && !event.shiftKey) {
        event.preventDefault();
        this.textarea.setRangeText('  ', this.textarea.selectionStart, this.textarea.selectionEnd, 'end');
        this.onInput();
      }
    });
    this.root = h(
      'section',
      { class: 'pane tools-pane' },
      h('div', { class: 'toolbar' }, button(T.addTool, 'add', () => this.host.addTool(), { id: 'add-tool' }), button(T.importTools, 'folder-opened', () => this.host.importTools(), { secondary: true, id: 'import-tools' })),
      this.big,
      this.list,
      this.fileNote,
      this.textarea,
      this.error,
      this.diagnostics,
    );
  }

  private onInput(): void {
    clearTimeout(this.timer);
    this.host.setPending(true);
    this.host.previewToolsText(this.textarea.value);
    // Off the keystroke path: a pause in typing sends the text; a big text waits a little longer.
    const delay = Math.min(400, 8 + Math.floor(this.textarea.value.length / 10_000));
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.inFlight = this.textarea.value;
      this.host.sendToolsText(this.textarea.value);
    }, delay);
  }

  /** The document's tools (text for the editor, values for the list); null text: tools in a file or no document. */
  show(text: string | null, tools: PlainJson | undefined): void {
    const editing = this.timer !== undefined || (this.inFlight !== undefined && this.inFlight !== text);
    if (text === this.inFlight) this.inFlight = undefined;
    const tooBig = text !== null && text.length > TOOLS_TEXT_FIELD_MAX_CHARS;
    this.big.hidden = !tooBig;
    if (tooBig) {
      this.bigNote.textContent = T.toolsTooBig(text.length);
      if (this.textarea.value !== '') this.textarea.value = '';
    } else if (text !== null && this.textarea.value !== text && !(editing && document.activeElement === this.textarea)) {
      const { selectionStart, selectionEnd } = this.textarea;
      this.textarea.value = text;
      this.textarea.setSelectionRange(Math.min(selectionStart, text.length), Math.min(selectionEnd, text.length));
    }
    if (!editing) {
      this.hideError();
      this.host.setPending(false);
    }
    const path = tools !== null && typeof tools === 'object' && !Array.isArray(tools) && typeof tools.path === 'string' ? tools.path : undefined;
    this.fileNote.hidden = path === undefined;
    this.fileNote.textContent = path !== undefined ? T.toolsInFile(path) : '';
    this.textarea.hidden = path !== undefined || tooBig;
    this.textarea.readOnly = text === null || tooBig;
    const rows = (Array.isArray(tools) ? tools : []).map((tool, index) => this.toolName(tool, index));
    const key = JSON.stringify(rows);
    if (key !== this.shownNames) {
      this.shownNames = key;
      // Thousands of rows (each with its icons) take seconds to lay out: the first ones, and a count.
      const shown = rows.slice(0, TOOL_ROWS_SHOWN_MAX).map((name, index) => this.toolRow(name, index));
      const more = rows.length - shown.length;
      fill(this.list, ...shown, more > 0 ? h('li', { class: 'more-tools', id: 'tools-more' }, T.moreTools(more)) : null);
    }
  }

  private toolName(tool: PlainJson, index: number): string {
    const fn = tool !== null && typeof tool === 'object' && !Array.isArray(tool) ? (typeof tool.function === 'object' && tool.function !== null && !Array.isArray(tool.function) ? tool.function : tool) : {};
    return typeof fn.name === 'string' ? fn.name : `#${index + 1}`;
  }

  private toolRow(name: string, index: number): HTMLElement {
    return h(
      'li',
      { dataset: { index: String(index) } },
      h('vscode-icon', { attrs: { name: 'symbol-method' } }),
      h('span', { class: 'tool-name' }, name),
      iconAction('copy', `${T.duplicate} ${name}`, () => this.host.duplicateTool(index)),
      iconAction('trash', `${T.remove} ${name}`, () => this.host.removeTool(index)),
    );
  }

  rejected(message: string): void {
    this.inFlight = undefined;
    this.error.hidden = false;
    this.error.textContent = message;
    this.host.setPending(true);
  }

  private hideError(): void {
    this.error.hidden = true;
    this.error.textContent = '';
  }

  showDiagnostics(diagnostics: readonly ToolDiagnosticPayload[]): void {
    fill(
      this.diagnostics,
      ...diagnostics.map((d) =>
        h(
          'li',
          { class: `diagnostic ${d.severity}`, dataset: { code: d.code }, title: 'Select in the text', on: { click: () => this.select(d) } },
          h('vscode-icon', { attrs: { name: d.severity === 'error' ? 'error' : d.severity === 'warning' ? 'warning' : 'info' } }),
          h('span', { class: 'where' }, `${d.range.start.line}:${d.range.start.column}`),
          h('code', { class: 'code-name' }, d.code),
          h('span', { class: 'message' }, d.message),
        ),
      ),
    );
    this.root.dataset.diagnostics = String(diagnostics.length);
  }

  /** Selects a diagnostic's range in the text (lines and columns are 1-based UTF-16, as the lint counts). */
  private select(d: ToolDiagnosticPayload): void {
    const offset = (line: number, column: number): number => {
      let at = 0;
      for (let l = 1; l < line; l++) {
        const next = this.textarea.value.indexOf('\n', at);
        if (next < 0) return this.textarea.value.length;
        at = next + 1;
      }
      return at + column - 1;
    };
    this.textarea.focus();
    this.textarea.setSelectionRange(offset(d.range.start.line, d.range.start.column), offset(d.range.end.line, d.range.end.column));
  }
}
