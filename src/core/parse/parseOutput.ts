import type { OutputFamily } from '../formats/types';
import { parseTolerant } from './tolerant';
import type { ParseMode, ParseResult } from './types';
import { parseVllmXlam } from './vllmXlam';

/**
 * Model output → calls. Never throws.
 *
 * `tolerant` (default) accepts every family's shape whatever `family` says (fc v1
 * `{"tool_calls": …}`, general v1 `{"thought", "tool_calls"}`, xLAM-2 arrays, single calls, `;`
 * lists), because models drift and the user wants to see what they meant; see tolerant.ts.
 * `vllm` is exactly vLLM's `xlam` tool parser, which ignores the family too (it only takes lists).
 * `family` is part of the signature so callers need not change when a family gets its own rule.
 */
export function parseOutput(text: string, family: OutputFamily, mode: ParseMode = 'tolerant'): ParseResult {
  void family;
  // JS callers (the webview, the CLI) may hand anything; the parsers want a string.
  const raw: unknown = text;
  const input = typeof raw === 'string' ? raw : String(raw);
  try {
    return mode === 'vllm' ? parseVllmXlam(input) : parseTolerant(input);
  } catch (e) {
    // Last line of defence only: the fuzz tests show the parsers do not throw. A bug here must
    // not take the extension host or the CLI down, so it becomes an error the user can report.
    return { calls: [], content: input, error: { message: `internal parser error: ${e instanceof Error ? e.message : String(e)}`, offset: 0 } };
  }
}
