import type { OutputFamily } from '../formats/types';
import { parseTolerant } from './tolerant';
import type { ParseMode, ParseResult } from './types';
import { parseVllmXlam } from './vllmXlam';

/**
 * Model output → calls. Never throws.
 *
 * `tolerant` (default) accepts every family's shape whatever `family` says (fc v1
 * `{"tool_calls": …}`, general v1 `{"thought", "tool_calls"}`, xLAM-2 arrays, single calls, `;`
 * lists), because models drift and the user wants to see what they meant; see tolerant.ts. The
 * family decides what is reported: `shape` is what was read and `warning` says when that is not
 * the family's own output shape (reference §6), so a prompt-format problem shows even when the
 * calls come out.
 * `vllm` is exactly vLLM's `xlam` tool parser, which ignores the family (it only takes lists);
 * it reports no `shape` or `warning`.
 */
export function parseOutput(text: string, family: OutputFamily, mode: ParseMode = 'tolerant'): ParseResult {
  // JS callers (the webview, the CLI) may hand anything; the parsers want a string.
  const raw: unknown = text;
  const input = typeof raw === 'string' ? raw : String(raw);
  try {
    return mode === 'vllm' ? parseVllmXlam(input) : parseTolerant(input, family);
  } catch (e) {
    // Last line of defence only: the fuzz tests show the parsers do not throw. A bug here must
    // not take the extension host or the CLI down, so it becomes an error the user can report.
    return { calls: [], content: input, error: { message: `internal parser error: ${e instanceof Error ? e.message : String(e)}`, offset: 0 } };
  }
}
