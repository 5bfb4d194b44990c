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

export interface ParseResult {
  calls: ParsedCall[];
  /** Text that is not part of the calls (plain answers, text around the JSON). */
  content: string;
  thought?: string;
  error?: ParseError;
}

export type ParseMode = 'tolerant' | 'vllm';
