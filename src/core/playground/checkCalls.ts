import type { FormatId } from '../formats/types';
import { JsonObject } from '../json/jsonValue';
import { compactJson } from '../json/pyJsonDumps';
import { lintCallsText, type RuleCode, type Severity } from '../lint';
import type { Tool } from '../tools/tool';
import type { MockCall } from './mocks';

export interface CallProblem {
  code: RuleCode;
  severity: Severity;
  message: string;
}

/** One parsed call checked against the tools by the lint's call rules (BFCL types, enums, schema constraints). */
export interface CallCheck {
  ok: boolean;
  problems: CallProblem[];
}

/**
 * Checks a run's calls against its tools with exactly the rules of a `*.calls.json` entry, so the
 * Run pane's table and the sample-output lint never disagree. The calls go into one synthetic entry
 * with each call on a line of its own: a diagnostic's line says which call it is about. Problems
 * with the tools themselves (which the Tools pane shows) apply to no call.
 */
export function checkCalls(tools: readonly Tool[], format: FormatId, calls: readonly MockCall[]): CallCheck[] {
  const head = compactJson(new JsonObject([['tools', tools.map((tool) => tool.plain)], ['format', format]])).slice(0, -1);
  const lines = calls.map((call, i) => `${compactJson(new JsonObject([['name', call.name], ['arguments', call.arguments]]))}${i < calls.length - 1 ? ',' : ''}`);
  const text = `${head},"calls":[\n${lines.join('\n')}\n]}`;
  const checks: CallCheck[] = calls.map(() => ({ ok: true, problems: [] }));
  for (const diagnostic of lintCallsText(text, 'playground.calls.json', () => undefined)) {
    const check = checks[diagnostic.range.start.line - 2];
    if (check === undefined) continue;
    check.problems.push({ code: diagnostic.code, severity: diagnostic.severity, message: diagnostic.message });
    if (diagnostic.severity === 'error') check.ok = false;
  }
  return checks;
}
