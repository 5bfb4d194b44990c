import type { FormatId } from '../formats/types';
import type { FormatChoice, PlaygroundDocument, VariantChoice } from './types';

/*
 * Compare: the same conversation run in 2–4 columns, each with its own format, variant, grammar
 * and temperature over the document's. Pure: the host runs the columns, the webview shows them.
 */

export const COMPARE_MIN_COLUMNS = 2;
export const COMPARE_MAX_COLUMNS = 4;

/** What one column changes of the document (null temperature: the document's own). */
export interface CompareColumn {
  format: FormatChoice;
  variant: VariantChoice;
  grammar: boolean;
  temperature: number | null;
}

/** The document as one column runs it: the column's choices over the file's, everything else the file's. */
export function columnDocument(doc: PlaygroundDocument, column: CompareColumn): PlaygroundDocument {
  return {
    ...doc,
    format: column.format,
    variant: column.variant,
    grammar: column.grammar,
    sampling: column.temperature !== null ? { ...doc.sampling, temperature: column.temperature } : doc.sampling,
  };
}

/**
 * Runs `count` columns: one after another (a local model generates one sequence at a time; a
 * queue behind the engine scope would only hide the wait), or all at once (an endpoint serves
 * requests side by side). Each column's failure is its own: `runOne` reports it, never throws past here.
 */
export async function runColumns<T>(count: number, concurrent: boolean, runOne: (column: number) => Promise<T>): Promise<T[]> {
  const indices = Array.from({ length: count }, (_, i) => i);
  if (concurrent) return Promise.all(indices.map((i) => runOne(i)));
  const results: T[] = [];
  for (const i of indices) results.push(await runOne(i));
  return results;
}

/** A column as the diff editor names it: `2: xlam2-qwen/vllm`. */
export function columnLabel(index: number, resolved: { format: FormatId; variant: string }): string {
  return `${index + 1}: ${resolved.format}/${resolved.variant}`;
}

/** The diff editor's title: `1: fc-v1/card ↔ 2: xlam2-qwen/vllm`. */
export function diffTitle(left: { index: number; format: FormatId; variant: string }, right: { index: number; format: FormatId; variant: string }): string {
  return `${columnLabel(left.index, left)} ↔ ${columnLabel(right.index, right)}`;
}
