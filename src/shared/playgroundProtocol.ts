/*
 * The one protocol between the host and the playground webview (the custom editor of
 * `*.playground.json`): every message in both directions and a runtime check for each. No `vscode`
 * and no DOM. The host acts only on what `parseWebviewToHostMessage` accepts; the webview checks
 * what the host posts too (defence in depth). A rejected message comes with the reason, for the log.
 *
 * The file is the truth: the webview never holds state the file does not. It asks for edits
 * (paths into the file's JSON, as jsonc-parser's `modify` takes them) and the host answers every
 * change of the document with a new `documentState`.
 */
import { CHECKER_MODES, type CheckerMode } from '../core/check/types';
import { DEFAULT_VARIANT, FORMAT_IDS, VARIANTS, type BlockKind, type FormatId } from '../core/formats/types';
import { arrayOf, boolean, checkMessage, integer, jsonValue, nonNegative, nullable, object, oneOf, optional, recordOf, string, type Check, type Checked, type Optional } from './protocolChecks';

import { COMPARE_MAX_COLUMNS, COMPARE_MIN_COLUMNS, columnEngineLabel, sameColumnEngine, type ColumnEngine } from '../core/playground/compareColumns';
import { columnEngineCheck, compareColumnsCheck, compareIndexCheck, compareLanesCheck } from './compareChecks';

export { COMPARE_MAX_COLUMNS, COMPARE_MIN_COLUMNS, columnEngineLabel, sameColumnEngine };
export { DEFAULT_VARIANT, FORMAT_IDS, VARIANTS, type BlockKind, type FormatId };

/** Every block kind, in the order the legend lists them. */
export const BLOCK_KINDS = [
  'bos',
  'system',
  'roleMarker',
  'blockMarker',
  'taskInstruction',
  'tools',
  'formatInstruction',
  'query',
  'history',
  'assistant',
  'toolCall',
  'toolResult',
  'generationPrompt',
] as const satisfies readonly BlockKind[];

// Compile-time check that BLOCK_KINDS lists every BlockKind: a new kind in core fails the build here.
type MissingKind = Exclude<BlockKind, (typeof BLOCK_KINDS)[number]>;
const everyKindListed: [MissingKind] extends [never] ? true : MissingKind = true;
void everyKindListed;

/** The custom editor's view type (package.json `customEditors`, `onCustomEditor:` activation). */
export const PLAYGROUND_VIEW_TYPE = 'xlam.playground';

/** Bounds on what a webview may send: generous for people, small for a runaway page. */
/** Above this much text a keystroke's prompt is not rendered in the webview (a big file waits for the host). */
export const LOCAL_RENDER_MAX_CHARS = 400_000;
/**
 * Past this many characters the Tools pane does not hold the tools text: a browser text field
 * takes seconds to lay out 10 MB and again on every key. The pane offers VS Code's own text
 * editor (virtualised) beside it instead, and the playground follows that editor's edits.
 */
export const TOOLS_TEXT_FIELD_MAX_CHARS = 1_000_000;
/** A prompt block longer than this, in a prompt longer than LOCAL_RENDER_MAX_CHARS, is shown as its head and tail with the count left out ("Open as Document" has it all). */
export const PROMPT_BLOCK_SHOWN_MAX_CHARS = 20_000;

export const PLAYGROUND_LIMITS = { text: 16 * 1024 * 1024, name: 1_000, pathDepth: 64, valueDepth: 256, valueNodes: 1_000_000, items: 100_000 } as const;

/** A plain JSON value (numbers lose `1.0` vs `1` in transit; the file keeps what it had). */
export type PlainJson = null | boolean | number | string | PlainJson[] | { [key: string]: PlainJson };
/** Keys and array indexes from the document root. */
export type JsonPathPayload = Array<string | number>;

export type FieldEdit = { kind: 'set'; path: JsonPathPayload; value: PlainJson } | { kind: 'remove'; path: JsonPathPayload } | { kind: 'toolsText'; text: string };
export interface CallPayloadIn {
  name: string;
  arguments: PlainJson;
}
export type NewMessagePayload = { role: 'system' | 'user'; content: string } | { role: 'assistant'; content?: string; calls: CallPayloadIn[] } | { role: 'tool'; content: string; name?: string };
export interface MockRulePayload {
  when?: { [argument: string]: PlainJson };
  result?: PlainJson;
  error?: string;
}

