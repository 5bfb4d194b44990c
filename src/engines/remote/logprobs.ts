import type { TokenCandidate, TokenStep } from '../../core/confidence/types';

/*
 * OpenAI-shaped logprobs as token steps. Chat: `choice.logprobs.content` is a list of
 * {token, logprob, top_logprobs: [{token, logprob}]}; completions: `choice.logprobs` holds parallel
 * lists `tokens`, `token_logprobs` and `top_logprobs` ({token: logprob} maps). A server may send
 * anything: a part that is not this shape is no logprobs (undefined), never a failed run.
 */

type Obj = Record<string, unknown>;

const isObj = (value: unknown): value is Obj => typeof value === 'object' && value !== null && !Array.isArray(value);

/** exp(logprob), or undefined for what is not a finite number (`-inf` is sent as null by some servers). */
function probability(logprob: unknown): number | undefined {
  return typeof logprob === 'number' && Number.isFinite(logprob) ? Math.min(1, Math.exp(logprob)) : undefined;
}

function chatCandidate(value: unknown): TokenCandidate | undefined {
  if (!isObj(value) || typeof value.token !== 'string') return undefined;
  const p = probability(value.logprob);
  return p === undefined ? undefined : { piece: value.token, p };
}

/** A chat choice's `logprobs` (a whole body's, or one stream event's part of it). */
export function chatLogprobSteps(logprobs: unknown): TokenStep[] | undefined {
  if (!isObj(logprobs) || !Array.isArray(logprobs.content)) return undefined;
  const steps: TokenStep[] = [];
  for (const item of logprobs.content as unknown[]) {
    const own = chatCandidate(item);
    if (own === undefined || !isObj(item)) return undefined;
    const top = Array.isArray(item.top_logprobs) ? (item.top_logprobs as unknown[]).map(chatCandidate).filter((c): c is TokenCandidate => c !== undefined) : [];
    steps.push({ piece: own.piece, p: own.p, candidates: withChosen(top, own) });
  }
  return steps;
}

/** A completions choice's `logprobs`. */
export function completionLogprobSteps(logprobs: unknown): TokenStep[] | undefined {
  if (!isObj(logprobs) || !Array.isArray(logprobs.tokens) || !Array.isArray(logprobs.token_logprobs)) return undefined;
  const tops = Array.isArray(logprobs.top_logprobs) ? (logprobs.top_logprobs as unknown[]) : [];
  const steps: TokenStep[] = [];
  for (const [i, token] of (logprobs.tokens as unknown[]).entries()) {
    const p = probability((logprobs.token_logprobs as unknown[])[i]);
    if (typeof token !== 'string' || p === undefined) return undefined;
    const top = tops[i];
    const candidates = isObj(top)
      ? Object.entries(top)
          .map(([piece, logprob]) => ({ piece, p: probability(logprob) }))
          .filter((c): c is TokenCandidate => c.p !== undefined)
          .sort((a, b) => b.p - a.p)
      : [];
    steps.push({ piece: token, p, candidates: withChosen(candidates, { piece: token, p }) });
  }
  return steps;
}

/** The top list may leave out the sampled token (a warm sampler's unlikely pick): it is a candidate too. */
function withChosen(top: TokenCandidate[], own: TokenCandidate): TokenCandidate[] {
  return top.some((c) => c.piece === own.piece) ? top : [...top, own];
}
