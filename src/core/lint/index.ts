/**
 * Function-calling lint: rules for tools files and sample-output (calls) files. Pure: callers
 * hand texts (and a resolver for tools files named by calls files) and get Diagnostics back.
 */
import type { ToolsResolver } from './callsTools';
import type { Diagnostic } from './diagnostic';
import { lintCallsText } from './lintCalls';
import { lintToolsText } from './lintTools';
import type { LintOptions } from './reporter';

export { ajvStats } from './ajvCache';
export type { ToolsResolver } from './callsTools';
export type { Diagnostic, FixData, JsonPath, Position, Range, Severity } from './diagnostic';
export { isJsonLines, lintCallsText } from './lintCalls';
export { clearLintCaches, lintToolsText } from './lintTools';
export type { LintOptions } from './reporter';
export { RULE_CODES, RULES, type RuleCode, type RuleInfo } from './rules';

export type LintKind = 'tools' | 'calls';

/** Which linter a file name calls for: `*.calls.json(l)` → calls, `*.tools.json` → tools. */
export function lintKind(file: string): LintKind | undefined {
  if (/\.calls\.jsonl?$/i.test(file)) return 'calls';
  if (/\.tools\.json$/i.test(file)) return 'tools';
  return undefined;
}

/** Lints a file as `kind` (default: by its name; other names are linted as tools files). */
export function lintText(text: string, file: string, resolveTools: ToolsResolver, options: LintOptions & { kind?: LintKind } = {}): Diagnostic[] {
  const kind = options.kind ?? lintKind(file) ?? 'tools';
  return kind === 'calls' ? lintCallsText(text, file, resolveTools, options) : lintToolsText(text, file, options);
}
