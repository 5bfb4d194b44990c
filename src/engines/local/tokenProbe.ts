import type { TokenStep } from '../../core/confidence/types';
import type { LlamaContextSequence, LlamaModel, Token } from './llamaTypes';

/** Candidates kept per generated token: enough for the alternatives a name can have at one token. */
const CANDIDATES_KEPT = 8;

/** One generated token and the sampler's distribution there (grammar applied, zeros dropped). */
interface ProbedToken {
  token: Token;
  p: number;
  top: [Token, number][];
}

type EvaluateOptions = Parameters<LlamaContextSequence['evaluate']>[1];

/**
 * Token probabilities of the runs of one sequence. LlamaCompletion generates through its
 * sequence's `evaluate`, which yields tokens only; the completion is built on `view`, a proxy of the
 * sequence whose `evaluate`, while recording, asks `evaluateWithMetadata` for the probabilities and
 * yields the same tokens, so sampling, grammar and stop handling stay LlamaCompletion's own. Not
 * recording, `evaluate` is the sequence's: a run that asks for no confidence pays nothing.
 * (node-llama-cpp computes the whole vocabulary's distribution per token when asked: the cost.)
 */
export class TokenProbe {
  private recorded: ProbedToken[] | undefined;
  readonly view: LlamaContextSequence;

  constructor(private readonly sequence: LlamaContextSequence) {
    const evaluate = (tokens: Token[], options?: EvaluateOptions): AsyncGenerator<Token, void, void | Token | Token[]> => this.evaluate(tokens, options);
    this.view = new Proxy(sequence, {
      get: (target, property) => {
        if (property === 'evaluate' && this.recorded !== undefined) return evaluate;
        // The sequence's own getters and methods run on the sequence itself, never on the proxy.
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
      },
    });
  }

  /** Records the tokens of the next generation on this sequence. */
  start(): void {
    this.recorded = [];
  }

  /** Stops recording; the tokens recorded since `start`. */
  stop(): ProbedToken[] {
    const recorded = this.recorded ?? [];
    this.recorded = undefined;
    return recorded;
  }

  private async *evaluate(tokens: Token[], options?: EvaluateOptions): AsyncGenerator<Token, void, void | Token | Token[]> {
    const recorded = this.recorded;
    for await (const output of this.sequence.evaluateWithMetadata(tokens, { probabilities: true }, options)) {
      recorded?.push(probed(output.token, output.probabilities));
      yield output.token;
    }
  }
}

function probed(token: Token, probabilities: ReadonlyMap<Token, number>): ProbedToken {
  const top: [Token, number][] = [];
  // The map is sorted by probability, highest first.
  for (const entry of probabilities) {
    if (top.length >= CANDIDATES_KEPT || entry[1] <= 0) break;
    top.push(entry);
  }
  return { token, p: probabilities.get(token) ?? 0, top };
}

/** The recorded tokens as text pieces, each read after the tokens before it (spacing rules of the vocabulary). */
export function tokenSteps(model: LlamaModel, recorded: readonly ProbedToken[], prompt: readonly Token[]): TokenStep[] {
  const history: Token[] = prompt.slice(-4);
  return recorded.map((step) => {
    const before = history.slice(-4);
    const piece = (token: Token): string => model.detokenize([token], false, before);
    history.push(step.token);
    return { piece: piece(step.token), p: step.p, candidates: step.top.map(([token, p]) => ({ piece: piece(token), p })) };
  });
}
