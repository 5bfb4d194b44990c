import { MAX_JSON_DEPTH } from '../json/jsonDepth';
import { clearAjvCache } from './ajvCache';
import { LineIndex, type Diagnostic, type Span } from './diagnostic';
import { Locator, parseJsonTree, type JsonTree } from './jsonTree';
import { prepareText, readTree, reportDuplicateKeys } from './readTree';
import { Reporter, type LintOptions, type RawDiagnostic } from './reporter';
import { clearRegexVerdicts } from './schemaRules';
import { arrayElements, containerEnd } from './splitArray';
import { lintTool, type ToolSummary } from './toolRules';
import { editedSnapshot, forgetSnapshots, rememberSnapshot } from './toolsSession';

/**
 * Lints the text of a `*.tools.json` file: a JSON array of tools in any of the three shapes
 * (plain, OpenAI-wrapped, xlam-60k flat). Never throws, on any text; bounded in time by
 * `options.budgetMs` (a `lint-gave-up` diagnostic says where it stopped), splitting included.
 *
 * Each tool's results are cached by its exact text, and ajv's work by schema hash, so re-linting
 * after an edit parses and checks only the tools that changed. `file` (any stable id, e.g. the
 * document URI) only keys a snapshot that lets the next lint of that file after an edit inside
 * one tool skip re-splitting the file; the diagnostics are the same with or without it.
 */
export function lintToolsText(text: string, file?: string, options: LintOptions = {}): Diagnostic[] {
  const rep = new Reporter(text, options);
  let lines: LineIndex | undefined;
  rep.guard({ offset: 0, length: 0 }, 'the file', () => {
    const prepared = prepareText(text, rep);
    if (prepared === undefined) return;
    const snapshot = file === undefined ? undefined : editedSnapshot<CachedTool>(file, prepared, containerEnd);
    const split = snapshot === undefined ? arrayElements(prepared, () => rep.timeUp) : { spans: snapshot.spans };
    const spans = split?.spans;
    const stoppedAt = split !== undefined && 'stoppedAt' in split ? split.stoppedAt : undefined;
    const linted = spans === undefined ? undefined : lintElements(prepared, spans, rep, options, snapshot?.results, stoppedAt !== undefined);
    if (linted === undefined || spans === undefined) {
      lintWhole(prepared, rep, options);
      return;
    }
    linted.items.forEach((item) => rep.addRaw(item));
    rep.drop(linted.dropped);
    if (stoppedAt !== undefined) {
      // Splitting ran out of time: what follows was not even split into tools.
      if (!linted.stopped) rep.add('lint-gave-up', { offset: stoppedAt, length: 1 }, `stopped after the time budget while splitting the file: tools ${spans.length} and later were not checked`);
      return;
    }
    lines = snapshot?.lines ?? new LineIndex(prepared);
    if (file !== undefined && !linted.stopped) rememberSnapshot(file, { text: prepared, spans, lines, results: linted.results });
  });
  return rep.finish(lines);
}

/** Forgets cached per-tool results and ajv validators (tests; the bench's cold runs). */
export function clearLintCaches(): void {
  toolCache.clear();
  cachedChars = 0;
  forgetSnapshots();
  clearAjvCache();
  clearRegexVerdicts();
}

interface CachedTool {
  /** Spans relative to the tool's first character, paths relative to the tool. */
  diags: RawDiagnostic[];
  summary: ToolSummary;
}

const MAX_CACHED_CHARS = 16 * 1024 * 1024;
const toolCache = new Map<string, CachedTool>();
let cachedChars = 0;

function remember(key: string, value: CachedTool): void {
  toolCache.set(key, value);
  cachedChars += key.length;
  if (cachedChars <= MAX_CACHED_CHARS) return; // no iterator per tool
  for (const [oldest] of toolCache) {
    if (cachedChars <= MAX_CACHED_CHARS) break;
    toolCache.delete(oldest);
    cachedChars -= oldest.length;
  }
}

/** The file did not split into elements that each parse: the whole-document reader says why. */
function lintWhole(text: string, rep: Reporter, options: LintOptions): void {
  const tree = readTree(text, rep, 0, text.length, 'the tools file');
  if (tree === undefined) return;
  const tools = tree.value;
  if (!Array.isArray(tools)) {
    const loc = new Locator(tree);
    rep.add('tools-not-array', typeof tools === 'object' && tools !== null ? loc.head(tools) : tree.span, 'a tools file must be a JSON array of tools');
    return;
  }
  const loc = new Locator(tree);
  const spans = tools.map((_, i) => loc.item(tools, i) as Span);
  const linted = lintElements(text, spans, rep, options);
  linted?.items.forEach((item) => rep.addRaw(item));
  rep.drop(linted?.dropped ?? 0);
}

