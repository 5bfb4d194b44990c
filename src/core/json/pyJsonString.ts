/**
 * String literals exactly as Python's json module writes them (encoder.py's ESCAPE and
 * ESCAPE_ASCII): `"` and `\` escaped, `\n \r \t \b \f` short, other C0 controls as `\u00xx`
 * (lowercase hex); with ensure_ascii also every UTF-16 unit from U+007F up as `\uxxxx`, so a
 * pair becomes two escapes and a lone surrogate one. Without ensure_ascii, U+007F up stays raw,
 * lone surrogates included.
 */

/** '00'…'ff': a `\uxxxx` escape is two lookups, not a number-to-text conversion and a pad. */
const HEX2: readonly string[] = Array.from({ length: 0x100 }, (_, byte) => byte.toString(16).padStart(2, '0'));

function hex4(code: number): string {
  return '\\u' + (HEX2[code >> 8] as string) + (HEX2[code & 0xff] as string);
}

/** The escape of each code unit below U+0080 that needs one; '' where it is written as is. */
const ASCII_ESCAPES: readonly string[] = Array.from({ length: 0x80 }, (_, code) => {
  const short: Record<number, string> = { 0x22: '\\"', 0x5c: '\\\\', 0x0a: '\\n', 0x0d: '\\r', 0x09: '\\t', 0x08: '\\b', 0x0c: '\\f' };
  if (short[code] !== undefined) return short[code];
  return code < 0x20 || code === 0x7f ? hex4(code) : '';
});

/** `\u0080`…`\u00ff` made once: accented Latin letters are the common non-ASCII in descriptions. */
const LATIN1_ESCAPES: readonly string[] = Array.from({ length: 0x100 }, (_, code) => hex4(code));

/**
 * Whether `text` goes between the quotes as it is: the common case (names, descriptions, schema
 * words), checked by one pass over the code units with no allocation.
 */
export function isPlainJsonText(text: string, ensureAscii: boolean): boolean {
  // With ensure_ascii, U+007F and up are escaped; without it, nothing from U+007F up is.
  const limit = ensureAscii ? 0x7f : 0x10000;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x20 || code === 0x22 || code === 0x5c || code >= limit) return false;
  }
  return true;
}

/**
 * `into` followed by the escaped body of `text` (no quotes): runs of plain units copied as slices
 * between escapes, appended straight onto the caller's text rather than built apart first.
 */
export function appendEscapedJsonText(into: string, text: string, ensureAscii: boolean): string {
  let out = into;
  let runStart = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    let escape: string;
    if (code < 0x80) {
      escape = ASCII_ESCAPES[code] as string;
      // U+007F is escaped only with ensure_ascii (ESCAPE_ASCII's [^\ -~]); ESCAPE leaves it.
      if (escape === '' || (code === 0x7f && !ensureAscii)) continue;
    } else if (ensureAscii) {
      escape = code < 0x100 ? (LATIN1_ESCAPES[code] as string) : hex4(code);
    } else {
      continue;
    }
    if (i > runStart) out += text.slice(runStart, i);
    out += escape;
    runStart = i + 1;
  }
  return runStart < text.length ? out + text.slice(runStart) : out;
}

/** A string literal exactly as Python's json module writes it. */
export function pyJsonString(text: string, ensureAscii = true): string {
  return isPlainJsonText(text, ensureAscii) ? `"${text}"` : `${appendEscapedJsonText('"', text, ensureAscii)}"`;
}
