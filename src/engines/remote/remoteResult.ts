import type { GenerateRequest, GenerateResult, GenerateTimings } from '../../core/engine/types';
import { outputFamily } from '../../core/formats/types';
import { parsePythonJson } from '../../core/json/parsePythonJson';
import { parseOutput } from '../../core/parse/parseOutput';
import type { ParsedCall, ParseError } from '../../core/parse/types';
import type { RemoteMode } from './remoteOptions';
import { callConfidences } from '../../core/confidence/callConfidence';
import type { RunConfidence } from '../../core/confidence/types';
import type { WireOutcome, WireToolCall } from './responseReader';

export interface Clock {
  started: number;
  /** When the first text or tool-call delta arrived; undefined for an empty answer. */
  firstTextAt: number | undefined;
  ended: number;
  /** True when the answer came in one piece, so decode time cannot be told from prompt time. */
  whole: boolean;
}

function timings(outcome: WireOutcome, clock: Clock): GenerateTimings {
  const usage = outcome.usage;
  const completionTokens = usage?.completionTokens ?? outcome.textEvents;
  const ttftMs = Math.round((clock.firstTextAt ?? clock.ended) - clock.started);
  // Streaming: the first token's time is prompt evaluation, so speed counts the tokens after it.
  // Whole answers: all we know is the total, so the figure includes prompt time (a lower bound).
  // A stream whose text came in one burst at the end (a server holding tool calls back until it
  // has parsed them) says nothing about decode speed either: count it as a whole answer.
  const burst = clock.firstTextAt !== undefined && clock.ended - clock.firstTextAt < 0.1 * (clock.ended - clock.started);
  const whole = clock.whole || outcome.textEvents < 2 || burst;
  const decodeMs = whole ? clock.ended - clock.started : clock.firstTextAt === undefined ? 0 : clock.ended - clock.firstTextAt;
  const decoded = whole ? completionTokens : completionTokens - 1;
  return {
    promptTokens: usage?.promptTokens ?? 0,
    cachedPromptTokens: usage?.cachedPromptTokens ?? 0,
    ttftMs,
    tokensPerSecond: decoded > 0 && decodeMs > 0 ? (decoded * 1000) / decodeMs : 0,
    completionTokens,
  };
}

/**
 * The server's tool calls as ours: arguments decoded with Python's json.loads rules, order kept.
 * A call whose arguments are not JSON is not a call anyone could run: it is left out, and the
 * error says what the server sent (vLLM streams a name, then says "tool_calls" even when max
 * tokens cut the arguments off).
 */
function serverCalls(toolCalls: readonly WireToolCall[], cutOff: boolean): { calls: ParsedCall[]; error?: ParseError } {
  let error: ParseError | undefined;
  const calls: ParsedCall[] = [];
  toolCalls.forEach((call, index) => {
    const parsed = parsePythonJson(call.arguments);
    if (parsed.ok) {
      calls.push({ name: call.name, arguments: parsed.value, argumentsText: call.arguments });
      return;
    }
    const shown = call.arguments.length > 80 ? `${call.arguments.slice(0, 80)}…` : call.arguments;
    const why = call.arguments === '' ? 'no arguments arrived' : `its arguments are not JSON (${parsed.message}): ${JSON.stringify(shown)}`;
    error ??= { message: `the server named call ${index} (${call.name}) but ${why}${cutOff ? '; the output was cut off at max tokens' : ''}; the call is left out`, offset: 0 };
  });
  return error ? { calls, error } : { calls };
}

/**
 * Chat mode reports what the server parsed (its tool parser, e.g. vLLM's `xlam`); `text` is the
 * message content, since the server does not return the raw output it parsed. Raw mode has the
 * raw text, read by our parser for the format's family.
 */
export function remoteResult(outcome: WireOutcome, request: GenerateRequest, mode: RemoteMode, clock: Clock): GenerateResult {
  // A server that ran out of tokens inside a call may still say "tool_calls" (vLLM streaming does).
  const maxTokens = request.sampling?.maxTokens;
  const usedAll = maxTokens !== undefined && outcome.usage?.completionTokens !== undefined && outcome.usage.completionTokens >= maxTokens;
  const finishReason = outcome.finishReason === 'length' || usedAll ? 'length' : 'stop';
  if (mode === 'raw') {
    const parsed = parseOutput(outcome.text, outputFamily(request.format));
    return {
      ...confidenceOf(outcome, request, parsed.calls),
      text: outcome.text,
      calls: parsed.calls,
      content: parsed.content,
      ...(parsed.thought !== undefined ? { thought: parsed.thought } : {}),
      ...(parsed.error ? { parseError: parsed.error } : {}),
      timings: timings(outcome, clock),
      finishReason,
    };
  }
  const { calls, error } = serverCalls(outcome.toolCalls, finishReason === 'length');
  return {
    ...confidenceOf(outcome, request, calls),
    text: outcome.text,
    calls,
    content: outcome.text,
    ...(error ? { parseError: error } : {}),
    timings: timings(outcome, clock),
    finishReason,
  };
}

/**
 * Each call's name confidence from the logprobs, read in the tokens the server generated (in chat
 * mode the raw call JSON its tool parser read); nothing when the request did not ask.
 */
function confidenceOf(outcome: WireOutcome, request: GenerateRequest, calls: readonly ParsedCall[]): { confidence?: RunConfidence } {
  if (request.confidence !== true) return {};
  if (outcome.logprobs === undefined || outcome.logprobs.length === 0) return { confidence: { unavailable: 'unavailable: the endpoint returned no logprobs' } };
  const names = calls.map((call) => call.name);
  return { confidence: { calls: callConfidences(outcome.logprobs, names, request.tools.map((tool) => tool.name)) } };
}

/** A run the caller cancelled: the text so far, parsed as far as it goes; its timings from the stream read so far. */
export function cancelledResult(text: string, request: GenerateRequest, clock: Clock, streamed: WireOutcome | undefined): GenerateResult {
  const parsed = parseOutput(text, outputFamily(request.format));
  return {
    text,
    calls: parsed.calls,
    content: parsed.content,
    ...(parsed.thought !== undefined ? { thought: parsed.thought } : {}),
    finishReason: 'cancelled',
    timings: timings(streamed ?? { text: '', toolCalls: [], finishReason: undefined, usage: undefined, events: 0, textEvents: 0 }, clock),
  };
}
