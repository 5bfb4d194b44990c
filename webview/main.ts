/*
 * The playground webview: a view of the `*.playground.json` document. It holds no state the file
 * does not (besides UI state: the chosen tabs); every change is a request to the host, which edits
 * the document and posts the new state. It talks to the host only through
 * src/shared/playgroundProtocol.ts and checks everything it receives with the same module.
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import '@vscode-elements/elements/dist/vscode-icon/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import { ACTION_IDS, parseHostToWebviewMessage, type ActionId, type CompareColumnPayload, type HostToWebviewMessage, type PlainJson, type WebviewToHostMessage } from '../src/shared/playgroundProtocol';
import { ComparePane } from './comparePane';
import { columnsFromState } from './compareColumnState';
import { ConversationPane } from './conversationPane';
import { fill, h } from './dom';
import { MocksPane } from './mocksPane';
import { HostRenderGate } from './hostRenderGate';
import { localPrompt, type Rendered } from './localPrompt';
import { PromptPane } from './promptPane';
import { RunPane } from './runPane';
import { T } from './strings';
import { ToolsPane } from './toolsPane';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: UiState): void;
}
interface UiState {
  left: number;
  right: number;
  /** The Compare pane's columns: UI state for now (not the file), so they survive the view being hidden but not a reopen elsewhere. */
  compare: CompareColumnPayload[];
}
declare function acquireVsCodeApi(): VsCodeApi;

const api = acquireVsCodeApi();
const post = (message: WebviewToHostMessage): void => api.postMessage(message);
const saved = api.getState() as Partial<UiState> | undefined;
const ui: UiState = { left: typeof saved?.left === 'number' ? saved.left : 0, right: typeof saved?.right === 'number' ? saved.right : 0, compare: columnsFromState(saved?.compare) };

/** Keeps a tab group's chosen tab in the webview's state, so it survives the view being hidden. */
const remember =
  (side: 'left' | 'right') =>
  (index: number): void => {
    ui[side] = index;
    api.setState(ui);
  };

let documentValue: PlainJson | null = null;
let currentRun: { id: number; mode: 'single' | 'completion' } | undefined;

/** The document text and the host's last render: what the prompt of a keystroke is made from here. */
let documentText: { docText: string; fileName: string } | undefined;
let hostRendered: Rendered | undefined;
/** Keeps the host's renders of earlier keystrokes from replacing a newer local preview. */
const renderGate = new HostRenderGate();

const tools = new ToolsPane({
  sendToolsText: (text) => post({ type: 'edit', edit: { kind: 'toolsText', text } }),
  previewToolsText: (text) => {
    const local = documentText !== undefined && hostRendered !== undefined ? localPrompt({ ...documentText, rendered: hostRendered }, text) : undefined;
    renderGate.preview(local !== undefined ? text : undefined);
    if (local !== undefined) prompt.show(local, true);
  },
  addTool: () => post({ type: 'addTool' }),
  duplicateTool: (index) => post({ type: 'duplicateTool', index }),
  removeTool: (index) => post({ type: 'removeTool', index }),
  importTools: () => post({ type: 'importTools' }),
  openTextEditor: () => post({ type: 'openTextEditor' }),
  setPending: (pending) => {
    if (!pending) renderGate.settled();
    prompt.setStale(pending || documentStale);
  },
});
const conversation = new ConversationPane({
  setContent: (index, content) => post({ type: 'edit', edit: { kind: 'set', path: ['messages', index, 'content'], value: content } }),
  addMessage: (message) => post({ type: 'addMessage', message }),
  removeMessage: (index) => post({ type: 'removeMessage', index }),
});
const mocks = new MocksPane({ setMock: (tool, rules, text) => post({ type: 'setMock', tool, rules, ...(text !== undefined ? { text } : {}) }) });
const prompt = new PromptPane({
  setFormat: (format, variant) => {
    // The variant first when it changes: a variant of the old family may not fit the new one.
    const doc = documentValue !== null && typeof documentValue === 'object' && !Array.isArray(documentValue) ? documentValue : {};
    if ((doc.variant ?? 'auto') !== variant) post({ type: 'edit', edit: { kind: 'set', path: ['variant'], value: variant } });
    if ((doc.format ?? 'auto') !== format) post({ type: 'edit', edit: { kind: 'set', path: ['format'], value: format } });
  },
  openAsDocument: () => post({ type: 'openPromptAsDocument' }),
  exportCode: () => post({ type: 'exportCode' }),
});
const run = new RunPane({
  run: () => post({ type: 'run' }),
  runToCompletion: (maxSteps) => post({ type: 'runToCompletion', ...(maxSteps !== undefined ? { maxSteps } : {}) }),
  cancel: (runId) => post({ type: 'cancel', runId }),
  selectEngine: () => post({ type: 'selectEngine' }),
  saveAsTestCase: (calls) => post({ type: 'saveAsTestCase', calls }),
  action: (action) => {
    if ((ACTION_IDS as readonly string[]).includes(action)) post({ type: 'action', action: action as ActionId });
  },
  setGrammar: (on) => post({ type: 'edit', edit: { kind: 'set', path: ['grammar'], value: on } }),
  setSampling: (key, value) => post({ type: 'edit', edit: value === null ? { kind: 'remove', path: ['sampling', key] } : { kind: 'set', path: ['sampling', key], value } }),
});
const compare = new ComparePane(
  {
    run: (columns) => post({ type: 'compareRun', columns }),
    cancel: (runId) => post({ type: 'compareCancel', runId }),
    diff: (columns, left, right) => post({ type: 'compareDiff', columns, left, right }),
    chooseEngine: (column, kind) => post({ type: 'compareChooseEngine', column, kind }),
    saveColumns: (columns) => {
      ui.compare = columns;
      api.setState(ui);
    },
    storeColumns: (columns) => post({ type: 'compareStoreColumns', columns }),
  },
  ui.compare,
);

