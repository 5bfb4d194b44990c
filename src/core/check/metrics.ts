/** What a run's metrics need from one scored case. */
export interface ScoredCase {
  category: string;
  valid: boolean;
  /** Function names of the possible answer (empty for irrelevance). */
  expectedNames: readonly string[];
  /** Function names the model called. */
  calledNames: readonly string[];
}

export interface CategoryAccuracy {
  category: string;
  correct: number;
  total: number;
  accuracy: number;
}

export interface ToolNameScores {
  /** Called names that match an expected name, counted as multisets per case. */
  truePositives: number;
  called: number;
  expected: number;
  /** null when undefined: nothing called (precision), nothing expected (recall), either (F1). */
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface RunMetrics {
  overall: CategoryAccuracy;
  byCategory: CategoryAccuracy[];
  toolNames: ToolNameScores;
  /** Accuracy on irrelevance cases (no call was the right answer); null without such cases. */
  irrelevance: number | null;
}

function accuracyOf(category: string, correct: number, total: number): CategoryAccuracy {
  return { category, correct, total, accuracy: total === 0 ? 0 : correct / total };
}

/** Called names that match an expected name in one case, matched as multisets. */
function namesMatched(expectedNames: readonly string[], calledNames: readonly string[]): number {
  const left = new Map<string, number>();
  for (const name of expectedNames) left.set(name, (left.get(name) ?? 0) + 1);
  let matched = 0;
  for (const name of calledNames) {
    const count = left.get(name) ?? 0;
    if (count > 0) {
      matched++;
      left.set(name, count - 1);
    }
  }
  return matched;
}

/**
 * A run's metrics counted as cases come (a replay of 100,000 cases never holds them all):
 * counts per category in first-seen order and the tool-name counts.
 */
export class MetricsTally {
  private readonly categories = new Map<string, { correct: number; total: number }>();
  private correct = 0;
  private total = 0;
  private truePositives = 0;
  private called = 0;
  private expected = 0;

  add(scored: ScoredCase): void {
    let tally = this.categories.get(scored.category);
    if (tally === undefined) this.categories.set(scored.category, (tally = { correct: 0, total: 0 }));
    tally.total++;
    this.total++;
    if (scored.valid) {
      tally.correct++;
      this.correct++;
    }
    this.truePositives += namesMatched(scored.expectedNames, scored.calledNames);
    this.called += scored.calledNames.length;
    this.expected += scored.expectedNames.length;
  }

  result(): RunMetrics {
    const irrelevant = this.categories.get('irrelevance');
    return {
      overall: accuracyOf('overall', this.correct, this.total),
      byCategory: [...this.categories].map(([category, t]) => accuracyOf(category, t.correct, t.total)),
      toolNames: this.toolNames(),
      irrelevance: irrelevant === undefined ? null : accuracyOf('irrelevance', irrelevant.correct, irrelevant.total).accuracy,
    };
  }

  private toolNames(): ToolNameScores {
    const { truePositives, called, expected } = this;
    const precision = called === 0 ? null : truePositives / called;
    const recall = expected === 0 ? null : truePositives / expected;
    const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    return { truePositives, called, expected, precision, recall, f1 };
  }
}

export function runMetrics(cases: readonly ScoredCase[]): RunMetrics {
  const tally = new MetricsTally();
  for (const scored of cases) tally.add(scored);
  return tally.result();
}

/** Accuracy per category, categories in the order they first appear. */
export function accuracyByCategory(cases: readonly ScoredCase[]): CategoryAccuracy[] {
  return runMetrics(cases).byCategory;
}

/**
 * Tool-name precision and recall over the run: per case, called and expected names are matched
 * as multisets (two expected calls of f and one call of f give one true positive).
 */
export function toolNameScores(cases: readonly ScoredCase[]): ToolNameScores {
  return runMetrics(cases).toolNames;
}
