/**
 * Python's `str.strip()` with no argument, which Jinja's `trim` filter and the BFCL handlers call.
 *
 * JS `String.prototype.trim` uses a different set: it also strips U+FEFF (BOM), and it keeps
 * U+001C–U+001F (the ASCII record separators) and U+0085 (NEL), which Python counts as
 * whitespace. A prompt built with JS `trim` would differ in exactly those cases.
 */

/** Code points for which Python's `str.isspace()` is true (Unicode 15, unchanged since 6.3). */
export function isPyWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d) || (code >= 0x1c && code <= 0x1f);
  if (code < 0x85) return false;
  return (
    code === 0x85 ||
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000
  );
}

/** `text.strip()` as Python does it. Every whitespace code point is in the BMP, so UTF-16 units suffice. */
export function pyStrip(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isPyWhitespace(text.charCodeAt(start))) start++;
  while (end > start && isPyWhitespace(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}
