import { PY_NESTING_LIMIT } from '../json/parsePythonJson';

/**
 * The deepest a playground file may nest: what Python's json.loads reads (a deeper tool schema
 * could never reach an xLAM prompt anyway). Checked before parsing because jsonc-parser and the
 * value conversion recurse, and 100,000 `[` would overflow the stack instead of failing cleanly.
 *
 * A local check on purpose: a shared JSON depth limit is being added elsewhere; when it lands this
 * file should defer to it.
 */
export const MAX_PLAYGROUND_DEPTH = PY_NESTING_LIMIT;

/**
 * The offset of the first bracket that opens a container deeper than `limit`, or undefined.
 * One linear pass; brackets inside strings do not count. Invalid JSON is left to the parser.
 */
export function tooDeepAt(text: string, limit = MAX_PLAYGROUND_DEPTH): number | undefined {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c /* \ */) i++;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) {
      inString = true;
    } else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      if (++depth > limit) return i;
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) {
      depth = Math.max(0, depth - 1);
    }
  }
  return undefined;
}
