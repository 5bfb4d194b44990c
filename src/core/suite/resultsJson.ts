import { JsonNumber, JsonObject, type JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import { trialJson } from './record';
import type { TrialOutcome } from './runCases';
import { casePassed, groupByCase, type SuiteSummary } from './summary';

const num = (n: number | null): JsonValue => (n === null ? null : JsonNumber.fromNumber(n));

function summaryJson(s: SuiteSummary): JsonObject {
  const m = s.metrics;
  const categories = m.byCategory.map((c) => new JsonObject([['category', c.category], ['correct', num(c.correct)], ['total', num(c.total)], ['accuracy', num(c.accuracy)]]));
  const t = m.toolNames;
  const out = new JsonObject([
    ['cases', num(s.cases)],
    ['passed', num(s.passedCases)],
    ['failed', num(s.failedCases)],
    ['trials', num(s.trials)],
    ['accuracy', num(m.overall.accuracy)],
    ['byCategory', categories],
    ['toolNames', new JsonObject([['precision', num(t.precision)], ['recall', num(t.recall)], ['f1', num(t.f1)], ['truePositives', num(t.truePositives)], ['called', num(t.called)], ['expected', num(t.expected)]])],
    ['irrelevance', num(m.irrelevance)],
  ]);
  if (s.passK !== undefined) out.set('passAtK', num(s.passK.passAtK)).set('passHatK', num(s.passK.passHatK)).set('allKCorrect', num(s.passK.allKCorrect));
  out.set('promptTokens', num(s.promptTokens)).set('cachedPromptTokens', num(s.cachedPromptTokens)).set('completionTokens', num(s.completionTokens));
  return out.set('engineErrors', num(s.engineErrors));
}

/** `--json FILE`: the summary, then every case with its trials (raw output, calls, verdict, timings). */
export function resultsJson(outcomes: readonly TrialOutcome[], summary: SuiteSummary): string {
  const cases = groupByCase(outcomes).map((group) => {
    const first = group[0] as TrialOutcome;
    return new JsonObject([
      ['suite', first.suiteFile],
      ['case', first.caseId],
      ['category', first.category],
      ['passed', casePassed(group)],
      ['trials', group.map(trialJson)],
    ]);
  });
  return `${pyJsonDumps(new JsonObject([['summary', summaryJson(summary)], ['cases', cases]]), { indent: 2, ensureAscii: false })}\n`;
}
