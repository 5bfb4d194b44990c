import { PY_NESTING_LIMIT } from '../json/parsePythonJson';
import { clearAjvCache } from './ajvCache';
import { LineIndex, type Diagnostic, type Span } from './diagnostic';
import { Locator, parseJsonTree, type JsonTree } from './jsonTree';
import { prepareText, readTree, reportDuplicateKeys } from './readTree';
import { Reporter, type LintOptions, type RawDiagnostic } from './reporter';
import { lintTool, type ToolSummary } from './toolRules';
import { editedSnapshot, forgetSnapshots, rememberSnapshot } from './toolsSession';

/**
 * Lints the text of a `*.tools.json` file: a JSON array of tools in any of the three shapes
 * (plain, OpenAI-wrapped, xlam-60k flat). Never throws, on any text; bounded in time by
 * `options.budgetMs` (a `lint-gave-up` diagnostic says where it stopped).
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
    const spans = snapshot?.spans ?? arrayElements(prepared);
    const linted = spans === undefined ? undefined : lintElements(prepared, spans, rep, options, snapshot?.results);
    if (linted === undefined || spans === undefined) {
      lintWhole(prepared, rep, options);
      return;
    }
    linted.items.forEach((item) => rep.addRaw(item));
    lines = snapshot?.lines ?? new LineIndex(prepared);
    if (file !== undefined) rememberSnapshot(file, { text: prepared, spans, lines, results: linted.results });
  });
  return rep.finish(lines);
}

/** Forgets cached per-tool results and ajv validators (tests; the bench's cold runs). */
export function clearLintCaches(): void {
  toolCache.clear();
  cachedChars = 0;
  forgetSnapshots();
  clearAjvCache();
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
  lintElements(text, spans, rep, options)?.items.forEach((item) => rep.addRaw(item));
}

/** Per-tool results (cached by text), re-based, plus duplicate names; undefined if an element does not parse. */
function lintElements(
  text: string,
  spans: readonly Span[],
  rep: Reporter,
  options: LintOptions,
  known?: ReadonlyArray<CachedTool | undefined>,
): { items: RawDiagnostic[]; results: CachedTool[] } | undefined {
  const out: RawDiagnostic[] = [];
  const results: CachedTool[] = [];
  const firstByName = new Map<string, number>();
  const fcV1 = options.format === undefined || options.format === 'fc-v1';
  for (let index = 0; index < spans.length; index++) {
    const span = spans[index] as Span;
    let result: CachedTool | 'unparsable' | 'time-up' | undefined = known?.[index];
    if (result === undefined) {
      const key = text.slice(span.offset, span.offset + span.length);
      result = toolCache.get(key) ?? lintFresh(text, span, key, rep);
      if (result === 'unparsable') return undefined;
      if (result === 'time-up') {
        out.push({ code: 'lint-gave-up', message: `stopped after the time budget: tools ${index} to ${spans.length - 1} were not checked`, span: { offset: span.offset, length: 1 } });
        break;
      }
    }
    results.push(result);
    for (const d of result.diags) {
      if (d.code === 'fc-v1-loss' && !fcV1) continue;
      const item: RawDiagnostic = { code: d.code, message: d.message, span: { offset: d.span.offset + span.offset, length: d.span.length }, pathBase: index };
      if (d.data !== undefined) item.data = d.data;
      if (d.relatedPath !== undefined) item.relatedPath = d.relatedPath;
      out.push(item);
    }
    const { name, nameSpan, namePath } = result.summary;
    if (name === undefined) continue;
    const first = firstByName.get(name);
    if (first === undefined) firstByName.set(name, index);
    else {
      out.push({
        code: 'tool-name-duplicate',
        message: `tool name "${name}" is already used by tool ${first}`,
        span: nameSpan === undefined ? { offset: span.offset, length: 1 } : { offset: nameSpan.offset + span.offset, length: nameSpan.length },
        relatedPath: [index, ...(namePath ?? [])],
      });
    }
  }
  return { items: out, results };
}

