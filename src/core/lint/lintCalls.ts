import { outputFamily } from '../formats/types';
import type { JsonValue } from '../json/jsonValue';
import { parseOutput } from '../parse/parseOutput';
import { checkCall, compareExpected, type CallSite } from './callRules';
import { readCallsEntry } from './callsEntry';
import { outputSites, writtenSite } from './callSites';
import { resolveToolsFile, toolSpecs, type ResolvedTools, type ToolsResolver } from './callsTools';
import type { Diagnostic, JsonPath, Span } from './diagnostic';
import { Locator } from './jsonTree';
import { prepareText, readTree, reportDuplicateKeys } from './readTree';
import { Reporter, type LintOptions } from './reporter';
import { stringSubSpan } from './textUtil';

interface CallsScope {
  text: string;
  rep: Reporter;
  resolve: ToolsResolver;
  /** Tools files already read in this run, by reference. */
  files: Map<string, ResolvedTools>;
}

/** `*.calls.jsonl` holds one entry per line; `*.calls.json` an array of entries (or one entry). */
export function isJsonLines(file: string): boolean {
  return /\.jsonl$/i.test(file);
}

/**
 * Lints a sample-outputs file (format: schemas/README.md). Each entry's output is parsed with its
 * format's parser and every call is checked against the entry's tools; `resolveTools` returns the
 * text of a tools file named by an entry (the caller resolves it relative to `file`). Never throws.
 */
export function lintCallsText(text: string, file: string, resolveTools: ToolsResolver, options: LintOptions = {}): Diagnostic[] {
  const rep = new Reporter(text, options);
  rep.guard({ offset: 0, length: 0 }, 'the file', () => {
    const prepared = prepareText(text, rep);
    if (prepared === undefined) return;
    const scope: CallsScope = { text: prepared, rep, resolve: resolveTools, files: new Map() };
    if (isJsonLines(file)) lintLines(scope);
    else lintDocument(scope);
  });
  return rep.finish();
}

function lintLines(scope: CallsScope): void {
  const { text, rep } = scope;
  let entries = 0;
  for (let start = 0, line = 1; start <= text.length; line++) {
    const newline = text.indexOf('\n', start);
    const next = newline < 0 ? text.length + 1 : newline + 1;
    const end = newline < 0 ? text.length : text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
    if (!/^[ \t]*$/.test(text.slice(start, end))) {
      if (rep.timeUp) {
        rep.add('lint-gave-up', { offset: start, length: 1 }, `stopped after the time budget: lines ${line} and later were not checked`);
        return;
      }
      entries++;
      const tree = readTree(text, rep, start, end, `line ${line}`);
      if (tree !== undefined) {
        reportDuplicateKeys(tree, rep);
        const loc = new Locator(tree);
        rep.guard(tree.span, `line ${line}`, () => lintEntry(scope, tree.value, tree.span, [], loc));
      }
    }
    start = next;
  }
  if (entries === 0) rep.add('file-empty', { offset: 0, length: 0 }, 'the calls file has no entries (one JSON object per line)');
}

function lintDocument(scope: CallsScope): void {
  const tree = readTree(scope.text, scope.rep, 0, scope.text.length, 'the calls file');
  if (tree === undefined) return;
  reportDuplicateKeys(tree, scope.rep);
  const loc = new Locator(tree);
  const value = tree.value;
  if (!Array.isArray(value)) {
    lintEntry(scope, value, tree.span, [], loc);
    return;
  }
  for (let index = 0; index < value.length; index++) {
    const span = loc.item(value, index);
    if (scope.rep.timeUp) {
      scope.rep.add('lint-gave-up', span, `stopped after the time budget: entries ${index} to ${value.length - 1} were not checked`);
      return;
    }
    scope.rep.guard(span, `entry ${index}`, () => lintEntry(scope, value[index] ?? null, span, [index], loc));
  }
}

function lintEntry(scope: CallsScope, value: JsonValue, span: Span | undefined, base: JsonPath, loc: Locator): void {
  const { rep, text } = scope;
  const entry = readCallsEntry(value, span, base, loc, rep);
  if (entry === undefined) return;
  const toolsSpan = loc.value(entry.obj, 'tools');
  let tools: ResolvedTools;
  if (typeof entry.tools === 'string') {
    const ref = entry.tools;
    tools = scope.files.get(ref) ?? resolveToolsFile(ref, scope.resolve);
    scope.files.set(ref, tools);
  } else {
    tools = toolSpecs(entry.tools, text, loc);
  }
  if (tools.problem !== undefined) {
    rep.add(tools.unresolved ? 'calls-tools-unresolved' : 'calls-tools-invalid', toolsSpan, tools.problem, { path: [...base, 'tools'] });
    if (tools.specs.size === 0) return;
  }

  let sites: CallSite[];
  const fallback = loc.key(entry.obj, entry.output !== undefined ? 'output' : 'calls');
  if (entry.output !== undefined) {
    const outputSpan = loc.value(entry.obj, 'output');
    const result = parseOutput(entry.output, outputFamily(entry.format), entry.parser);
    if (result.error !== undefined) {
      const at = result.error.offset;
      const where = outputSpan === undefined ? fallback : stringSubSpan(text, outputSpan, at, at + 1);
      rep.add('output-parse-error', where, `${entry.parser === 'vllm' ? "vLLM's xlam parser" : 'the tolerant parser'} (${entry.format}): ${result.error.message}`, { path: [...base, 'output'] });
    } else if (result.calls.length === 0) {
      rep.add('output-no-calls', fallback, `the output has no calls${entry.parser === 'vllm' ? " vLLM's xlam parser accepts" : ''}: it is a plain-text answer`, { path: [...base, 'output'] });
    }
    sites = outputSites(text, outputSpan, entry.output, result.calls, fallback);
  } else {
    sites = (entry.calls ?? []).map((call) => writtenSite(call, loc));
  }
  for (const site of sites) checkCall(rep, site, tools.specs);
  if (entry.expected !== undefined) compareExpected(rep, sites, entry.expected, entry.ordered, fallback);
}
