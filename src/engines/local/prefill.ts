import type { LlamaContextSequence, Token } from './llamaTypes';

/**
 * Prompt evaluation in chunks, so that a cancel is seen between them.
 *
 * llama.cpp evaluates a batch in one native call that nothing can interrupt, and node-llama-cpp
 * exposes no abort callback: a 1,500-token prompt on a 1B model on 2 CPU cores is one ~10 s call.
 * Chunks sized to take about CHUNK_TARGET_MS each keep prompt speed (measured here on an
 * xLAM-1b-shaped Q4_K_M model: 96-token chunks ran at 155 tokens/s, the whole 384 at 167; 24-token
 * chunks at 110), and the caller does not even wait for the chunk in flight: a cancel resolves at
 * once and `pending` tells the engine when the context is free again.
 */
export const CHUNK_TARGET_MS = 400;
const FIRST_CHUNK = 64;
const MIN_CHUNK = 16;

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
  let chunk = Math.min(FIRST_CHUNK, maxChunk);
  while (at < target.length) {
    if (signal?.aborted) return { aborted: true };
    const piece = target.slice(at, at + chunk);
    const started = performance.now();
    const work = sequence.evaluateWithoutGeneratingNewTokens(piece);
    const first = await raceAbort(work, signal);
    if (first === 'aborted') return { aborted: true, pending: work.then(() => undefined, () => undefined) };
    const ms = Math.max(1, performance.now() - started);
    at += piece.length;
    chunk = Math.max(MIN_CHUNK, Math.min(maxChunk, Math.round((piece.length * CHUNK_TARGET_MS) / ms)));
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
