import { isJsonObject, JsonObject, type JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import type { ChatMessage } from '../messages';
import type { Tool } from '../tools/tool';
import type { PromptBuilder } from './blocks';
import { pyStrip } from '../python/pyStrip';
import { messageText } from './renderSupport';
import type { BlockKind } from './types';

/**
 * What the two xLAM-2 families (Qwen ChatML and Llama 3.1 markers) and both variants (vLLM's
 * chat templates, BFCL's handlers) share, reference §5. Strings are byte-exact copies.
 */
export const X2_SYSTEM_VLLM = 'You are a helpful assistant. You are developed by Salesforce xLAM team.';
export const X2_SYSTEM_BFCL = 'You are a helpful assistant that can use tools. You are developed by Salesforce xLAM team.';
/** The GGUF cards' line, "developed by" twice (sic); [T], kept for reference, not rendered. */
export const X2_SYSTEM_GGUF = 'You are a helpful assistant that can use tools. You are developed by developed by Salesforce xLAM team.';
export const X2_FORMAT =
  'You have access to a set of tools. When using tools, make calls in a single JSON array: \n\n[{"name": "tool_call_name", "arguments": {"arg1": "value1", "arg2": "value2"}}, ... (additional parallel tool calls as needed)]\n\nIf no tool is suitable, state that explicitly. If the user\'s input lacks required parameters, ask for clarification. Do not interpret or respond until tool results are returned. Once they are available, process them or make additional calls if needed. For tasks that don\'t require tools, such as casual conversation or general advice, respond directly in plain text. The available tools are:';

/** The turn markers of one family in one variant. */
export interface Dialect {
  /** Written once at the start ("" for Qwen). */
  bos: string;
  open(role: string): string;
  /** Turn end; vLLM's Qwen template adds "\n", BFCL's handler does not. */
  close: string;
  /** The role tool results are written under. */
  toolRole: string;
}

const qwenOpen = (role: string): string => `<|im_start|>${role}\n`;
const llamaOpen = (role: string): string => `<|start_header_id|>${role}<|end_header_id|>\n\n`;

export const QWEN_VLLM: Dialect = { bos: '', open: qwenOpen, close: '<|im_end|>\n', toolRole: 'tool' };
export const QWEN_BFCL: Dialect = { bos: '', open: qwenOpen, close: '<|im_end|>', toolRole: 'tool' };
export const LLAMA: Dialect = { bos: '<|begin_of_text|>', open: llamaOpen, close: '<|eot_id|>', toolRole: 'ipython' };

/** Hugging Face's Jinja `tojson`: `json.dumps(ensure_ascii=False)`, keys unsorted, no HTML escaping. */
export function tojson(value: JsonValue, indent?: number): string {
  return pyJsonDumps(value, indent === undefined ? { ensureAscii: false } : { ensureAscii: false, indent });
}

/** Python truthiness of a JSON value (Jinja's `{% if %}` and `if x:` in the handlers). */
export function pyTruthy(value: JsonValue | undefined): boolean {
  if (value === undefined || value === null || value === false || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof JsonObject) return value.size > 0;
  if (typeof value === 'object') return value.value !== 0;
  return true;
}

/** `trim(message.content)` / `message["content"].strip()`, with Python's whitespace set. */
export function trimmedText(message: ChatMessage, index: number, warnings: string[]): string {
  return pyStrip(messageText(message, index, warnings));
}

/** The block kind of a plain turn's text. */
export function kindOfRole(role: string): BlockKind {
  if (role === 'user') return 'query';
  if (role === 'system') return 'system';
  if (role === 'assistant') return 'assistant';
  return 'toolResult';
}

/**
 * The calls of `message.tool_calls` when Python would find them truthy, else undefined. A single
 * call object instead of a list is read as one call (the templates would iterate its keys and fail).
 */
export function callsOf(message: ChatMessage, index: number, warnings: string[]): JsonValue[] | undefined {
  const value = message.toolCalls;
  if (Array.isArray(value)) return value.length > 0 ? value : undefined;
  if (isJsonObject(value) && value.size > 0) {
    warnings.push(`message ${index}: "tool_calls" is an object, not a list; it is read as one call`);
    return [value];
  }
  if (pyTruthy(value)) warnings.push(`message ${index}: "tool_calls" is neither a list nor an object and is ignored`);
  return undefined;
}

/**
 * `call.function`. A call written without the OpenAI wrapper (`{name, arguments}`) is used as is,
 * with a warning: the sources read `call.function` and would fail on it.
 */
export function callFunction(call: JsonValue, where: string, warnings: string[]): JsonObject | undefined {
  if (!isJsonObject(call)) {
    warnings.push(`${where} is not an object and is skipped`);
    return undefined;
  }
  const fn = call.get('function');
  if (isJsonObject(fn)) return fn;
  if (call.has('name')) {
    warnings.push(`${where} has no "function" object; the call itself is written in its place`);
    return call;
  }
  warnings.push(`${where} has no "function" object and is skipped`);
  return undefined;
}

/** The assistant's text is not written when the turn has calls: say so if there was any. */
export function warnContentDroppedForCalls(message: ChatMessage, index: number, warnings: string[]): void {
  if (typeof message.content === 'string' ? pyStrip(message.content) !== '' : pyTruthy(message.content)) {
    warnings.push(`message ${index} (assistant): its content is not written, because the turn has tool calls`);
  }
}

export interface SystemTurnOptions {
  /** The line written when messages[0] is not a system message. */
  defaultSystem: string;
  /** BFCL writes the format instruction even after a custom system message; vLLM does not. */
  formatAfterCustomSystem: boolean;
  /** vLLM: an empty tool list counts as `tools` = none (no format instruction, no tools). */
  toolsNone: boolean;
  toolText(tool: Tool): string;
  /** Whose rule this is, for the warning. */
  label: string;
}

/**
 * The system turn shared by every xLAM-2 variant: system line, format instruction, one JSON
 * block per tool, turn end. Returns the messages left after a leading system message.
 */
export function writeSystemTurn(
  builder: PromptBuilder,
  dialect: Dialect,
  tools: readonly Tool[],
  messages: readonly ChatMessage[],
  options: SystemTurnOptions,
  warnings: string[],
): { rest: readonly ChatMessage[]; offset: number } {
  builder.add('bos', dialect.bos).add('roleMarker', dialect.open('system'));
  const first = messages[0];
  const custom = first?.role === 'system';
  if (custom) builder.add('system', `${trimmedText(first, 0, warnings)}\n`);
  else builder.add('system', `${options.defaultSystem}\n`);
  if ((!custom || options.formatAfterCustomSystem) && !options.toolsNone) builder.add('formatInstruction', `${X2_FORMAT}\n\n`);
  else if (custom && !options.toolsNone) {
    warnings.push(
      `${options.label}: a custom system message replaces the default line and drops the format instruction, so the model is not told how to call tools (the tools are still listed); put the instruction in your system message or use the bfcl variant`,
    );
  }
  if (!options.toolsNone) for (const tool of tools) builder.add('tools', `${options.toolText(tool)}\n\n`);
  builder.add('roleMarker', dialect.close);
  return custom ? { rest: messages.slice(1), offset: 1 } : { rest: messages, offset: 0 };
}

/**
 * The body of a turn whose message has a `tool_calls` key, as both vLLM templates write it: the
 * calls in brackets joined by ", " when there are any, else the trimmed content when it is
 * truthy, else "[]\n". `callText` is the family's way of writing one call's function.
 */
export function writeCallsKeyBody(
  builder: PromptBuilder,
  message: ChatMessage,
  index: number,
  warnings: string[],
  callText: (fn: JsonObject, where: string) => string,
): void {
  const calls = callsOf(message, index, warnings);
  if (calls !== undefined) {
    warnContentDroppedForCalls(message, index, warnings);
    const parts = calls.flatMap((call, j) => {
      const where = `message ${index} call ${j}`;
      const fn = callFunction(call, where, warnings);
      return fn === undefined ? [] : [callText(fn, where)];
    });
    builder.add('toolCall', `[${parts.join(', ')}]`);
  } else if (pyTruthy(message.content)) {
    builder.add('assistant', trimmedText(message, index, warnings));
  } else {
    builder.add('toolCall', '[]\n');
  }
}

/** A plain turn: role header, stripped content, turn end. */
export function writePlainTurn(builder: PromptBuilder, dialect: Dialect, message: ChatMessage, index: number, warnings: string[]): void {
  builder.add('roleMarker', dialect.open(message.role));
  builder.add(kindOfRole(message.role), trimmedText(message, index, warnings));
  builder.add('roleMarker', dialect.close);
}
