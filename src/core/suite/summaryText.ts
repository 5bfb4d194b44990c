import type { SuiteSummary } from './summary';

const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** The summary table the CLI prints after a run (and the Test Explorer logs). */
export function summaryText(summary: SuiteSummary): string {
  const rows = [...summary.metrics.byCategory, summary.metrics.overall];
  const width = Math.max(12, ...rows.map((row) => row.category.length));
  const lines = [`${'category'.padEnd(width)}  correct  total  accuracy`];
  for (const row of rows) {
    if (row === summary.metrics.overall) lines.push('-'.repeat(width + 27));
    lines.push(`${row.category.padEnd(width)}  ${String(row.correct).padStart(7)}  ${String(row.total).padStart(5)}  ${pct(row.accuracy).padStart(8)}`);
  }
  const t = summary.metrics.toolNames;
  lines.push(`tool names: precision ${pct(t.precision)}, recall ${pct(t.recall)}, F1 ${pct(t.f1)} (${t.truePositives} right of ${t.called} called, ${t.expected} expected)`);
  if (summary.metrics.irrelevance !== null) lines.push(`irrelevance accuracy: ${pct(summary.metrics.irrelevance)}`);
  if (summary.passK !== undefined) {
    const k = summary.passK.k;
    lines.push(`pass@${k}: ${pct(summary.passK.passAtK)}   pass^${k}: ${pct(summary.passK.passHatK)} (all ${k} trials passed in ${pct(summary.passK.allKCorrect)} of cases)`);
  }
  lines.push(`cases: ${summary.passedCases} passed, ${summary.failedCases} failed of ${summary.cases}${summary.trials > 1 ? ` (a case passes when all ${summary.trials} trials pass)` : ''}${summary.engineErrors > 0 ? `; ${summary.engineErrors} engine errors` : ''}`);
  if (summary.confidence !== undefined) {
    const { threshold, lowPasses } = summary.confidence;
    const shown = lowPasses.slice(0, 10).map((low) => `${low.caseId} (${Number(low.lowest.toPrecision(3))})`);
    const more = lowPasses.length > shown.length ? `, … ${lowPasses.length - shown.length} more` : '';
    lines.push(`low-confidence passes (a call's name under ${threshold}): ${lowPasses.length}${shown.length > 0 ? `: ${shown.join(', ')}${more}` : ''}`);
  }
  lines.push(`tokens: ${summary.promptTokens} prompt (${summary.cachedPromptTokens} reused from the previous case), ${summary.completionTokens} generated, ${summary.tokensPerSecond.toFixed(1)} tok/s`);
  return `${lines.join('\n')}\n`;
}
