/**
 * Function-calling lint: rules for tools files and sample-output (calls) files. Pure: callers
 * hand texts (and a resolver for tools files named by calls files) and get Diagnostics back.
 * Never throws on any input; bounded in time (`LintOptions.budgetMs`).
 *
 * For an editor: lint on open and on (debounced) change with the document URI as `file`; show
 * `RULES[code].doc` in hovers; offer quick fixes from `data` and `relatedPath` (a JSON path for
 * jsonc-parser's `modify`; in `.calls.jsonl` it is relative to the line):
 *
 *   data.fix             rule                        edit
 *   remove-required      required-unknown            delete `required[index]` ({name, index})
 *   add-required         required-absent, required-unlisted   add `names` to `required` (or add
 *                                                    `"required": names` next to `properties`)
 *   add-description      tool-/param-description-missing   add `"description": ""` at relatedPath
 *   replace-type         type-nonstandard            replace the type name `from` by `to` ('any': drop "type")
 *   rename-key           tool-key-typo               rename key `from` to `to`
 *   add-wrapper-type     tool-shape                  add `"type": "function"` to the wrapper
 *   rename-call          call-unknown-function       rename the call `from` to the tool `to`
 *   rename-argument      call-unexpected-arg         rename argument `from` to the parameter `to`
 *   add-argument         call-missing-arg            add argument `name` to the call
 */
import type { ToolsResolver } from './callsTools';
import type { Diagnostic } from './diagnostic';
import { lintCallsText } from './lintCalls';
import { lintSuiteText } from './lintSuite';
import { lintToolsText } from './lintTools';
import type { LintOptions } from './reporter';

export { ajvStats } from './ajvCache';
export type { ToolsResolver } from './callsTools';
export type { Diagnostic, FixData, JsonPath, Position, Range, Severity } from './diagnostic';
export { isJsonLines, lintCallsText } from './lintCalls';
export { lintSuiteText } from './lintSuite';
export { clearLintCaches, lintToolsText } from './lintTools';
export type { LintOptions } from './reporter';
export { RULE_CODES, RULES, type RuleCode, type RuleInfo } from './rules';

export type LintKind = 'tools' | 'calls' | 'suite';

/** Which linter a file name calls for: `*.calls.json(l)` → calls, `*.tools.json` → tools, `*.fctest.json` → suite. */
export function lintKind(file: string): LintKind | undefined {
  if (/\.calls\.jsonl?$/i.test(file)) return 'calls';
  if (/\.fctest\.json$/i.test(file)) return 'suite';
  if (/\.tools\.json$/i.test(file)) return 'tools';
  return undefined;
}

/** Lints a file as `kind` (default: by its name; other names are linted as tools files). */
export function lintText(text: string, file: string, resolveTools: ToolsResolver, options: LintOptions & { kind?: LintKind } = {}): Diagnostic[] {
  const kind = options.kind ?? lintKind(file) ?? 'tools';
  if (kind === 'suite') return lintSuiteText(text, file, resolveTools, options);
  return kind === 'calls' ? lintCallsText(text, file, resolveTools, options) : lintToolsText(text, file, options);
}
