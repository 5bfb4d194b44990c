import type { LlamaContextSequence, Token } from './llamaTypes';

/**
 * Prompt evaluation in chunks, so that a cancel is seen between them.
 *
 * llama.cpp evaluates a batch in one native call that nothing can interrupt, and node-llama-cpp
 * exposes no abort callback: a 1,500-token prompt on a 1B model on 2 CPU cores is ~10 s of native
 * work. The caller does not wait for the chunk in flight (a cancel returns at once; `pending`
 * tells the engine when the context is free again), so the chunk size only bounds how long the
 * CPU stays busy after a cancel. Small chunks cost prompt speed, and aiming chunks at a time
 * spirals down (each call has a fixed cost, so slower chunks get smaller and slower still):
 * measured here on an xLAM-1b-shaped Q4_K_M model, 1,280 tokens ran at 152 tokens/s in 512-token
 * calls, 150 in 256, 143 in 128, 135 in 64, and a 400 ms target ended in 15-token chunks at 37.
 */
export const PREFILL_CHUNK = 256;

export interface PrefillOutcome {
  aborted: boolean;
  /** Set when aborted mid-chunk: the native work still running, to wait for before the next run. */
  pending?: Promise<void>;
}

/**
 * Brings the sequence to `tokens` minus the last one (the completion evaluates that one and
 * generates from it), reusing the prefix the sequence already holds.
 */
export async function prefillPrompt(sequence: LlamaContextSequence, tokens: readonly Token[], signal: AbortSignal | undefined, maxChunk: number): Promise<PrefillOutcome> {
  const target = tokens.slice(0, -1);
  // A prompt that does not fit the context is the completion's to shift or reject, as before.
  if (target.length >= sequence.context.contextSize) return { aborted: false };
  await sequence.adaptStateToTokens(target, false);
  let at = sequence.nextTokenIndex;
  const chunk = Math.max(1, Math.min(PREFILL_CHUNK, maxChunk));
  while (at < target.length) {
    if (signal?.aborted) return { aborted: true };
    const piece = target.slice(at, at + chunk);
    const work = sequence.evaluateWithoutGeneratingNewTokens(piece);
    const first = await raceAbort(work, signal);
    if (first === 'aborted') return { aborted: true, pending: work.then(() => undefined, () => undefined) };
    at += piece.length;
  }
  return { aborted: false };
}

/** Whichever comes first: the work, or the signal's abort. */
function raceAbort(work: Promise<unknown>, signal: AbortSignal | undefined): Promise<'done' | 'aborted'> {
  if (signal === undefined) return work.then(() => 'done' as const);
  return new Promise((resolve, reject) => {
    const onAbort = (): void => resolve('aborted');
    signal.addEventListener('abort', onAbort, { once: true });
    work.then(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve('done');
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error instanceof Error ? error : new Error(String(error)));
      },
    );
  });
}
