import { InputError, locate } from './errors';

/*
 * Text that cannot reach the prompt as the file says it (issue 15): bytes that were not UTF-8 are
 * U+FFFD by the time we see them, and a lone surrogate escape (`"\ud800"`) is a string UTF-8
 * cannot encode, so stdout (and Python) cannot write it as is. The prompt must at least say so.
 */

/** Where a file read as UTF-8 holds U+FFFD: bytes that were not UTF-8 (one warning, with the count). */
export function replacementCharWarnings(text: string, file?: string): InputError[] {
  const first = text.indexOf('\ufffd');
  if (first < 0) return [];
  let count = 0;
  for (let at = first; at >= 0; at = text.indexOf('\ufffd', at + 1)) count++;
  const many = count > 1 ? ` (${count} in the file)` : '';
  return [new InputError(`warning: U+FFFD replacement character${many}: the file is not valid UTF-8, and the prompt carries U+FFFD where the file has other bytes`, locate(text, first, file))];
}

/** Offsets of `\uD800`–`\uDFFF` escapes in JSON strings that do not form a surrogate pair. */
export function loneSurrogateEscapes(text: string): number[] {
  const found: number[] = [];
  const unit = (at: number): number | undefined => {
    if (text.charCodeAt(at) !== 0x5c || text.charCodeAt(at + 1) !== 0x75) return undefined;
    const hex = text.slice(at + 2, at + 6);
    return /^[0-9a-fA-F]{4}$/.test(hex) ? parseInt(hex, 16) : undefined;
  };
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x22) inString = !inString;
    else if (inString && c === 0x5c) {
      const u = unit(i);
      if (u === undefined) {
        i++; // `\"`, `\\`, …: the escaped character is not a quote or an escape start
        continue;
      }
      const next = unit(i + 6);
      if (u >= 0xd800 && u <= 0xdbff && next !== undefined && next >= 0xdc00 && next <= 0xdfff) i += 11;
      else {
        if (u >= 0xd800 && u <= 0xdfff) found.push(i);
        i += 5;
      }
    }
  }
  return found;
}

/** Whether a string holds a UTF-16 surrogate that is not half of a pair. */
export function hasLoneSurrogate(text: string): boolean {
  return /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}

/**
 * The warning for a prompt holding lone surrogates, located at the escapes in the input files
 * (the first of each file); empty when the prompt has none (an ensure_ascii dump keeps the escape).
 */
export function loneSurrogateWarnings(prompt: string, inputs: ReadonlyArray<{ text: string; file?: string }>): InputError[] {
  if (!hasLoneSurrogate(prompt)) return [];
  const warnings: InputError[] = [];
  for (const input of inputs) {
    const at = loneSurrogateEscapes(input.text)[0];
    if (at === undefined) continue;
    warnings.push(new InputError(`warning: "${input.text.slice(at, at + 6)}" is a lone surrogate: UTF-8 cannot encode it, so the prompt is written with U+FFFD in its place (Python would raise UnicodeEncodeError)`, locate(input.text, at, input.file)));
  }
  if (warnings.length === 0) warnings.push(new InputError('warning: the prompt holds a lone surrogate: UTF-8 cannot encode it, so it is written as U+FFFD'));
  return warnings;
}
