import type { TokenStep } from '../../core/confidence/types';
import { MalformedResponseError } from './faults';
import { chatLogprobSteps, completionLogprobSteps } from './logprobs';

/*
 * Reads OpenAI-shaped responses that arrive as `unknown`: a server may send anything, and a field
 * the API promises but the body lacks is a malformed response, not a crash.
 */

/** One tool call as the server sent it: `arguments` is the server's JSON string, unparsed. */
export interface WireToolCall {
  id: string | undefined;
  name: string;
  arguments: string;
}

export interface WireUsage {
  promptTokens: number | undefined;
  completionTokens: number | undefined;
  cachedPromptTokens: number | undefined;
}

/** What a response (streamed or not) amounted to. */
export interface WireOutcome {
  text: string;
  toolCalls: WireToolCall[];
  finishReason: string | undefined;
  usage: WireUsage | undefined;
  /** Events (or 1 for a whole body) that carried choices; 0 means the server sent nothing usable. */
  events: number;
  /** Content-bearing events, the token count fallback when the server reports no usage. */
  textEvents: number;
  /** The generated tokens' logprobs, when they were asked for and the server sent them. */
  logprobs?: TokenStep[];
}

type Obj = Record<string, unknown>;

function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function readUsage(value: unknown): WireUsage | undefined {
  if (!isObj(value)) return undefined;
  const details = isObj(value.prompt_tokens_details) ? value.prompt_tokens_details : {};
  return { promptTokens: num(value.prompt_tokens), completionTokens: num(value.completion_tokens), cachedPromptTokens: num(details.cached_tokens) };
}

function firstChoice(body: unknown, what: string): Obj | undefined {
  if (!isObj(body) || !Array.isArray(body.choices)) throw new MalformedResponseError(`${what} has no "choices" list: ${preview(body)}`);
  const choice: unknown = body.choices[0];
  if (choice !== undefined && !isObj(choice)) throw new MalformedResponseError(`${what} has a choice that is not an object`);
  return choice;
}

export function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** Folds the events of one SSE stream (chat or completions) into a WireOutcome. */
export class StreamAccumulator {
  readonly outcome: WireOutcome = { text: '', toolCalls: [], finishReason: undefined, usage: undefined, events: 0, textEvents: 0 };
  // Deltas name their call by `index`; the first delta of a call carries id and name.
  private readonly callsByIndex = new Map<number, WireToolCall>();

  constructor(private readonly kind: 'chat' | 'completion') {}

  /** Adds one parsed event; returns the new text it carried ('' when none). */
  add(event: unknown): string {
    const choice = firstChoice(event, 'a stream event');
    const usage = readUsage(isObj(event) ? event.usage : undefined);
    if (usage) this.outcome.usage = usage;
    if (choice === undefined) return '';
    this.outcome.events++;
    if (typeof choice.finish_reason === 'string') this.outcome.finishReason = choice.finish_reason;
    const text = this.kind === 'chat' ? this.addDelta(choice.delta) : typeof choice.text === 'string' ? choice.text : '';
    const steps = this.kind === 'chat' ? chatLogprobSteps(choice.logprobs) : completionLogprobSteps(choice.logprobs);
    if (steps !== undefined) (this.outcome.logprobs ??= []).push(...steps);
    if (text !== '') {
      this.outcome.text += text;
      this.outcome.textEvents++;
    }
    return text;
  }

  private addDelta(delta: unknown): string {
    if (delta === undefined || delta === null) return '';
    if (!isObj(delta)) throw new MalformedResponseError(`a stream event has a "delta" that is not an object: ${preview(delta)}`);
    if (Array.isArray(delta.tool_calls)) {
      delta.tool_calls.forEach((item: unknown, position) => {
        if (!isObj(item)) throw new MalformedResponseError(`a tool_calls delta is not an object: ${preview(item)}`);
        const index = num(item.index) ?? position;
        let call = this.callsByIndex.get(index);
        if (call === undefined) {
          call = { id: undefined, name: '', arguments: '' };
          this.callsByIndex.set(index, call);
          this.outcome.toolCalls.push(call);
        }
        if (typeof item.id === 'string') call.id = item.id;
        const fn = isObj(item.function) ? item.function : {};
        if (typeof fn.name === 'string') call.name += fn.name;
        if (typeof fn.arguments === 'string') call.arguments += fn.arguments;
      });
      if (delta.tool_calls.length > 0) this.outcome.textEvents++;
    }
    return typeof delta.content === 'string' ? delta.content : '';
  }
}

/** A whole `chat.completion` body. */
export function readChatCompletion(body: unknown): WireOutcome {
  const choice = firstChoice(body, 'the response');
  if (choice === undefined) throw new MalformedResponseError('the response has an empty "choices" list');
  if (!isObj(choice.message)) throw new MalformedResponseError(`the response's choice has no "message" object: ${preview(choice)}`);
  const message = choice.message;
  const toolCalls: WireToolCall[] = [];
  if (Array.isArray(message.tool_calls)) {
    for (const item of message.tool_calls as unknown[]) {
      const fn = isObj(item) && isObj(item.function) ? item.function : undefined;
      if (!isObj(item) || fn === undefined || typeof fn.name !== 'string') throw new MalformedResponseError(`a tool call lacks function.name: ${preview(item)}`);
      const args = typeof fn.arguments === 'string' ? fn.arguments : JSON.stringify(fn.arguments ?? {});
      toolCalls.push({ id: typeof item.id === 'string' ? item.id : undefined, name: fn.name, arguments: args });
    }
  }
  const text = typeof message.content === 'string' ? message.content : '';
  const logprobs = chatLogprobSteps(choice.logprobs);
  return {
    text,
    toolCalls,
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined,
    usage: readUsage(isObj(body) ? body.usage : undefined),
    events: 1,
    textEvents: text !== '' || toolCalls.length > 0 ? 1 : 0,
    ...(logprobs !== undefined ? { logprobs } : {}),
  };
}

/** A whole `text_completion` body. */
export function readCompletion(body: unknown): WireOutcome {
  const choice = firstChoice(body, 'the response');
  if (choice === undefined || typeof choice.text !== 'string') throw new MalformedResponseError(`the response's choice has no "text": ${preview(body)}`);
  const logprobs = completionLogprobSteps(choice.logprobs);
  return {
    ...(logprobs !== undefined ? { logprobs } : {}),
    text: choice.text,
    toolCalls: [],
    finishReason: typeof choice.finish_reason === 'string' ? choice.finish_reason : undefined,
    usage: readUsage(isObj(body) ? body.usage : undefined),
    events: 1,
    textEvents: choice.text !== '' ? 1 : 0,
  };
}

/** `/v1/models` → ids. */
export function readModelList(body: unknown): string[] {
  if (!isObj(body) || !Array.isArray(body.data)) throw new MalformedResponseError(`the model list has no "data" list: ${preview(body)}`);
  return body.data.map((item: unknown) => {
    if (!isObj(item) || typeof item.id !== 'string') throw new MalformedResponseError(`a model entry has no string "id": ${preview(item)}`);
    return item.id;
  });
}