/** Parses and lints one element whose text is not cached; caches the result. */
function lintFresh(text: string, span: Span, key: string, rep: Reporter): CachedTool | 'unparsable' | 'time-up' {
  if (rep.timeUp) return 'time-up';
  const parsed = parseJsonTree(text, span.offset, span.offset + span.length, PY_NESTING_LIMIT - 1);
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
  const diags = local.raw().map((d) => ({ ...d, span: { offset: d.span.offset - base, length: d.span.length } }));
  if (summary.nameSpan !== undefined) summary = { ...summary, nameSpan: { offset: summary.nameSpan.offset - base, length: summary.nameSpan.length } };
  return { diags, summary };
}

/** Index of the quote closing the string that opens at `open` (text.length if unterminated). */
function stringEnd(text: string, open: number): number {
  for (let at = text.indexOf('"', open + 1); ; at = text.indexOf('"', at + 1)) {
    if (at < 0) return text.length;
    let backslashes = 0;
    while (text.charCodeAt(at - 1 - backslashes) === 92) backslashes++;
    if (backslashes % 2 === 0) return at;
  }
}

/**
 * The index just past the container opening at `open`, found by jumping between brackets and
 * quotes with indexOf (native, much faster than visiting every character of a large file).
 */
export function containerEnd(text: string, open: number): number {
  const next = (ch: string, from: number) => {
    const at = text.indexOf(ch, from);
    return at < 0 ? Infinity : at;
  };
  let quote = next('"', open);
  let openers = Math.min(next('{', open + 1), next('[', open + 1));
  let closers = Math.min(next('}', open), next(']', open));
  let depth = 1;
  for (;;) {
    const at = Math.min(quote, openers, closers);
    if (at === Infinity) return text.length;
    if (at === quote) {
      const end = stringEnd(text, at);
      if (end >= text.length) return text.length;
      quote = next('"', end + 1);
      if (openers < end) openers = Math.min(next('{', end + 1), next('[', end + 1));
      if (closers < end) closers = Math.min(next('}', end + 1), next(']', end + 1));
    } else if (at === openers) {
      depth++;
      openers = Math.min(next('{', at + 1), next('[', at + 1));
    } else {
      if (--depth === 0) return at + 1;
      closers = Math.min(next('}', at + 1), next(']', at + 1));
    }
  }
}

const isWs = (c: number) => c === 32 || c === 10 || c === 13 || c === 9;

function skipWs(text: string, at: number): number {
  while (at < text.length && isWs(text.charCodeAt(at))) at++;
  return at;
}

/**
 * Splits `[a, b, …]` into the spans of its elements by bracket matching (strings skipped), without
 * building values. Undefined when the text is not shaped like an array; each element is parsed
 * (and so validated) separately unless its exact text was linted before.
 */
export function arrayElements(text: string): Span[] | undefined {
  let i = skipWs(text, 0);
  if (text.charCodeAt(i) !== 91) return undefined;
  i = skipWs(text, i + 1);
  const spans: Span[] = [];
  if (text.charCodeAt(i) === 93) return skipWs(text, i + 1) === text.length ? spans : undefined;
  for (;;) {
    const start = i;
    const first = text.charCodeAt(i);
    if (first === 123 || first === 91) {
      i = containerEnd(text, i);
    } else {
      // A primitive (not a tool, but still an element): up to the next , or ] outside strings.
      for (; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 34) i = stringEnd(text, i);
        else if (c === 44 || c === 93) break;
      }
    }
    let end = i;
    while (end > start && isWs(text.charCodeAt(end - 1))) end--;
    if (end === start) return undefined;
    spans.push({ offset: start, length: end - start });
    i = skipWs(text, i);
    const c = text.charCodeAt(i);
    if (c === 44) i = skipWs(text, i + 1);
    else if (c === 93) return skipWs(text, i + 1) === text.length ? spans : undefined;
    else return undefined;
  }
}
