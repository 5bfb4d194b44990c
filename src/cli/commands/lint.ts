import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { FORMAT_IDS } from '../../core/formats/types';
import { lintText, RULES, type Diagnostic, type LintKind } from '../../core/lint';
import { choiceOption, parseArgs, UsageError } from '../args';
import type { CliIo } from '../io';

export const LINT_HELP = `Usage: xlam-lab lint [--json] [--format FORMAT] [--kind tools|calls|suite] [--] FILE...

Checks tools files (*.tools.json: a JSON array of tools) and sample outputs
(*.calls.jsonl / *.calls.json, see schemas/README.md) and test suites
(*.fctest.json: expected calls against their tools) for function-calling
problems, and prints one line per diagnostic:
  file:line:col severity code message
(1-based line and column). Exit 1 if any error, else 0 (warnings and infos do
not fail); 2 for usage errors. A calls file names its tools file relative to
itself.

  --json     print {"diagnostics":[…],"summary":{…}} instead of lines
  --format   the format the tools target: fc-v1 losses are only reported for
             fc-v1 (default: reported)
  --kind     lint every FILE as tools, calls or suite (default: by file name; other
             names are linted as tools files)
  --rules    list the rule codes with their severity and doc, and exit
  --         end of options: every later argument is a FILE (even "--json")
`;

interface FileResult {
  file: string;
  diagnostics: Diagnostic[];
  /** Set when the file could not be read. */
  error?: string;
}

export function runLint(argv: readonly string[], io: CliIo): number {
  // `--` ends the options (POSIX): files named like options can still be linted.
  const end = argv.indexOf('--');
  const args = parseArgs(end < 0 ? argv : argv.slice(0, end), { values: ['format', 'kind'], flags: ['help', 'json', 'rules'] });
  if (end >= 0) args.positionals.push(...argv.slice(end + 1));
  if (args.options.has('help')) {
    io.stdout(LINT_HELP);
    return 0;
  }
  if (args.options.has('rules')) {
    for (const [code, rule] of Object.entries(RULES)) io.stdout(`${code} ${rule.severity} ${rule.doc}\n`);
    return 0;
  }
  const format = choiceOption(args, 'format', FORMAT_IDS);
  const kind = choiceOption<LintKind>(args, 'kind', ['tools', 'calls', 'suite']);
  if (args.positionals.length === 0) throw new UsageError('give at least one FILE to lint');

  const results = args.positionals.map((file) => lintFile(file, { ...(format ? { format } : {}), ...(kind ? { kind } : {}) }));
  const summary = { error: 0, warning: 0, info: 0, unreadable: 0 };
  for (const result of results) {
    if (result.error !== undefined) summary.unreadable++;
    for (const d of result.diagnostics) summary[d.severity]++;
  }
  if (args.options.has('json')) {
    const diagnostics = results.flatMap((r) => r.diagnostics.map((d) => ({ file: r.file, ...d })));
    const unreadable = results.filter((r) => r.error !== undefined).map((r) => ({ file: r.file, message: r.error }));
    io.stdout(`${JSON.stringify({ diagnostics, unreadable, summary })}\n`);
  } else {
    for (const result of results) {
      if (result.error !== undefined) io.stderr(`${result.file}: ${result.error}\n`);
      for (const d of result.diagnostics) {
        io.stdout(`${result.file}:${d.range.start.line}:${d.range.start.column} ${d.severity} ${d.code} ${d.message.replace(/[\r\n]+/g, ' ')}\n`);
      }
    }
    io.stderr(`${summary.error} errors, ${summary.warning} warnings, ${summary.info} infos in ${results.length} files\n`);
  }
  return summary.error > 0 || summary.unreadable > 0 ? 1 : 0;
}

function lintFile(file: string, options: { format?: (typeof FORMAT_IDS)[number]; kind?: LintKind }): FileResult {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { file, diagnostics: [], error: code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : `cannot read (${code ?? String(error)})` };
  }
  const base = dirname(resolve(file));
  const resolveTools = (ref: string): string | undefined => {
    try {
      return readFileSync(resolve(base, ref), 'utf8');
    } catch {
      return undefined;
    }
  };
  return { file, diagnostics: lintText(text, resolve(file), resolveTools, options) };
}