/** Webview → host. */
export type WebviewToHostMessage =
  | { type: 'ready' }
  | { type: 'edit'; edit: FieldEdit }
  | { type: 'addTool'; tool?: PlainJson }
  | { type: 'duplicateTool'; index: number }
  | { type: 'removeTool'; index: number }
  | { type: 'addMessage'; message: NewMessagePayload; index?: number }
  | { type: 'removeMessage'; index: number }
  /**
   * `rules: null` removes the tool's mocks. `text`: the rules as typed, whose numbers are kept as
   * written (`1.0`); it must hold the same values as `rules`.
   */
  | { type: 'setMock'; tool: string; rules: MockRulePayload[] | null; text?: string }
  | { type: 'run' }
  /** `fromStep`: re-run from that step of the last loop (after an edit). */
  | { type: 'runToCompletion'; fromStep?: number; maxSteps?: number }
  | { type: 'cancel'; runId: number }
  | { type: 'openPromptAsDocument' }
  | { type: 'openTextEditor' }
  | { type: 'exportCode' }
  | { type: 'importTools' }
  | { type: 'selectEngine' }
  /** Append the conversation and the last run's accepted calls (their indices in `lastRun.calls`) as a case to a suite the user picks. */
  | { type: 'saveAsTestCase'; calls: number[] }
  /** A button of a failed run (ACTION_IDS): the host runs the command behind it. */
  | { type: 'action'; action: ActionId }
  /** Compare: run the conversation once per column (2–4), each with its own settings. */
  | { type: 'compareRun'; columns: CompareColumnPayload[] }
  | { type: 'compareCancel'; runId: number }
  /** Compare: the prompts of two columns (indices into `columns`) side by side in VS Code's diff editor. */
  | { type: 'compareDiff'; columns: CompareColumnPayload[]; left: number; right: number }
  /** Compare: the user chose "Model file…" or "Endpoint…" in a column's engine selector; the host asks which (open dialog, input box). */
  | { type: 'compareChooseEngine'; column: number; kind: 'local' | 'endpoint' }
  /** Compare: the columns changed; the host keeps them in the file's `compare` field. */
  | { type: 'compareStoreColumns'; columns: CompareColumnPayload[] };

/** The engine a Compare column runs on (core's ColumnEngine: plain JSON). */
export type ColumnEnginePayload = ColumnEngine;

/** One Compare column's settings over the document's (null sampling values: the document's). */
export interface CompareColumnPayload {
  format: FormatId | 'auto';
  variant: string;
  engine: ColumnEnginePayload;
  grammar: boolean;
  temperature: number | null;
  topP: number | null;
  maxTokens: number | null;
  seed: number | null;
}

export interface ProblemPayload {
  severity: 'error' | 'warning';
  message: string;
  path: JsonPathPayload;
  line: number;
  column: number;
}
export interface BlockTokensPayload {
  kind: BlockKind;
  text: string;
  tokens: number;
}
export interface LinePosition {
  line: number;
  column: number;
}
export interface ToolDiagnosticPayload {
  code: string;
  message: string;
  severity: 'error' | 'warning' | 'info';
  range: { start: LinePosition; end: LinePosition };
  /** The tool the diagnostic is about, when it is about one. */
  toolIndex: number | null;
}
export interface CallCheckPayload {
  ok: boolean;
  problems: Array<{ code: string; severity: 'error' | 'warning' | 'info'; message: string }>;
}
export interface CallPayload {
  name: string;
  arguments: PlainJson;
  check: CallCheckPayload;
  /** Runs that asked for confidence: the name's probability and the alternatives where names part (null: none read). */
  confidence?: { p: number; alternatives: Array<{ name: string; p: number }> } | null;
}
export interface TimingsPayload {
  ttftMs: number;
  tokensPerSecond: number;
  promptTokens: number;
  cachedPromptTokens: number;
  completionTokens: number;
  wallMs: number;
  loadMs: number | null;
}
export interface EnginePayload {
  kind: 'local' | 'remote';
  model: string;
  backend: string;
}
/** What the user can do about a failed run; the webview shows it as a button. */
export const ACTION_IDS = ['selectEngine', 'selectModelFile', 'connectEndpoint', 'retry', 'showLog', 'openSettings'] as const;
export type ActionId = (typeof ACTION_IDS)[number];
/** The run's calls against the document's expected answer (a suite case's `expect`), by the suite checker in `mode`. */
export interface ExpectedCheckPayload {
  pass: boolean;
  /** BFCL's error type, e.g. `value_error:string`; null on a pass. */
  errorType: string | null;
  message: string;
  mode: CheckerMode;
}
export type RunResultPayload =
  /** `expectedCheck`: present when the document has an expected answer. */
  | { ok: true; output: string; content: string; finishReason: 'stop' | 'length' | 'cancelled'; parseError: { message: string; offset: number } | null; calls: CallPayload[]; timings: TimingsPayload; engine: EnginePayload; expectedCheck?: ExpectedCheckPayload }
  | { ok: false; error: { code: string; message: string; action: ActionId | null } };
