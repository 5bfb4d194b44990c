/** One generated token as the sampler saw it: its text, its probability, and the best candidates there. */
export interface TokenStep {
  piece: string;
  /** Probability of this token at its position, in (0, 1]. */
  p: number;
  /** The most probable tokens at this position, highest first (the chosen one usually among them). */
  candidates: readonly TokenCandidate[];
}

export interface TokenCandidate {
  piece: string;
  p: number;
}

export interface NameAlternative {
  /** A tool name, or what the model would have written (`get_wether…`) when it names no tool. */
  name: string;
  p: number;
}

/**
 * How sure the model was of one call's function name: `p` is the product of the probabilities of
 * the tokens that wrote the name; `alternatives` the names the candidates at the first token where
 * names diverge lead to (empty when no candidate left the chosen name), highest first.
 */
export interface CallConfidence {
  p: number;
  alternatives: NameAlternative[];
}

/**
 * A run's confidence, asked for with `GenerateRequest.confidence`: per call in `calls` order (null
 * where the call's name could not be found in the tokens), or why there is none at all.
 */
export type RunConfidence = { calls: (CallConfidence | null)[]; unavailable?: undefined } | { unavailable: string; calls?: undefined };
