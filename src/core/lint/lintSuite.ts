import { InputError } from '../errors';
import { isJsonObject, JsonObject } from '../json/jsonValue';
import { readSuite } from '../suite/readSuite';
import { checkCall, type CallSite } from './callRules';
import { resolveToolsFile, toolSpecs, type ResolvedTools, type ToolsResolver } from './callsTools';
import { deepest, writtenSite } from './callSites';
import type { Diagnostic, JsonPath, Span } from './diagnostic';
import { Locator, type JsonTree } from './jsonTree';
import { prepareText, readTree, reportDuplicateKeys } from './readTree';
import { Reporter, type LintOptions } from './reporter';

/**
 * Lints a test suite (`*.fctest.json`): its shape as `xlam-lab test` reads it (`suite-invalid`,
 * the first problem), and every expected call against its case's tools with the calls rules
 * (unknown function, missing required, wrong type, enum, constraints), located. An `accept` call
 * has each acceptable value checked; `""` (may be left out) is not a value. Never throws.
 */
export function lintSuiteText(text: string, file: string, resolveTools: ToolsResolver, options: LintOptions = {}): Diagnostic[] {
  const rep = new Reporter(text, options);
  rep.guard({ offset: 0, length: 0 }, 'the file', () => {
    const prepared = prepareText(text, rep);
    if (prepared === undefined) return;
    const tree = readTree(prepared, rep);
    if (tree === undefined) return;
    reportDuplicateKeys(tree, rep);
    const loc = new Locator(tree);
    const anchors = new Set<number>();
    const toolsProblems = checkExpectedCalls(prepared, tree, loc, resolveTools, rep, anchors);
    reportShape(prepared, file, tree, loc, resolveTools, rep, anchors, toolsProblems);
  });
  return rep.finish();
}

function reportShape(text: string, file: string, tree: JsonTree, loc: Locator, resolveTools: ToolsResolver, rep: Reporter, anchors: ReadonlySet<number>, toolsProblems: number): void {
  try {
    readSuite(text, file, (ref) => {
      const found = resolveTools(ref);
      return found === undefined ? undefined : { text: found, file: ref };
    });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    // A problem inside a named tools file is that file's (lint it); here it points at the reference.
    const inThisFile = error.location === undefined || error.location.file === file;
    if (!inThisFile && toolsProblems > 0) return; // reported at the reference as calls-tools-*
    const path: JsonPath = inThisFile ? [...(error.path ?? [])] : ['tools'];
    const span = spanAtPath(loc, tree, path) ?? { offset: error.location?.offset ?? 0, length: 1 };
    if (anchors.has(span.offset)) return; // the calls rules said it already, more precisely
    rep.add('suite-invalid', span, inThisFile ? error.message : `${error.location?.file ?? 'the tools file'}: ${error.describe()}`, { path });
  }
}

/** The span of the deepest node on `path` that exists. */
function spanAtPath(loc: Locator, tree: JsonTree, path: readonly (string | number)[]): Span | undefined {
  if (path.length === 0) return loc.head(tree.value as object) ?? tree.span;
  return deepest(loc, tree.value, path.map(String));
}

