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

function accuracyOf(category: string, cases: readonly ScoredCase[]): CategoryAccuracy {
  const correct = cases.filter((c) => c.valid).length;
  return { category, correct, total: cases.length, accuracy: cases.length === 0 ? 0 : correct / cases.length };
}

/** Accuracy per category, categories in the order they first appear. */
export function accuracyByCategory(cases: readonly ScoredCase[]): CategoryAccuracy[] {
  const groups = new Map<string, ScoredCase[]>();
  for (const scored of cases) {
    const group = groups.get(scored.category);
    if (group === undefined) groups.set(scored.category, [scored]);
    else group.push(scored);
  }
  return [...groups].map(([category, group]) => accuracyOf(category, group));
}

/**
 * Tool-name precision and recall over the run: per case, called and expected names are matched
 * as multisets (two expected calls of f and one call of f give one true positive).
 */
export function toolNameScores(cases: readonly ScoredCase[]): ToolNameScores {
  let truePositives = 0;
  let called = 0;
  let expected = 0;
  for (const scored of cases) {
    const left = new Map<string, number>();
    for (const name of scored.expectedNames) left.set(name, (left.get(name) ?? 0) + 1);
    for (const name of scored.calledNames) {
      const count = left.get(name) ?? 0;
      if (count > 0) {
        truePositives++;
        left.set(name, count - 1);
      }
    }
    called += scored.calledNames.length;
    expected += scored.expectedNames.length;
  }
  const precision = called === 0 ? null : truePositives / called;
  const recall = expected === 0 ? null : truePositives / expected;
  const f1 = precision === null || recall === null ? null : precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
  return { truePositives, called, expected, precision, recall, f1 };
}

export function runMetrics(cases: readonly ScoredCase[]): RunMetrics {
  const irrelevant = cases.filter((c) => c.category === 'irrelevance');
  return {
    overall: accuracyOf('overall', cases),
    byCategory: accuracyByCategory(cases),
    toolNames: toolNameScores(cases),
    irrelevance: irrelevant.length === 0 ? null : accuracyOf('irrelevance', irrelevant).accuracy,
  };
}
