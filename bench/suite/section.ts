/**
 * One part of `npm run bench:suite`: it prints its own lines through `log` (numbers and ratios
 * measured side by side in one run) and returns the figures that go into
 * test-results/bench/suite.json under their dotted keys ("reuse.tokensRatio", …).
 */
export interface SuiteBenchSection {
  /** A short name: `npm run bench:suite -- --only NAME` runs just this part. */
  name: string;
  run(log: (line: string) => void): Promise<Record<string, number>>;
}
