import { callConfidences, nameTokenIndices } from '../../core/confidence/callConfidence';
import type { RunConfidence, TokenStep } from '../../core/confidence/types';
import type { SamplingOptions } from '../../core/engine/types';
import type { LlamaContextSequence, LlamaModel, Token } from './llamaTypes';

/** Candidates kept per name token: the most probable, until they hold this much of the mass… */
const CANDIDATE_MASS = 0.9999;
/** …or this many. */
const MAX_CANDIDATES = 64;

export interface ScoredRun {
  sequence: LlamaContextSequence;
  model: LlamaModel;
  /** The prompt as the sequence holds it (BOS included). */
  evaluated: readonly Token[];
  /** The tokens the run generated, in order. */
  generated: readonly Token[];
  names: readonly string[];
  toolNames: readonly string[];
  sampling: SamplingOptions;
  /** The run had the tools grammar: renormalise over what keeps to a tool name (callConfidences). */
  toolsOnly: boolean;
}

/**
 * Each call's name confidence, read after the run instead of during it: asking node-llama-cpp
 * for probabilities while generating builds the whole vocabulary's distribution for every token
 * (7× slower decoding with a 32k or 152k vocabulary, bench/confidence.bench.ts); here only the
 * name tokens are scored. The sequence's cache is cut back to just before the first name token
 * and the tokens from there to the last name token evaluated again in one batch, asking for the
 * distribution at each name token (see readOptions for which distribution that is).
 */
export async function nameProbabilities(run: ScoredRun): Promise<RunConfidence> {
  const { sequence, model, evaluated, generated } = run;
  const pieces = piecesOf(model, generated, evaluated);
  const perCall = nameTokenIndices(pieces, run.names);
  const wanted = new Set(perCall.flatMap((indices) => indices ?? []));
  if (wanted.size === 0) return { calls: run.names.map(() => null) };
  const first = Math.min(...wanted);
  const last = Math.max(...wanted);
  const all = [...evaluated, ...generated];
  // The distribution at generated token i comes from evaluating the token before it.
  const from = evaluated.length + first - 1;
  const held = sequence.contextTokens;
  if (from < 0 || held.length < from || held.slice(0, from).some((token, i) => token !== all[i])) {
    return { unavailable: 'unavailable: the context was shifted during the run' };
  }
  await sequence.eraseContextTokenRanges([{ start: from, end: sequence.nextTokenIndex }]);
  const options = readOptions(run);
  const input = all.slice(from, evaluated.length + last).map((token, j) => (wanted.has(first + j) ? ([token, { generateNext: { probabilities: true, options } }] as [Token, { generateNext: { probabilities: boolean; options: typeof options } }]) : token));
  const results = await sequence.controlledEvaluate(input);
  const steps: TokenStep[] = pieces.map((piece) => ({ piece, p: 1, candidates: [] }));
  for (const index of wanted) {
    const distribution = results[index - first]?.next.probabilities;
    const token = generated[index];
    if (distribution === undefined || token === undefined) continue;
    steps[index] = { piece: pieces[index] ?? '', p: distribution.get(token) ?? 0, candidates: candidatesOf(distribution, token, run.toolsOnly).map(([t, p]) => ({ piece: model.detokenize([t], false, all.slice(Math.max(0, evaluated.length + index - 4), evaluated.length + index)), p })) };
  }
  return { calls: callConfidences(steps, run.names, run.toolNames, { toolsOnly: run.toolsOnly }) };
}

/** Tokens read per name token: a real model's name tokens sit far above this rank. */
const TOP_K_READ = 1024;

/**
 * How the distributions are read. node-llama-cpp hands over every token the sampler chain keeps,
 * and turning 152k of them into a Map costs ~0.1 s a token, so a top-k cut always applies: free
 * decoding's own (node-llama-cpp's default 40 and top-p), or TOP_K_READ under the grammar, whose
 * mask comes before the cuts (renormalising over what the tools allow is `toolsOnly`'s part). A
 * greedy run has no distribution of its own: its tokens are read at temperature 1, the model's
 * plain softmax (greedy mode would skip the top-k cut and hand over the whole vocabulary).
 */
function readOptions(run: ScoredRun): { temperature: number; topK: number; topP: number; minP: number } {
  const temperature = run.sampling.temperature ?? 0;
  if (temperature <= 0) return { temperature: 1, topK: TOP_K_READ, topP: 1, minP: 0 };
  return run.toolsOnly ? { temperature, topK: TOP_K_READ, topP: 1, minP: 0 } : { temperature, topK: 40, topP: run.sampling.topP ?? 0.95, minP: 0 };
}

/** Each generated token's text, read after the tokens before it (the vocabulary's spacing rules). */
function piecesOf(model: LlamaModel, generated: readonly Token[], evaluated: readonly Token[]): string[] {
  const history = [...evaluated.slice(-4)];
  return generated.map((token) => {
    const piece = model.detokenize([token], false, history.slice(-4));
    history.push(token);
    return piece;
  });
}

/**
 * The most probable tokens (the map is sorted, highest first), and the chosen one whatever its
 * rank. Under the grammar every token read is kept: renormalising needs all the ones the tools
 * allow, and a weak model may rank them anywhere in the top-k read.
 */
function candidatesOf(distribution: ReadonlyMap<Token, number>, chosen: Token, all: boolean): [Token, number][] {
  const top: [Token, number][] = [];
  let mass = 0;
  for (const entry of distribution) {
    if (entry[1] <= 0 || (!all && (top.length >= MAX_CANDIDATES || mass >= CANDIDATE_MASS))) break;
    top.push(entry);
    mass += entry[1];
  }
  // Past the top-k read its probability is unknown (0): callConfidences then gives that call none.
  if (!top.some(([token]) => token === chosen)) top.push([chosen, distribution.get(chosen) ?? 0]);
  return top;
}
