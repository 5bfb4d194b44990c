import type { OutputFamily } from '../core/formats/types';
import type { JsonObject } from '../core/json/jsonValue';
import { rawDecode } from '../core/json/parsePythonJson';
import { elementCall, finalToolCalls, startsToolCalls, type FinalCall, type ToolParserName } from './serverToolParser';
import { contentDelta, toolArgumentsDelta, toolCallId, toolNameDelta } from './vllmWire';

/** One element of the call list as far as it has been generated. */
interface Element {
  start: number;
  name: string | undefined;
  /** Undefined while the element's closing brace has not arrived. */
  end: number | undefined;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && /\s/.test(text.charAt(at))) at++;
  return at;
}

/** Where the JSON list of calls opens: at the start, or after the first fence or tag. */
function listStart(text: string): number {
  const lead = skipSpace(text, 0);
  if (text.startsWith('[', lead) && !text.startsWith('[TOOL_CALLS]', lead)) return lead;
  let opener = -1;
  let after = -1;
  for (const tag of ['<tool_call>', '[TOOL_CALLS]', '```', '</think>']) {
    const at = text.indexOf(tag);
    if (at >= 0 && (opener < 0 || at < opener)) [opener, after] = [at, at + tag.length];
  }
  return opener < 0 ? -1 : text.indexOf('[', after);
}

function stringEnd(text: string, quote: number): number {
  for (let i = quote + 1; i < text.length; i++) {
    if (text[i] === '\\') i++;
    else if (text[i] === '"') return i;
  }
  return -1;
}

/** Scans one object element: its end, and its top-level `"name"` once that string is complete. */
function scanElement(text: string, start: number): Element {
  let depth = 0;
  let expect: 'key' | 'value' = 'key';
  let key: string | undefined;
  let name: string | undefined;
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      const close = stringEnd(text, i);
      if (close < 0) break;
      if (depth === 1) {
        let value = text.slice(i + 1, close);
        try {
          value = JSON.parse(text.slice(i, close + 1)) as string;
        } catch {
          // An escape JSON.parse rejects: keep the raw text; the final parse decides anyway.
        }
        if (expect === 'key') key = value;
        else if (key === 'name') name = value;
      }
      i = close;
    } else if (c === '{' || c === '[') depth++;
    else if (c === '}' || c === ']') {
      if (--depth === 0) return { start, name, end: i + 1 };
    } else if (depth === 1 && c === ':') expect = 'value';
    else if (depth === 1 && c === ',') expect = 'key';
  }
  return { start, name, end: undefined };
}

/** The list's elements so far; scanning stops at the first incomplete one. */
function scanElements(text: string): Element[] {
  const open = listStart(text);
  if (open < 0) return [];
  const elements: Element[] = [];
  for (let at = skipSpace(text, open + 1); text[at] === '{'; ) {
    const element = scanElement(text, at);
    elements.push(element);
    if (element.end === undefined) break;
    at = skipSpace(text, element.end);
    if (text[at] !== ',') break;
    at = skipSpace(text, at + 1);
  }
  return elements;
}

interface SentCall {
  index: number;
  argumentsSent: boolean;
}

/**
 * Turns streamed text into chat-chunk deltas the way vLLM's `xlam` streaming parser does: content
 * until the text becomes a call block, then per call a delta with id, type, index and name, one
 * with arguments `{`, one with the rest of the arguments. Differences from vLLM (on purpose):
 * a call's name is read from the element itself (vLLM's regex also takes a `"name"` key inside the
 * arguments for a new call), the arguments sent are the non-streaming response's string, so both
 * paths agree, and a held-back block that turns out not to be calls is sent as content at the end
 * (vLLM drops it).
 */
export class ToolCallStream {
  private text = '';
  private held = '';
  private inCalls = false;
  private readonly sent: SentCall[] = [];

  constructor(
    private readonly parser: ToolParserName,
    private readonly family: OutputFamily,
  ) {}

  get toolsStreamed(): boolean {
    return this.sent.length > 0;
  }

  get inToolBlock(): boolean {
    return this.inCalls;
  }

  push(chunk: string): JsonObject[] {
    this.text += chunk;
    if (!this.inCalls && !startsToolCalls(this.text, this.parser)) return chunk === '' ? [] : [contentDelta(chunk)];
    this.inCalls = true;
    this.held += chunk;
    return this.parser === 'xlam' ? this.ready() : [];
  }

  /** Deltas still owed once generation has ended, and whether the response carries calls. */
  finish(): { deltas: JsonObject[]; toolsCalled: boolean } {
    const final = finalToolCalls(this.text, this.parser, this.family);
    const deltas: JsonObject[] = [];
    if (final.toolsCalled) {
      final.calls.forEach((call, k) => {
        const sent = this.sent[k] ?? this.sendName(call.name, deltas);
        if (!sent.argumentsSent) this.sendArguments(sent, call, deltas);
      });
    } else if (this.held !== '' && this.sent.length === 0) {
      deltas.push(contentDelta(this.held));
    }
    return { deltas, toolsCalled: final.toolsCalled || this.sent.length > 0 };
  }

  /** Names of elements whose name is complete, arguments of elements that are complete, in order. */
  private ready(): JsonObject[] {
    const deltas: JsonObject[] = [];
    const elements = scanElements(this.text);
    for (let k = 0; k < elements.length; k++) {
      const element = elements[k] as Element;
      let sent = this.sent[k];
      if (sent === undefined) {
        if (element.name === undefined) break;
        sent = this.sendName(element.name, deltas);
      }
      if (sent.argumentsSent) continue;
      if (element.end === undefined) break;
      const decoded = rawDecode(this.text, element.start);
      const call = decoded.ok ? elementCall(decoded.value) : undefined;
      // Not a call vLLM would accept: leave it to finish(), which applies the full parser.
      if (call === undefined) break;
      this.sendArguments(sent, call, deltas);
    }
    return deltas;
  }

  private sendName(name: string, deltas: JsonObject[]): SentCall {
    const sent: SentCall = { index: this.sent.length, argumentsSent: false };
    this.sent.push(sent);
    deltas.push(toolNameDelta(sent.index, toolCallId(sent.index), name));
    return sent;
  }

  private sendArguments(sent: SentCall, call: FinalCall, deltas: JsonObject[]): void {
    sent.argumentsSent = true;
    if (call.arguments.startsWith('{') && call.arguments.length > 1) {
      deltas.push(toolArgumentsDelta(sent.index, '{'), toolArgumentsDelta(sent.index, call.arguments.slice(1)));
    } else {
      deltas.push(toolArgumentsDelta(sent.index, call.arguments));
    }
  }
}
