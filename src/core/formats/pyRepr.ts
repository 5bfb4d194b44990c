import { JsonNumber, JsonObject, type JsonValue } from '../json/jsonValue';
import { pyFloatRepr, pyNumber } from '../json/pyJsonDumps';

/**
 * Python's `repr()` and `str()` of JSON-loaded values.
 *
 * Needed because some xLAM sources put Python objects into a prompt as text: the general v1
 * client writes its system message with an f-string (`f"{system_message}"`, i.e. the dict's
 * repr), and Jinja writes `{{ value }}` of a non-string as `str(value)`.
 */

/**
 * Characters Python's `str.isprintable()` rejects: categories Cc, Cf, Cs, Co, Cn, Zl, Zp and Zs
 * except the space. Python escapes them in a repr; everything else above U+007F stays raw.
 * The category data is the JS engine's (Node 20: Unicode 15.1+), Python 3.11 ships Unicode 14:
 * a character assigned between the two versions is raw here but escaped by that Python. Such
 * characters are rare in prompts and the difference is documented rather than tabled.
 */
const NOT_PRINTABLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}]/u;

function hexEscape(codePoint: number): string {
  const hex = codePoint.toString(16);
  if (codePoint <= 0xff) return `\\x${hex.padStart(2, '0')}`;
  if (codePoint <= 0xffff) return `\\u${hex.padStart(4, '0')}`;
  return `\\U${hex.padStart(8, '0')}`;
}

/**
 * `repr(text)`: single quotes unless the text contains `'` and no `"`; backslash, the chosen
 * quote, `\n`, `\r` and `\t` escaped; other code points below U+0020, DEL and non-printable
 * characters as `\xNN`, `\uNNNN` or `\UNNNNNNNN` (lowercase hex), as CPython's unicode_repr does.
 */
export function pyReprString(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  // for…of walks code points, so an astral character is tested whole and a lone surrogate
  // (possible after json.loads of "\ud800") comes out alone and is escaped, as in Python.
  for (const ch of text) {
    const code = ch.codePointAt(0) as number;
    if (ch === quote || ch === '\\') out += `\\${ch}`;
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (code < 0x20 || code === 0x7f) out += hexEscape(code);
    else if (code < 0x7f) out += ch;
    else if (NOT_PRINTABLE.test(ch)) out += hexEscape(code);
    else out += ch;
  }
  return out + quote;
}

/** `repr(float)`: like JSON's digits, but Python spells the non-finite values `nan` and `inf`. */
function pyFloatReprText(value: number): string {
  if (Number.isNaN(value)) return 'nan';
  if (!Number.isFinite(value)) return value > 0 ? 'inf' : '-inf';
  return pyFloatRepr(value);
}

/** `repr(value)` of what `json.loads` would have produced (dict, list, str, int, float, bool, None). */
export function pyRepr(value: JsonValue): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return pyReprString(value);
  if (value instanceof JsonNumber) return value.isInteger ? pyNumber(value) : pyFloatReprText(value.value);
  if (value instanceof JsonObject) {
    return `{${value.entries().map(([key, item]) => `${pyReprString(key)}: ${pyRepr(item)}`).join(', ')}}`;
  }
  return `[${value.map(pyRepr).join(', ')}]`;
}

/**
 * `str(value)` as an f-string or Jinja's `{{ value }}` writes it: a string as itself, anything
 * else as its repr. `undefined` (a missing key) renders as "" like Jinja's default Undefined.
 */
export function pyStr(value: JsonValue | undefined): string {
  if (value === undefined) return '';
  return typeof value === 'string' ? value : pyRepr(value);
}