export interface ToolResultPayload {
  tool: string;
  outcome: 'result' | 'error' | 'missing';
  /** The mock rule that answered, or null for a missing mock. */
  rule: number | null;
  content: string;
}
export interface StepPayload {
  index: number;
  promptTokens: number;
  cachedPromptTokens: number;
  output: string;
  finishReason: 'stop' | 'length' | 'cancelled';
  calls: CallPayload[];
  toolResults: ToolResultPayload[];
  /** Step 0 of a document with an expected answer: its calls checked as the suite checks the case. */
  expectedCheck?: ExpectedCheckPayload;
}
export const COMPLETION_STOPS = ['answer', 'unparsed', 'cut-off', 'step-limit', 'cancelled', 'error'] as const;
export const ENGINE_STATES = ['none', 'loading', 'idle', 'generating', 'error'] as const;

/** Host → webview. */
export type HostToWebviewMessage =
  /**
   * `document`: the file's JSON when it parses (null when not); `stale`: the views show the last good state.
   * `toolsText`: the Tools pane's text (the inline tools as the file writes them, de-indented; null when
   * the tools are in a file or the document does not parse), exactly the text `toolsDiagnostics` is about.
   */
  /**
   * `mockTexts`: each tool's mock rules as the file writes them; `text`: the document text these
   * views come from, for the webview's own render of a keystroke (null above LOCAL_RENDER_MAX_CHARS).
   */
  | { type: 'documentState'; document: PlainJson | null; problems: ProblemPayload[]; stale: boolean; toolsText: string | null; mockTexts: Record<string, string>; fileName: string; text: string | null }
  | { type: 'promptRendered'; format: FormatId; variant: string; blocks: BlockTokensPayload[]; totalTokens: number; contextSize: number | null; approximate: boolean; counting: boolean; warnings: string[] }
  | { type: 'toolsDiagnostics'; diagnostics: ToolDiagnosticPayload[] }
  | { type: 'runStarted'; runId: number; step: number; mode: 'single' | 'completion' }
  | { type: 'runDelta'; runId: number; step: number; text: string }
  | { type: 'runFinished'; runId: number; step: number; result: RunResultPayload }
  | { type: 'stepFinished'; runId: number; step: StepPayload }
  | { type: 'completionFinished'; runId: number; stop: (typeof COMPLETION_STOPS)[number]; steps: number }
  /** The engine a run would use now (the extension's one engine scope). */
  | { type: 'engineState'; state: (typeof ENGINE_STATES)[number]; engine: EnginePayload | null; detail: string | null }
  /** An edit the host could not apply (e.g. tools text that is not JSON): shown in the pane it came from. */
  | { type: 'editRejected'; pane: 'tools' | 'conversation' | 'mocks' | 'settings'; message: string }
  /**
   * Compare: a run of every column began. `lanes`: the columns grouped by what runs one after
   * another (columns on the same local model); the lanes run at the same time.
   */
  | { type: 'compareStarted'; runId: number; columns: number; lanes: number[][] }
  /** Compare: the engine the user picked for a column (answer to `compareChooseEngine`). */
  | { type: 'compareEngineChosen'; column: number; engine: ColumnEnginePayload }
  /** Compare: a column's prompt as rendered for its run (`format`/`variant` resolved). */
  | { type: 'compareColumnPrompt'; runId: number; column: number; format: FormatId; variant: string; prompt: string }
  | { type: 'compareDelta'; runId: number; column: number; text: string }
  | { type: 'compareColumnFinished'; runId: number; column: number; result: RunResultPayload }
  | { type: 'compareFinished'; runId: number };

