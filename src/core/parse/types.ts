import type { JsonValue } from '../json/jsonValue';

export interface ParsedCall {
  name: string;
  /** Usually a JsonObject; a string that was not valid JSON is kept as the string. */
  arguments: JsonValue;
  /** Set when the call had no `arguments` key and `{}` was used. */
  argumentsMissing?: boolean;
  /** Strict vLLM mode: the `arguments` string vLLM sends (json.dumps of an object, a string unchanged). */
  argumentsText?: string;
}

export interface ParseError {
  message: string;
  /** 0-based offset into the raw output text. */
  offset: number;
}

/** Something readable but not what the family's model is trained to write; never an error. */
export type ParseWarning = ParseError;

/**
 * The call shape the tolerant parser read (xlam-formats.md §6), whatever wrapped it (fence,
 * `[TOOL_CALLS]`, `<tool_call>`, prose):
 * - `tool-calls-object`: `{"tool_calls": …}` without `thought` (fc v1's own shape);
 * - `thought-object`: an object with `thought` (general v1's `{"thought", "tool_calls"}`);
 * - `array`: a JSON array of calls (xLAM-2's own shape);
 * - `call-object`: one `{"name", "arguments"}` object;
 * - `separated-calls`: several call objects one after another (BFCL's `;` fallback, `,`,
 *   newlines, or several fences/tags/prose calls);
 * - `several-values`: several values that are not all single call objects (two arrays, …).
 */
export type OutputShape = 'tool-calls-object' | 'thought-object' | 'array' | 'call-object' | 'separated-calls' | 'several-values';

export const OUTPUT_SHAPES: readonly OutputShape[] = ['tool-calls-object', 'thought-object', 'array', 'call-object', 'separated-calls', 'several-values'];

export interface ParseResult {
  calls: ParsedCall[];
  /** Text that is not part of the calls (plain answers, text around the JSON). */
  content: string;
  thought?: string;
  error?: ParseError;
  /** Tolerant mode: the shape read; absent when no call value was read (plain text, broken JSON). */
  shape?: OutputShape;
  /** Tolerant mode: the output is not in the family's own output shape (reference §6). */
  warning?: ParseWarning;
}

export type ParseMode = 'tolerant' | 'vllm';