let documentStale = false;
const fileName = h('span', { id: 'file-name', class: 'file-name' });
const problems = h('div', { id: 'document-problems', class: 'error', attrs: { role: 'alert', hidden: true } });

function tabs(id: string, panes: Array<[string, string, HTMLElement]>, selected: number, onSelect: (index: number) => void): HTMLElement {
  const node = h('vscode-tabs', { id, attrs: { 'selected-index': String(selected) } });
  for (const [label, icon, pane] of panes) {
    node.append(h('vscode-tab-header', { attrs: { slot: 'header' }, dataset: { pane: label } }, h('vscode-icon', { attrs: { name: icon } }), ` ${label}`), h('vscode-tab-panel', {}, pane));
  }
  node.addEventListener('vsc-tabs-select', (event) => onSelect((event as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex));
  return node;
}

document.body.append(
  h('header', { class: 'page-header' }, h('vscode-icon', { attrs: { name: 'beaker' } }), fileName),
  problems,
  h(
    'main',
    { class: 'layout' },
    tabs(
      'left-tabs',
      [
        [T.tools, 'tools', tools.root],
        [T.conversation, 'comment-discussion', conversation.root],
        [T.mocks, 'symbol-event', mocks.root],
      ],
      ui.left,
      remember('left'),
    ),
    tabs(
      'right-tabs',
      [
        [T.prompt, 'preview', prompt.root],
        [T.run, 'play', run.root],
        [T.compare, 'split-horizontal', compare.root],
      ],
      ui.right,
      remember('right'),
    ),
  ),
);

function onMessage(message: HostToWebviewMessage): void {
  switch (message.type) {
    case 'documentState': {
      document.body.classList.remove('waiting');
      documentText = message.text === null ? undefined : { docText: message.text, fileName: message.fileName };
      renderGate.documentState(message.toolsText);
      fileName.textContent = message.fileName;
      documentStale = message.stale;
      const errors = message.problems.filter((p) => p.severity === 'error');
      problems.hidden = errors.length === 0;
      fill(problems, T.documentProblems, h('ul', {}, ...errors.map((p) => h('li', {}, `${p.line}:${p.column} ${p.message}`))));
      prompt.setStale(message.stale);
      if (message.document === null) return;
      documentValue = message.document;
      const doc = typeof message.document === 'object' && !Array.isArray(message.document) ? message.document : {};
      tools.show(message.toolsText, doc.tools);
      conversation.show(doc.messages);
      mocks.show(message.document, message.mockTexts);
      run.showDocument(message.document);
      prompt.showChoice(typeof doc.format === 'string' ? doc.format : 'auto', typeof doc.variant === 'string' ? doc.variant : 'auto');
      compare.showStored(doc.compare);
      return;
    }
    case 'promptRendered':
      hostRendered = message;
      if (renderGate.showsHostRender()) prompt.show(message);
      return;
    case 'toolsDiagnostics':
      tools.showDiagnostics(message.diagnostics);
      return;
    case 'editRejected':
      if (message.pane === 'tools') tools.rejected(message.message);
      else if (message.pane === 'conversation') conversation.fail(message.message);
      else {
        problems.hidden = false;
        fill(problems, message.message);
        prompt.setStale(true);
      }
      return;
    case 'engineState':
      run.showEngine(message);
      compare.showCurrentEngine(message.engine?.model ?? null);
      return;
    case 'compareEngineChosen':
      compare.engineChosen(message.column, message.engine);
      return;
    case 'runStarted':
      currentRun = { id: message.runId, mode: message.mode };
      run.started(message.runId, message.step, message.mode);
      return;
    case 'runDelta':
      run.delta(message.runId, message.step, message.text);
      return;
    case 'runFinished':
      run.finished(message.runId, message.step, message.result, currentRun?.id !== message.runId || currentRun.mode === 'single');
      return;
    case 'stepFinished':
      run.stepFinished(message.runId, message.step);
      return;
    case 'completionFinished':
      run.completed(message.runId, message.stop, message.steps);
      return;
    case 'compareStarted':
      compare.started(message.runId, message.lanes);
      return;
    case 'compareColumnPrompt':
      compare.prompt(message.runId, message.column, message.format, message.variant, message.prompt);
      return;
    case 'compareDelta':
      compare.delta(message.runId, message.column, message.text);
      return;
    case 'compareColumnFinished':
      compare.finished(message.runId, message.column, message.result);
      return;
    case 'compareFinished':
      compare.completed(message.runId);
      return;
  }
}

window.addEventListener('message', (event: MessageEvent<unknown>) => {
  const parsed = parseHostToWebviewMessage(event.data);
  if (!parsed.ok) {
    // Defence in depth: a malformed message is logged and dropped.
    console.warn(`xLAM playground: dropped a malformed message: ${parsed.reason}`);
    return;
  }
  onMessage(parsed.value);
});
post({ type: 'ready' });