/** Returns how many tools references had a problem (reported at the reference). */
function checkExpectedCalls(text: string, tree: JsonTree, loc: Locator, resolveTools: ToolsResolver, rep: Reporter, anchors: Set<number>): number {
  const root = tree.value;
  if (!isJsonObject(root)) return 0;
  const files = new Map<string, ResolvedTools>();
  let problems = 0;
  const toolsOf = (owner: JsonObject, path: JsonPath): ResolvedTools | undefined => {
    const value = owner.get('tools');
    let tools: ResolvedTools | undefined;
    if (typeof value === 'string') {
      tools = files.get(value) ?? resolveToolsFile(value, resolveTools);
      files.set(value, tools);
    } else if (Array.isArray(value)) tools = toolSpecs(value, text, loc);
    if (tools?.problem !== undefined) {
      problems++;
      const span = loc.value(owner, 'tools');
      if (span !== undefined) anchors.add(span.offset);
      rep.add(tools.unresolved === true ? 'calls-tools-unresolved' : 'calls-tools-invalid', span, tools.problem, { path: [...path, 'tools'] });
    }
    return tools;
  };
  const suiteTools = toolsOf(root, []);
  const cases = root.get('cases');
  if (!Array.isArray(cases)) return problems;
  cases.forEach((item, index) => {
    if (!isJsonObject(item)) return;
    const tools = item.has('tools') ? toolsOf(item, ['cases', index]) : suiteTools;
    const expect = item.get('expect');
    const calls = isJsonObject(expect) ? expect.get('calls') : undefined;
    if (tools === undefined || tools.specs.size === 0 || !Array.isArray(calls)) return;
    calls.forEach((call, i) => {
      const name = isJsonObject(call) ? call.get('name') : undefined;
      if (!isJsonObject(call) || typeof name !== 'string') return;
      const path: JsonPath = ['cases', index, 'expect', 'calls', i];
      const span = loc.item(calls, i);
      const accept = call.get('accept');
      if (isJsonObject(accept)) checkAccept(text, loc, rep, anchors, tools, { name, item: call, accept, span, path });
      else {
        const site = writtenSite({ name, args: call.get('arguments') ?? new JsonObject(), item: call, span, path }, loc);
        report(rep, anchors, (sub) => checkCall(sub, site, tools.specs), text);
      }
    });
  });
  return problems;
}

interface AcceptCall {
  name: string;
  item: JsonObject;
  accept: JsonObject;
  span: Span | undefined;
  path: JsonPath;
}

/**
 * Each acceptable value in turn, in a call that holds the first acceptable value of every other
 * parameter (omitted when that is `""`); the same problem found twice is reported once.
 */
function checkAccept(text: string, loc: Locator, rep: Reporter, anchors: Set<number>, tools: ResolvedTools, call: AcceptCall): void {
  const first = new JsonObject();
  for (const [param, values] of call.accept.entries()) {
    const value = Array.isArray(values) ? values.find((v) => v !== '') : undefined;
    if (value !== undefined) first.set(param, value);
  }
  const sites: CallSite[] = [acceptSite(loc, call, first, new Map())];
  for (const [param, values] of call.accept.entries()) {
    if (!Array.isArray(values)) continue;
    values.forEach((value, index) => {
      if (value === '' || value === first.get(param)) return;
      const args = new JsonObject(first.entries()).set(param, value);
      sites.push(acceptSite(loc, call, args, new Map([[param, index]])));
    });
  }
  report(rep, anchors, (sub) => sites.forEach((site) => checkCall(sub, site, tools.specs)), text);
}

function acceptSite(loc: Locator, call: AcceptCall, args: JsonObject, chosen: ReadonlyMap<string, number>): CallSite {
  const valueSpan = (key: string): Span | undefined => {
    const values = call.accept.get(key);
    if (!Array.isArray(values)) return loc.value(call.accept, key);
    const index = chosen.get(key) ?? values.findIndex((v) => v !== '');
    return index < 0 ? loc.value(call.accept, key) : loc.item(values, index);
  };
  return {
    name: call.name,
    args,
    anchor: loc.value(call.item, 'name') ?? call.span,
    argsSpan: loc.value(call.item, 'accept'),
    argKey: (key) => loc.key(call.accept, key),
    argValue: valueSpan,
    argAt: (path) => valueSpan(path[0] ?? ''),
    path: call.path,
  };
}

/** Runs the checks on a reporter of their own and keeps each distinct problem once. */
function report(rep: Reporter, anchors: Set<number>, check: (sub: Reporter) => void, text: string): void {
  const sub = new Reporter(text);
  check(sub);
  const seen = new Set<string>();
  for (const item of sub.raw()) {
    const key = `${item.code}:${item.span.offset}:${item.span.length}:${item.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    anchors.add(item.span.offset);
    rep.addRaw(item);
  }
}
