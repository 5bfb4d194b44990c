import type { OutputFamily } from '../core/formats/types';
import { isJsonObject, type JsonValue } from '../core/json/jsonValue';
import { pyJsonDumps } from '../core/json/pyJsonDumps';
import { parseOutput } from '../core/parse/parseOutput';
import { vllmExtractToolCalls } from '../core/parse/vllmXlam';
import { pyStrip } from '../core/python/pyStrip';

/**
 * How the server turns generated text into `tool_calls`:
 * - `xlam`: exactly vLLM's `xlam` tool parser (JSON lists only), what an xLAM-2 deployment does;
 * - `tolerant`: our tolerant parser, which also reads fc v1 `{"tool_calls": …}` and general v1
 *   output, which vLLM's parser never turns into calls.
 */
export type ToolParserName = 'xlam' | 'tolerant';

export interface FinalCall {
  name: string;
  /** The `function.arguments` string: json.dumps of an object (", " and ": ", ASCII), a string unchanged. */
  arguments: string;
}

export interface FinalToolCalls {
  toolsCalled: boolean;
  calls: FinalCall[];
  /** The message content: vLLM's rules (null when only calls), the whole text when no calls. */
  content: string | null;
}

export function argumentsText(args: JsonValue): string {
  return typeof args === 'string' ? args : pyJsonDumps(args);
}

/** The calls a whole output yields, as vLLM's non-streaming chat response would carry them. */
export function finalToolCalls(text: string, parser: ToolParserName, family: OutputFamily): FinalToolCalls {
  if (parser === 'xlam') {
    const extraction = vllmExtractToolCalls(text);
    if (extraction.toolsCalled) {
      return { toolsCalled: true, calls: extraction.calls.map((call) => ({ name: call.name, arguments: call.argumentsText ?? argumentsText(call.arguments) })), content: extraction.content };
    }
    // serving_chat: the parser's content when it has some, else the model's text.
    return { toolsCalled: false, calls: [], content: extraction.content ? extraction.content : text };
  }
  const parsed = parseOutput(text, family, 'tolerant');
  if (parsed.calls.length === 0) return { toolsCalled: false, calls: [], content: text };
  return { toolsCalled: true, calls: parsed.calls.map((call) => ({ name: call.name, arguments: argumentsText(call.arguments) })), content: parsed.content === '' ? null : parsed.content };
}

/**
 * Whether streamed text has turned into a tool-call block, so it must stop going out as content.
 * `xlam` follows `extract_tool_calls_streaming`'s test; `tolerant` holds back anything that
 * starts like JSON or a tagged call, since it only knows at the end.
 */
export function startsToolCalls(text: string, parser: ToolParserName): boolean {
  const stripped = pyStrip(text);
  if (parser === 'tolerant') return ['{', '[', '```', '<tool_call>', '<think>'].some((opener) => stripped.startsWith(opener));
  if (stripped.startsWith('[') || stripped.startsWith('<tool_call>') || text.includes('</think>[')) return true;
  const fenced = text.includes('```json') || text.includes('```\n[') || text.includes('[TOOL_CALLS]') || text.includes('<tool_call>');
  if (fenced && text.includes('"name"') && text.includes('"arguments"')) return true;
  // vLLM also switches when its preprocessing finds a loadable call list anywhere in the text.
  return vllmExtractToolCalls(text).toolsCalled;
}

/** `arguments` of a complete call element, or undefined when vLLM would not accept the element. */
export function elementCall(element: JsonValue): FinalCall | undefined {
  if (!isJsonObject(element) || !element.has('arguments')) return undefined;
  const name = element.get('name');
  const args = element.get('arguments') as JsonValue;
  if (typeof name !== 'string' || !(isJsonObject(args) || typeof args === 'string')) return undefined;
  return { name, arguments: argumentsText(args) };
}
