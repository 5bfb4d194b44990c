import type { FormatId } from '../formats/types';
import type { FormatChoice, PlaygroundDocument, PlaygroundSampling, VariantChoice } from './types';

/*
 * Compare: the same conversation run in 2–4 columns, each with its own format, variant, engine,
 * grammar and sampling over the document's. Pure: the host runs the columns, the webview shows them.
 */

export const COMPARE_MIN_COLUMNS = 2;
export const COMPARE_MAX_COLUMNS = 4;

/**
 * The engine a column runs on: the extension's current one, a GGUF file (absolute path), or an
 * OpenAI-compatible endpoint (base URL with its API prefix; no model: the first it lists; no mode:
 * the `xlam.endpoint.mode` setting's). Plain JSON, so it can be kept in UI state or a file.
 */
export type ColumnEngine = { kind: 'current' } | { kind: 'local'; path: string } | { kind: 'endpoint'; baseUrl: string; model?: string; mode?: 'chat' | 'raw' };

export const CURRENT_ENGINE: ColumnEngine = { kind: 'current' };

/** What one column changes of the document (null sampling values: the document's own). */
export interface CompareColumn {
  format: FormatChoice;
  variant: VariantChoice;
  engine: ColumnEngine;
  grammar: boolean;
  temperature: number | null;
  topP: number | null;
  maxTokens: number | null;
  seed: number | null;
}

/** The column's sampling over the file's: each non-null value replaces the file's. */
export function columnSampling(file: PlaygroundSampling, column: Pick<CompareColumn, 'temperature' | 'topP' | 'maxTokens' | 'seed'>): PlaygroundSampling {
  const sampling: PlaygroundSampling = { ...file };
  if (column.temperature !== null) sampling.temperature = column.temperature;
  if (column.topP !== null) sampling.topP = column.topP;
  if (column.maxTokens !== null) sampling.maxTokens = column.maxTokens;
  if (column.seed !== null) sampling.seed = column.seed;
  return sampling;
}

/** The document as one column runs it: the column's choices over the file's, everything else the file's. */
export function columnDocument(doc: PlaygroundDocument, column: CompareColumn): PlaygroundDocument {
  return { ...doc, format: column.format, variant: column.variant, grammar: column.grammar, sampling: columnSampling(doc.sampling, column) };
}

/**
 * The engine as the column's selector names it: "Current engine (tiny.gguf)", a model's file
 * name, or an endpoint's host with its model ("127.0.0.1:8000 · qwen").
 */
export function columnEngineLabel(engine: ColumnEngine, current: string | null): string {
  if (engine.kind === 'current') return `Current engine (${current ?? 'none loaded'})`;
  if (engine.kind === 'local') return engine.path.split(/[\\/]/).pop() ?? engine.path;
  let host = engine.baseUrl;
  try {
    host = new URL(engine.baseUrl).host;
  } catch {
    // An unparsable URL is shown as it is; running the column says what is wrong with it.
  }
  return [host, engine.model, engine.mode === 'raw' ? 'raw' : undefined].filter((part) => part !== undefined && part !== '').join(' · ');
}

/** Two engine choices name the same engine (the selector lists each once). */
export function sameColumnEngine(a: ColumnEngine, b: ColumnEngine): boolean {
  if (a.kind === 'current' || b.kind === 'current') return a.kind === b.kind;
  if (a.kind === 'local' || b.kind === 'local') return a.kind === 'local' && b.kind === 'local' && a.path === b.path;
  return a.baseUrl === b.baseUrl && a.model === b.model && a.mode === b.mode;
}

/**
 * Why a column may not run on its own engine: in an untrusted workspace a model file or endpoint
 * named by the playground file (workspace content) is not used, unless the user chose it in this
 * window with the column's engine selector. Undefined: the column may run.
 */
export function engineRefusal(engine: ColumnEngine, trusted: boolean, chosenHere: (engine: ColumnEngine) => boolean): string | undefined {
  if (trusted || engine.kind === 'current' || chosenHere(engine)) return undefined;
  const what = engine.kind === 'local' ? `the model file ${engine.path}` : `the endpoint ${engine.baseUrl}`;
  return `This workspace is not trusted, so ${what} named in the playground file is not used. Choose it again in the column's Engine selector, or trust the workspace.`;
}

/** A column as the diff editor names it: `2: xlam2-qwen/vllm`. */
export function columnLabel(index: number, resolved: { format: FormatId; variant: string }): string {
  return `${index + 1}: ${resolved.format}/${resolved.variant}`;
}

/** The diff editor's title: `1: fc-v1/card ↔ 2: xlam2-qwen/vllm`. */
export function diffTitle(left: { index: number; format: FormatId; variant: string }, right: { index: number; format: FormatId; variant: string }): string {
  return `${columnLabel(left.index, left)} ↔ ${columnLabel(right.index, right)}`;
}