const L = PLAYGROUND_LIMITS;
const json = jsonValue(L.valueDepth, L.valueNodes);
const name = string(L.name, 1);
const text = string(L.text);
const index = integer(0, L.items);
const runId = integer(0, Number.MAX_SAFE_INTEGER);
const path: Check = (value, at) => arrayOf((seg, segAt) => (typeof seg === 'number' ? index(seg, segAt) : string(L.name)(seg, segAt)), L.pathDepth)(value, at);
const edit: Check = (value, at) => {
  const kind = (value as { kind?: unknown } | null)?.kind;
  if (kind === 'set') return object({ kind: oneOf(['set']), path, value: json })(value, at);
  if (kind === 'remove') return object({ kind: oneOf(['remove']), path })(value, at);
  if (kind === 'toolsText') return object({ kind: oneOf(['toolsText']), text })(value, at);
  return `${at}.kind must be "set", "remove" or "toolsText"`;
};
const callIn = object({ name, arguments: json });
const newMessage: Check = (value, at) => {
  const role = (value as { role?: unknown } | null)?.role;
  if (role === 'system' || role === 'user') return object({ role: oneOf([role]), content: text })(value, at);
  if (role === 'assistant') return object({ role: oneOf([role]), content: optional(text), calls: arrayOf(callIn, L.items) })(value, at);
  if (role === 'tool') return object({ role: oneOf([role]), content: text, name: optional(name) })(value, at);
  return `${at}.role must be "system", "user", "assistant" or "tool"`;
};
const mockRule: Check = (value, at) => {
  const reason = object({ when: optional(recordOf(json, L.items)), result: optional(json), error: optional(string(L.text)) })(value, at);
  if (reason !== undefined) return reason;
  const rule = value as MockRulePayload;
  return ('result' in rule) === ('error' in rule) ? `${at} must have exactly one of "result" and "error"` : undefined;
};
const compareColumns = compareColumnsCheck;

const WEBVIEW_MESSAGES: Record<WebviewToHostMessage['type'], Record<string, Check | Optional>> = {
  ready: {},
  edit: { edit },
  addTool: { tool: optional(json) },
  duplicateTool: { index },
  removeTool: { index },
  addMessage: { message: newMessage, index: optional(index) },
  removeMessage: { index },
  setMock: { tool: name, rules: nullable(arrayOf(mockRule, L.items)), text: optional(text) },
  run: {},
  runToCompletion: { fromStep: optional(index), maxSteps: optional(integer(1, 100)) },
  cancel: { runId },
  openPromptAsDocument: {},
  openTextEditor: {},
  exportCode: {},
  importTools: {},
  selectEngine: {},
  saveAsTestCase: { calls: arrayOf(index, L.items) },
  action: { action: oneOf(ACTION_IDS) },
  compareRun: { columns: compareColumns },
  compareCancel: { runId },
  compareDiff: { columns: compareColumns, left: integer(0, COMPARE_MAX_COLUMNS - 1), right: integer(0, COMPARE_MAX_COLUMNS - 1) },
  compareChooseEngine: { column: compareIndexCheck, kind: oneOf(['local', 'endpoint']) },
  compareStoreColumns: { columns: compareColumns },
};

/** The host's gate: only messages this accepts are acted on; the reason goes to the log. */
export function parseWebviewToHostMessage(value: unknown): Checked<WebviewToHostMessage> {
  return checkMessage<WebviewToHostMessage>(WEBVIEW_MESSAGES, value);
}

