import { renderRequest } from '../engine/renderRequest';
import { EngineError, type Engine, type FinishReason, type GenerateResult, type GenerateTimings } from '../engine/types';
import { InputError } from '../errors';
import type { ChatMessage } from '../messages';
import type { ParsedCall, ParseError } from '../parse/types';
import { chatMessage, type NewMessage } from './conversation';
import { matchMock, mockResultContent, type MockOutcome } from './mocks';
import type { PlaygroundRequest } from './playgroundRequest';
import type { PlaygroundMocks } from './types';

/** Steps one "Run to completion" takes at most unless told: enough for a few tool rounds, not a loop. */
export const DEFAULT_MAX_STEPS = 8;

/** One call of a step and the mock outcome that answered it. */
export interface ToolResultRecord {
  call: ParsedCall;
  outcome: MockOutcome;
  /** The tool message's text, as the model reads it. */
  content: string;
}

/** One generation of the loop, and what it added to the conversation. */
export interface CompletionStep {
  index: number;
  /** The conversation this step's prompt was rendered from. */
  messages: readonly ChatMessage[];
  prompt: string;
  promptTokens: number;
  cachedPromptTokens: number;
  output: string;
  calls: ParsedCall[];
  content: string;
  thought?: string;
  parseError?: ParseError;
  finishReason: FinishReason;
  timings: GenerateTimings;
  toolResults: ToolResultRecord[];
  /** What the step adds for the next one (the assistant turn with calls, one tool result per call); empty when it ends the loop. */
  appended: NewMessage[];
}

/**
 * Why the loop ended: `answer` (a step made no calls), `unparsed` (no calls, and the output did not
 * parse), `cut-off` (max tokens reached: a cut call list is not acted on), `step-limit`, `cancelled`,
 * or `error` (an engine or render failure, in `error`).
 */
export type CompletionStop = 'answer' | 'unparsed' | 'cut-off' | 'step-limit' | 'cancelled' | 'error';

export interface CompletionResult {
  steps: CompletionStep[];
  stop: CompletionStop;
  /** The conversation at the end: the base messages plus every step's `appended`. */
  messages: ChatMessage[];
  error?: EngineError | InputError;
}

export interface RunToCompletionOptions {
  engine: Engine;
  request: PlaygroundRequest;
  /** The conversation before step 0 (the document's messages). */
  messages: readonly ChatMessage[];
  mocks: PlaygroundMocks;
  /** Step indexes run up to, counting kept steps (default DEFAULT_MAX_STEPS). */
  maxSteps?: number;
  /**
   * Re-run from `step` of an earlier result: steps before it are kept as they were (their tool
   * results too), the conversation for `step` is `messages` plus their `appended`, and the current
   * mocks apply from `step` on. `step` may equal `steps.length` to continue after a step limit.
   */
  from?: { steps: readonly CompletionStep[]; step: number };
  signal?: AbortSignal;
  onStepStarted?: (index: number) => void;
  onText?: (index: number, chunk: string) => void;
  /** Called once per step run here (not for kept steps), before the next step starts. */
  onStep?: (step: CompletionStep) => void;
}

/**
 * Runs the conversation, answers every call from the mocks and runs again, until a step makes no
 * call or a limit is reached. A missing mock or a mock error is not a failure of the loop: the model
 * gets `{"error": …}` as that call's result, as a real tool loop would hand it a tool's failure.
 */
export async function runToCompletion(options: RunToCompletionOptions): Promise<CompletionResult> {
  const { engine, request, mocks, signal } = options;
  const maxSteps = Math.max(1, Math.floor(options.maxSteps ?? DEFAULT_MAX_STEPS));
  const start = options.from?.step ?? 0;
  const kept = options.from?.steps.slice(0, start) ?? [];
  if (!Number.isInteger(start) || start < 0 || kept.length !== start) {
    throw new RangeError(`cannot re-run from step ${start}: there are ${options.from?.steps.length ?? 0} steps`);
  }
  const steps: CompletionStep[] = [...kept];
  const messages: ChatMessage[] = [...options.messages, ...kept.flatMap((step) => step.appended.map(chatMessage))];
  const end = (stop: CompletionStop, error?: EngineError | InputError): CompletionResult => ({ steps, stop, messages, ...(error !== undefined ? { error } : {}) });
  const lastKept = kept[kept.length - 1];
  if (lastKept !== undefined && lastKept.appended.length === 0) return end(stopOf(lastKept));

  for (let index = start; index < maxSteps; index++) {
    if (signal?.aborted === true) return end('cancelled');
    options.onStepStarted?.(index);
    const conversation = [...messages];
    let prompt: string;
    let result: GenerateResult;
    try {
      prompt = renderRequest({ ...request, messages: conversation }).prompt;
      result = await engine.generate({ ...request, messages: conversation, ...(signal !== undefined ? { signal } : {}), onText: (chunk) => options.onText?.(index, chunk) });
    } catch (error) {
      if (error instanceof EngineError) return end(error.code === 'cancelled' ? 'cancelled' : 'error', error);
      if (error instanceof InputError) return end('error', error);
      throw error;
    }
    const step = stepOf(index, conversation, prompt, result);
    if (step.finishReason === 'stop' && step.calls.length > 0) {
      step.toolResults = step.calls.map((call) => {
        const outcome = matchMock(mocks, call);
        return { call, outcome, content: mockResultContent(outcome) };
      });
      step.appended = [
        { role: 'assistant', content: result.thought ?? '', calls: step.calls },
        ...step.toolResults.map((record): NewMessage => ({ role: 'tool', name: record.call.name, content: record.content })),
      ];
      messages.push(...step.appended.map(chatMessage));
    }
    steps.push(step);
    options.onStep?.(step);
    if (step.appended.length === 0) return end(stopOf(step));
  }
  return end('step-limit');
}

function stepOf(index: number, messages: readonly ChatMessage[], prompt: string, result: GenerateResult): CompletionStep {
  return {
    index,
    messages,
    prompt,
    promptTokens: result.timings.promptTokens,
    cachedPromptTokens: result.timings.cachedPromptTokens,
    output: result.text,
    calls: result.calls,
    content: result.content,
    ...(result.thought !== undefined ? { thought: result.thought } : {}),
    ...(result.parseError !== undefined ? { parseError: result.parseError } : {}),
    finishReason: result.finishReason,
    timings: result.timings,
    toolResults: [],
    appended: [],
  };
}

/** Why a step that added nothing ended the loop. */
function stopOf(step: CompletionStep): CompletionStop {
  if (step.finishReason === 'cancelled') return 'cancelled';
  if (step.finishReason === 'length') return 'cut-off';
  return step.parseError !== undefined && step.calls.length === 0 ? 'unparsed' : 'answer';
}