/** Elements handled between two looks at the clock (cached ones cost little, but add up). */
const CHECK_EVERY = 1024;

interface Linted {
  items: RawDiagnostic[];
  /** Diagnostics past what the reporter keeps (counted, not kept: a file of 3M `{}`). */
  dropped: number;
  results: CachedTool[];
  /** The time budget ran out before every element was checked (a lint-gave-up is in items). */
  stopped: boolean;
}

/**
 * Per-tool results (cached by text), re-based, plus duplicate names; undefined if an element does
 * not parse. `partial`: the spans are only the first elements (the split ran out of time).
 */
function lintElements(text: string, spans: readonly Span[], rep: Reporter, options: LintOptions, known?: ReadonlyArray<CachedTool | undefined>, partial = false): Linted | undefined {
  const out: RawDiagnostic[] = [];
  let dropped = 0;
  const push = (item: RawDiagnostic) => {
    if (out.length < rep.capacity) out.push(item);
    else dropped++;
  };
  const results: CachedTool[] = [];
  const firstByName = new Map<string, number>();
  const fcV1 = options.format === undefined || options.format === 'fc-v1';
  let stopped = false;
  for (let index = 0; index < spans.length; index++) {
    const span = spans[index] as Span;
    let result: CachedTool | 'unparsable' | 'time-up' | undefined = known?.[index];
    if (index % CHECK_EVERY === CHECK_EVERY - 1 && rep.timeUp) result = 'time-up';
    else if (result === undefined) {
      const key = text.slice(span.offset, span.offset + span.length);
      result = toolCache.get(key) ?? lintFresh(text, span, key, rep);
      if (result === 'unparsable') return undefined;
    }
    if (result === 'time-up') {
      const rest = partial ? `tools ${index} and later` : `tools ${index} to ${spans.length - 1}`;
      out.push({ code: 'lint-gave-up', message: `stopped after the time budget: ${rest} were not checked`, span: { offset: span.offset, length: 1 } });
      stopped = true;
      break;
    }
    results.push(result);
    const diags = result.diags;
    for (let i = 0; i < diags.length; i++) {
      const d = diags[i] as RawDiagnostic;
      if (d.code === 'fc-v1-loss' && !fcV1) continue;
      const item: RawDiagnostic = { code: d.code, message: d.message, span: { offset: d.span.offset + span.offset, length: d.span.length }, pathBase: index };
      if (d.data !== undefined) item.data = d.data;
      if (d.relatedPath !== undefined) item.relatedPath = d.relatedPath;
      push(item);
    }
    const { name, nameSpan, namePath } = result.summary;
    if (name === undefined) continue;
    const first = firstByName.get(name);
    if (first === undefined) firstByName.set(name, index);
    else {
      push({
        code: 'tool-name-duplicate',
        message: `tool name "${name}" is already used by tool ${first}`,
        span: nameSpan === undefined ? { offset: span.offset, length: 1 } : { offset: nameSpan.offset + span.offset, length: nameSpan.length },
        relatedPath: [index, ...(namePath ?? [])],
      });
    }
  }
  return { items: out, dropped, results, stopped };
}

/** Parses and lints one element whose text is not cached; caches the result. */
function lintFresh(text: string, span: Span, key: string, rep: Reporter): CachedTool | 'unparsable' | 'time-up' {
  if (rep.timeUp) return 'time-up';
  const parsed = parseJsonTree(text, span.offset, span.offset + span.length, MAX_JSON_DEPTH - 1);
  if (!parsed.ok) return 'unparsable';
  const result = lintOne(text, parsed.tree, span);
  remember(key, result);
  return result;
}

function lintOne(text: string, tree: JsonTree, span: Span): CachedTool {
  const local = new Reporter(text, { maxDiagnostics: Infinity, budgetMs: Infinity });
  reportDuplicateKeys(tree, local);
  let summary: ToolSummary = {};
  local.guard(span, 'this tool', () => {
    summary = lintTool({ text, rep: local, loc: new Locator(tree) }, tree.value, span);
  });
  const base = span.offset;
  // The local reporter's items are this tool's alone: re-based where they are, not copied.
  const diags = local.raw() as RawDiagnostic[];
  for (const d of diags) d.span = { offset: d.span.offset - base, length: d.span.length };
  if (summary.nameSpan !== undefined) summary = { ...summary, nameSpan: { offset: summary.nameSpan.offset - base, length: summary.nameSpan.length } };
  return { diags, summary };
}