const severity = oneOf(['error', 'warning', 'info']);
const position = object({ line: integer(1, Number.MAX_SAFE_INTEGER), column: integer(1, Number.MAX_SAFE_INTEGER) });
const count = integer(0, Number.MAX_SAFE_INTEGER);
const anyText = string(Number.MAX_SAFE_INTEGER);
const strings = arrayOf(anyText, Number.MAX_SAFE_INTEGER);
const many = (check: Check): Check => arrayOf(check, Number.MAX_SAFE_INTEGER);
const finish = oneOf(['stop', 'length', 'cancelled']);
const probability: Check = (value, at) => (typeof value === 'number' && value >= 0 && value <= 1 ? undefined : `${at} must be a probability from 0 to 1`);
const confidence = nullable(object({ p: probability, alternatives: many(object({ name: anyText, p: probability })) }));
const call = object({ name: anyText, arguments: json, check: object({ ok: boolean, problems: many(object({ code: anyText, severity, message: anyText })) }), confidence: optional(confidence) });
const expectedCheck = optional(object({ pass: boolean, errorType: nullable(anyText), message: anyText, mode: oneOf(CHECKER_MODES) }));
const timings = object({ ttftMs: nonNegative, tokensPerSecond: nonNegative, promptTokens: count, cachedPromptTokens: count, completionTokens: count, wallMs: nonNegative, loadMs: nullable(nonNegative) });
const runResult: Check = (value, at) => {
  const ok = (value as { ok?: unknown } | null)?.ok;
  if (ok === true) {
    return object({ ok: oneOf([true]), output: anyText, content: anyText, finishReason: finish, parseError: nullable(object({ message: anyText, offset: count })), calls: many(call), timings, engine: object({ kind: oneOf(['local', 'remote']), model: anyText, backend: anyText }), expectedCheck })(value, at);
  }
  return object({ ok: oneOf([false]), error: object({ code: anyText, message: anyText, action: nullable(oneOf(ACTION_IDS)) }) })(value, at);
};
const step = object({
  index: count,
  promptTokens: count,
  cachedPromptTokens: count,
  output: anyText,
  finishReason: finish,
  calls: many(call),
  toolResults: many(object({ tool: anyText, outcome: oneOf(['result', 'error', 'missing']), rule: nullable(count), content: anyText })),
  expectedCheck,
});
const compareIndex = compareIndexCheck;

const HOST_MESSAGES: Record<HostToWebviewMessage['type'], Record<string, Check | Optional>> = {
  documentState: { document: nullable(json), problems: many(object({ severity: oneOf(['error', 'warning']), message: anyText, path, line: count, column: count })), stale: boolean, toolsText: nullable(anyText), mockTexts: recordOf(anyText, L.items), fileName: anyText, text: nullable(anyText) },
  promptRendered: { format: oneOf(FORMAT_IDS), variant: anyText, blocks: many(object({ kind: oneOf(BLOCK_KINDS), text: anyText, tokens: count })), totalTokens: count, contextSize: nullable(count), approximate: boolean, counting: boolean, warnings: strings },
  toolsDiagnostics: { diagnostics: many(object({ code: anyText, message: anyText, severity, range: object({ start: position, end: position }), toolIndex: nullable(count) })) },
  runStarted: { runId, step: count, mode: oneOf(['single', 'completion']) },
  runDelta: { runId, step: count, text: anyText },
  runFinished: { runId, step: count, result: runResult },
  stepFinished: { runId, step },
  completionFinished: { runId, stop: oneOf(COMPLETION_STOPS), steps: count },
  engineState: { state: oneOf(ENGINE_STATES), engine: nullable(object({ kind: oneOf(['local', 'remote']), model: anyText, backend: anyText })), detail: nullable(anyText) },
  editRejected: { pane: oneOf(['tools', 'conversation', 'mocks', 'settings']), message: anyText },
  compareStarted: { runId, columns: integer(COMPARE_MIN_COLUMNS, COMPARE_MAX_COLUMNS), lanes: compareLanesCheck },
  compareEngineChosen: { column: compareIndex, engine: columnEngineCheck },
  compareColumnPrompt: { runId, column: compareIndex, format: oneOf(FORMAT_IDS), variant: anyText, prompt: anyText },
  compareDelta: { runId, column: compareIndex, text: anyText },
  compareColumnFinished: { runId, column: compareIndex, result: runResult },
  compareFinished: { runId },
};

/** The webview's gate for what the host posts. */
export function parseHostToWebviewMessage(value: unknown): Checked<HostToWebviewMessage> {
  return checkMessage<HostToWebviewMessage>(HOST_MESSAGES, value);
}
