import { JsonNumber, JsonObject } from '../json/jsonValue';
import type { GenerateResult, GrammarReport } from './types';

const int = (n: number): JsonNumber => JsonNumber.fromNumber(n);

/** The tools grammar's bounds and unenforced keywords, as JSON (the CLI's --json, the run document). */
export function grammarReportJson(report: GrammarReport): JsonObject {
  const limits = new JsonObject([['maxStringChars', int(report.limits.maxStringChars)], ['maxCalls', int(report.limits.maxCalls)], ['maxItems', int(report.limits.maxItems)]]);
  const out = new JsonObject([['limits', limits], ['maxOutputChars', Number.isFinite(report.maxOutputChars) ? int(report.maxOutputChars) : null]]);
  out.set('budgetChars', int(report.budgetChars));
  out.set('tokensPerChar', int(report.tokensPerChar));
  if (report.fitsBudget !== undefined) out.set('fitsBudget', report.fitsBudget);
  out.set('dropped', report.dropped.map((d) => new JsonObject([['tool', d.tool], ['path', d.path], ['keyword', d.keyword]])));
  return out;
}

/** One line of a run's timings and how it ended (the CLI's stderr, the run output channel). */
export function timingSummary(result: GenerateResult): string {
  const t = result.timings;
  const load = t.loadMs !== undefined ? `load ${t.loadMs} ms, ` : '';
  return `${load}ttft ${t.ttftMs} ms, ${t.tokensPerSecond.toFixed(1)} tok/s, prompt ${t.promptTokens} tokens (${t.cachedPromptTokens} cached), ${t.completionTokens} generated, finish ${result.finishReason}`;
}

/**
 * What the user should know about a run, one line each: the grammar's bounds, the schema keywords
 * it did not enforce, and an answer cut off by max tokens. `maxTokensName` is how the caller's
 * user sets max tokens (`--max-tokens N`, `xlam.run.maxTokens`).
 */
export function runNotes(result: GenerateResult, maxTokens: number, maxTokensName: string): string[] {
  const notes: string[] = [];
  const g = result.grammar;
  if (g) {
    const worst = Number.isFinite(g.maxOutputChars) ? `${g.maxOutputChars} characters` : 'unbounded (recursive $ref)';
    notes.push(`grammar: strings ≤ ${g.limits.maxStringChars} chars, ≤ ${g.limits.maxCalls} calls, arrays ≤ ${g.limits.maxItems} items; longest answer ${worst}`);
    const room = g.tokensPerChar > 1 ? ` (room for ${g.budgetChars} characters: this vocabulary spells text byte by byte, up to ${g.tokensPerChar} tokens a character)` : '';
    if (g.fitsBudget === false) notes.push(`warning: the longest answer these tools allow does not fit ${maxTokensName} ${maxTokens}${room}: a long answer may be cut off`);
    for (const d of g.dropped) notes.push(`grammar: tool "${d.tool}" ${d.path}: ${d.keyword} is not enforced (the output may violate it)`);
  }
  if (result.finishReason === 'length') {
    notes.push(`warning: the output stopped at ${maxTokensName} ${maxTokens} before the model finished${result.calls.length === 0 ? '; no complete call was read' : ''}`);
  }
  return notes;
}
