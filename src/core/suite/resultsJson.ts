import { JsonNumber, JsonObject, type JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import { trialJson } from './record';
import type { TrialOutcome } from './runCases';
import { casePassed, groupByCase, type SuiteSummary } from './summary';
import { caseLowestConfidence, isLowConfidence } from './lowConfidence';

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
  out.set('engineErrors', num(s.engineErrors));
  if (s.confidence !== undefined) out.set('minConfidence', JsonNumber.fromNumber(s.confidence.threshold, true)).set('lowConfidencePasses', num(s.confidence.lowPasses.length));
  return out;
}

/** A case; with a threshold and a confidence, its lowest call confidence and whether its pass is a low-confidence one. */
function caseJson(group: readonly TrialOutcome[], minConfidence?: number): JsonObject {
  const first = group[0] as TrialOutcome;
  const passed = casePassed(group);
  const out = new JsonObject([
    ['suite', first.suiteFile],
    ['case', first.caseId],
    ['category', first.category],
    ['passed', passed],
  ]);
  const lowest = caseLowestConfidence(group);
  if (lowest !== undefined) out.set('lowestConfidence', JsonNumber.fromNumber(Number(lowest.toPrecision(3)), true));
  if (minConfidence !== undefined && passed && isLowConfidence(lowest, minConfidence)) out.set('lowConfidence', true);
  return out.set('trials', group.map(trialJson));
}

const dumps = (value: JsonValue): string => pyJsonDumps(value, { indent: 2, ensureAscii: false });

/** `--json FILE`: the summary, then every case with its trials (raw output, calls, verdict, timings). */
export function resultsJson(outcomes: readonly TrialOutcome[], summary: SuiteSummary): string {
  const threshold = summary.confidence?.threshold;
  return `${dumps(new JsonObject([['summary', summaryJson(summary)], ['cases', groupByCase(outcomes).map((group) => caseJson(group, threshold))]]))}\n`;
}

/*
 * The same bytes in pieces, for a report streamed case by case: head, then the cases (none:
 * RESULTS_NO_CASES; else the first after RESULTS_FIRST_CASE, each other after RESULTS_NEXT_CASE),
 * then the tail. A case is indented by prefixing its lines, which is safe since JSON text never
 * holds a raw newline inside a string.
 */
export function resultsHead(summary: SuiteSummary): string {
  return `{\n  "summary": ${dumps(summaryJson(summary)).replace(/\n/g, '\n  ')},\n  "cases": `;
}

export const RESULTS_NO_CASES = '[]';
export const RESULTS_FIRST_CASE = '[\n    ';
export const RESULTS_NEXT_CASE = ',\n    ';
export const RESULTS_TAIL_AFTER_CASES = '\n  ]';
export const RESULTS_TAIL = '\n}\n';

export function resultsCase(group: readonly TrialOutcome[], minConfidence?: number): string {
  return dumps(caseJson(group, minConfidence)).replace(/\n/g, '\n    ');
}
