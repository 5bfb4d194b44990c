import { DEFAULT_MAX_TOKENS } from '../engine/types';
import { InputError } from '../errors';
import { JsonNumber, JsonObject, isJsonObject, type JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import { readJsonDocumentLean } from '../json/readJsonDocumentLean';
import { readSuite } from '../suite/readSuite';
import type { SuiteToolsResolver } from '../suite/types';
import { messageJson } from './conversation';
import { PLAYGROUND_DEFAULTS, PLAYGROUND_VERSION } from './types';

export interface SuiteCaseSource {
  /** The suite's text and its file (for locations and its tools files). */
  text: string;
  file: string;
  resolveTools: SuiteToolsResolver;
  caseId: string;
  /** The suite's path as the playground's `source.suite` records it (relative to the workspace folder). */
  suitePath: string;
}

/**
 * The text of a new `*.playground.json` holding one case of a suite: its tools (inline: a copy,
 * as the suite resolved them), its conversation as the case writes it (`query` as one user turn,
 * `messages` as they are), its `expect` as the playground's `expected`, where it came from, and
 * the suite's defaults as the settings a run uses (so a run is what `xlam-lab test` runs). A suite
 * that does not read, or has no such case, throws the suite reader's located InputError.
 */
export function playgroundFromSuiteCase(source: SuiteCaseSource): string {
  const suite = readSuite(source.text, source.file, source.resolveTools);
  const index = suite.cases.findIndex((item) => item.id === source.caseId);
  const item = suite.cases[index];
  if (item === undefined) throw new InputError(`${source.file}: no case "${source.caseId}" in the suite (its cases: ${suite.cases.map((c) => c.id).join(', ') || 'none'})`);
  // The case as written (numbers as their lexemes, key order kept): readSuite has checked it.
  const root = readJsonDocumentLean(source.text, source.file).value;
  const cases = isJsonObject(root) ? root.get('cases') : undefined;
  const raw = Array.isArray(cases) ? cases[index] : undefined;
  if (!isJsonObject(raw)) throw new InputError(`${source.file}: case "${source.caseId}" could not be read again`);
  const query = raw.get('query');
  const messages: JsonValue = typeof query === 'string' ? [messageJson({ role: 'user', content: query })] : (raw.get('messages') ?? []);
  const d = suite.defaults;
  const sampling = new JsonObject([
    ['temperature', JsonNumber.fromNumber(d.sampling.temperature ?? 0)],
    ...(d.sampling.topP !== undefined ? ([['topP', JsonNumber.fromNumber(d.sampling.topP)]] as const) : []),
    ['maxTokens', JsonNumber.fromNumber(d.sampling.maxTokens ?? DEFAULT_MAX_TOKENS)],
    ...(d.sampling.seed !== undefined ? ([['seed', JsonNumber.fromNumber(d.sampling.seed)]] as const) : []),
  ]);
  const doc = new JsonObject([
    ['version', new JsonNumber(String(PLAYGROUND_VERSION))],
    ['source', new JsonObject([['suite', source.suitePath], ['case', item.id], ...(d.checker !== undefined ? ([['checker', d.checker]] as const) : [])])],
    ['format', d.format ?? PLAYGROUND_DEFAULTS.format],
    ['variant', d.format !== undefined && d.variant !== undefined ? d.variant : PLAYGROUND_DEFAULTS.variant],
    ['sampling', sampling],
    // As `xlam-lab test` runs the suite: its grammar setting, off unless it says "tools".
    ['grammar', d.grammar === 'tools'],
    ['tools', item.tools.map((tool) => tool.plain)],
    ['messages', messages],
    ['expected', raw.get('expect') ?? null],
    ['mocks', new JsonObject(item.tools.map((tool) => [tool.name, []] as const))],
  ]);
  return `${pyJsonDumps(doc, { indent: 2, ensureAscii: false })}\n`;
}

/** A file name for the case's playground: its id with what a file name cannot hold replaced. */
export function casePlaygroundBase(caseId: string): string {
  return caseId.replace(/[\\/:*?"<>|\s]+/g, '_').replace(/^\.+/, '') || 'case';
}
