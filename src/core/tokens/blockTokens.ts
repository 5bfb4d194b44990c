/** A model's tokenizer: text → token ids (special-token text such as `<|im_start|>` read as the special token). */
export type Tokenizer = (text: string) => readonly number[];

export interface BlockTokenCounts {
  /** Per block, in block order; they add up to `total`. */
  blocks: number[];
  /** Tokens of the whole prompt, tokenized once: exactly what the model evaluates. */
  total: number;
  /** True when the per-block counts are apportioned or estimated rather than exact. */
  approximate: boolean;
}

/**
 * Token counts per prompt block. Tokens of a concatenation are not the sum of its parts' tokens
 * (BPE merges across a boundary: `"\n" + "\n"` may be one token, `"]\n\n[BEGIN"` splits differently
 * from its halves), so the total is the whole prompt tokenized once, and each block's share is its
 * own tokenization scaled to that total (largest remainders, so the shares sum to it exactly). When
 * the blocks' own counts already sum to the total the counts are reported exact; the per-block split
 * of a merged boundary token is then still a choice, but no count is invented.
 */
export function countBlockTokens(blocks: ReadonlyArray<{ text: string }>, tokenize: Tokenizer): BlockTokenCounts {
  const own = blocks.map((block) => (block.text === '' ? 0 : tokenize(block.text).length));
  const total = tokenize(blocks.map((block) => block.text).join('')).length;
  const sum = own.reduce((a, b) => a + b, 0);
  if (sum === total) return { blocks: own, total, approximate: false };
  return { blocks: apportion(own, total), total, approximate: true };
}

/** Rough counts when no tokenizer is at hand (no model loaded): about four characters a token. */
export function estimateBlockTokens(blocks: ReadonlyArray<{ text: string }>): BlockTokenCounts {
  const estimate = (text: string): number => Math.ceil(text.length / 4);
  const total = estimate(blocks.map((block) => block.text).join(''));
  return { blocks: apportion(blocks.map((block) => block.text.length), total), total, approximate: true };
}

/** Integer shares of `total` proportional to `weights` (Hamilton's largest-remainder method). */
export function apportion(weights: readonly number[], total: number): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (weights.length === 0) return [];
  if (sum === 0) return weights.map((_, i) => (i === 0 ? total : 0));
  const ideal = weights.map((w) => (w * total) / sum);
  const shares = ideal.map(Math.floor);
  let left = total - shares.reduce((a, b) => a + b, 0);
  const order = ideal.map((x, i) => ({ i, rest: x - Math.floor(x) })).sort((a, b) => b.rest - a.rest || a.i - b.i);
  for (const { i } of order) {
    if (left <= 0) break;
    shares[i] = (shares[i] as number) + 1;
    left--;
  }
  return shares;
}
