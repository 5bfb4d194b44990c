/*
 * The Prompt Blocks webview: a toolbar (format, variant, query) that asks the host to re-render,
 * and the rendered prompt as coloured blocks with a legend. It talks to the host only through
 * src/shared/promptBlocksProtocol.ts and checks what it receives with the same module.
 */
import {
  DEFAULT_VARIANT,
  FORMAT_IDS,
  VARIANTS,
  isFormatId,
  isHostToWebviewMessage,
  isPanelState,
  type HostToWebviewMessage,
  type PanelOptions,
  type PanelState,
  type WebviewToHostMessage,
} from '../src/shared/promptBlocksProtocol';
import { WEBVIEW_STRINGS } from './strings';
import { describeBlock, element, highlightKind, lossLines, renderBlocks, renderList, renderStops, renderSummary } from './view';

interface VsCodeApi {
  postMessage(message: WebviewToHostMessage): void;
  getState(): unknown;
  setState(state: PanelState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

const QUERY_DEBOUNCE_MS = 150;

const api = acquireVsCodeApi();
const ui = {
  source: element('source', HTMLElement),
  format: element('format', HTMLSelectElement),
  variant: element('variant', HTMLSelectElement),
  query: element('query', HTMLInputElement),
  error: element('error', HTMLElement),
  errorText: element('error-text', HTMLElement),
  goToError: element('go-to-error', HTMLButtonElement),
  blocks: element('blocks', HTMLElement),
  hover: element('hover', HTMLElement),
  kinds: element('kinds-body', HTMLTableSectionElement),
  total: element('total', HTMLElement),
  warnings: element('warnings', HTMLElement),
  losses: element('losses', HTMLElement),
  stops: element('stops', HTMLElement),
  body: document.body,
};

let state: PanelState | undefined;
let blockCount = 0;
let queryTimer: ReturnType<typeof setTimeout> | undefined;

function fillSelect(select: HTMLSelectElement, values: readonly string[], selected: string): void {
  select.replaceChildren(
    ...values.map((value) => {
      const option = document.createElement('option');
      option.value = value;
      option.textContent = value;
      return option;
    }),
  );
  select.value = values.includes(selected) ? selected : (values[0] ?? '');
}

/** Puts a state into the toolbar; a query being typed is not overwritten by an older echo. */
function showState(next: PanelState): void {
  state = next;
  api.setState(next);
  ui.source.textContent = next.toolsName;
  ui.source.title = next.toolsUri;
  ui.format.value = next.format;
  fillSelect(ui.variant, VARIANTS[next.format], next.variant);
  if (document.activeElement !== ui.query && queryTimer === undefined) ui.query.value = next.query;
}

function currentOptions(): PanelOptions | undefined {
  const format = ui.format.value;
  if (!isFormatId(format)) return undefined;
  const variant = VARIANTS[format].includes(ui.variant.value) ? ui.variant.value : DEFAULT_VARIANT[format];
  return { format, variant, query: ui.query.value };
}

function sendOptions(): void {
  const options = currentOptions();
  if (options === undefined) return;
  if (state !== undefined) {
    state = { ...state, ...options };
    api.setState(state);
  }
  api.postMessage({ type: 'setOptions', options });
}

function onHostMessage(message: HostToWebviewMessage): void {
  showState(message.state);
  ui.body.classList.remove('waiting');
  if (message.type === 'render') {
    renderBlocks(ui.blocks, message.blocks);
    blockCount = message.blocks.length;
    renderSummary(ui.kinds, ui.total, message.blocks);
    renderList(ui.warnings, message.warnings);
    renderList(ui.losses, lossLines(message.losses));
    renderStops(ui.stops, message.stop);
    ui.hover.textContent = '';
    ui.error.hidden = true;
    ui.body.classList.remove('stale');
  } else {
    ui.errorText.textContent = WEBVIEW_STRINGS.errorLine(message.where, message.message);
    ui.goToError.hidden = !message.canGoToError;
    ui.error.hidden = false;
    // The last good render stays visible, marked as out of date.
    ui.body.classList.add('stale');
  }
}

function wireToolbar(): void {
  fillSelect(ui.format, FORMAT_IDS, 'fc-v1');
  ui.format.addEventListener('change', () => {
    const format = ui.format.value;
    if (!isFormatId(format)) return;
    const keep = state !== undefined && VARIANTS[format].includes(state.variant) ? state.variant : DEFAULT_VARIANT[format];
    fillSelect(ui.variant, VARIANTS[format], keep);
    sendOptions();
  });
  ui.variant.addEventListener('change', sendOptions);
  ui.query.addEventListener('input', () => {
    clearTimeout(queryTimer);
    queryTimer = setTimeout(() => {
      queryTimer = undefined;
      sendOptions();
    }, QUERY_DEBOUNCE_MS);
  });
  ui.goToError.addEventListener('click', () => api.postMessage({ type: 'goToError' }));
}

function wireHover(): void {
  ui.blocks.addEventListener('mouseover', (event) => {
    const span = event.target instanceof Element ? event.target.closest<HTMLElement>('.block') : null;
    ui.hover.textContent = span === null ? '' : (describeBlock(span, blockCount) ?? '');
  });
  ui.blocks.addEventListener('mouseleave', () => {
    ui.hover.textContent = '';
  });
  ui.kinds.addEventListener('mouseover', (event) => {
    const row = event.target instanceof Element ? event.target.closest<HTMLElement>('tr[data-kind]') : null;
    highlightKind(ui.blocks, row?.dataset.kind);
  });
  ui.kinds.addEventListener('mouseleave', () => highlightKind(ui.blocks, undefined));
}

wireToolbar();
wireHover();
const saved = api.getState();
if (isPanelState(saved)) showState(saved);
window.addEventListener('message', (event: MessageEvent<unknown>) => {
  if (isHostToWebviewMessage(event.data)) onHostMessage(event.data);
});
api.postMessage({ type: 'ready' });
