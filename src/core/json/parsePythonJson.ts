import { JSON_TOO_DEEP } from './jsonDepth';
import { JsonNumber, JsonObject, type JsonValue } from './jsonValue';

/**
 * Python's `json.loads` and `JSONDecoder.raw_decode` (CPython's C scanner, 3.11/3.12 messages)
 * over the ordered model. Model output is read with this, not `JSON.parse`, because vLLM and
 * BFCL decide what a call is with Python's json: it accepts `NaN`/`Infinity`, keeps `1.0` a float
 * and lone surrogates, and a repeated key keeps its first position with the last value.
 *
 * Offsets are JS string indices (UTF-16 units); Python counts code points, so they differ after
 * an astral character. Messages are Python's, without the ": line L column C (char N)" suffix.
 *
 * The parser is iterative (an explicit stack), so depth cannot overflow the JS stack. Past
 * `maxDepth` levels (default MAX_DEPTH = 10,000) it reports what Python raises there,
 * `raises: 'RecursionError'`. Python's own limit is lower and varies (MAX_JSON_DEPTH); the model
 * output parsers and the server pass that, which also keeps recursive consumers (pyJsonDumps) off
 * deep values.
 */

export const MAX_DEPTH = 10_000;

export interface PyJsonOptions {
  /** Containers nested deeper than this fail with RecursionError. */
  maxDepth?: number;
}
/** `sys.get_int_max_str_digits()` default: a longer int literal makes json.loads raise ValueError. */
export const MAX_INT_DIGITS = 4300;

/** Which Python exception json.loads would raise; only JSONDecodeError is a "decode error". */
export type PyJsonRaises = 'JSONDecodeError' | 'ValueError' | 'RecursionError';

export interface PyJsonFailure {
  ok: false;
  message: string;
  offset: number;
  raises: PyJsonRaises;
}

export type PyJsonResult = { ok: true; value: JsonValue } | PyJsonFailure;
export type RawDecodeResult = { ok: true; value: JsonValue; end: number } | PyJsonFailure;

/** `json.loads(text)`: surrounding JSON whitespace (space, tab, LF, CR) allowed, nothing else. */
export function parsePythonJson(text: string, options: PyJsonOptions = {}): PyJsonResult {
  if (text.charCodeAt(0) === 0xfeff) return fail('Unexpected UTF-8 BOM (decode using utf-8-sig)', 0);
  const decoded = rawDecode(text, skipWs(text, 0), options);
  if (!decoded.ok) return decoded;
  const end = skipWs(text, decoded.end);
  if (end !== text.length) return fail('Extra data', end);
  return { ok: true, value: decoded.value };
}

/** `JSONDecoder().raw_decode(text, start)`: one value starting exactly at `start` (no whitespace skip). */
export function rawDecode(text: string, start: number, options: PyJsonOptions = {}): RawDecodeResult {
  return new Scanner(text, options.maxDepth ?? MAX_DEPTH).scan(Math.max(0, start));
}

function fail(message: string, offset: number, raises: PyJsonRaises = 'JSONDecodeError'): PyJsonFailure {
  return { ok: false, message, offset, raises };
}

function isWs(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

function skipWs(text: string, at: number): number {
  while (at < text.length && isWs(text.charCodeAt(at))) at++;
  return at;
}

function isDigit(code: number): boolean {
  return code >= 0x30 && code <= 0x39;
}

const SIMPLE_ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** An open container: the scanner comes back to it after each member value. */
type Frame = { items: JsonValue[] } | { obj: JsonObject; key: string };

/**
 * Failures are recorded in `failure` and signalled by an `undefined` return, not thrown: the
 * tolerant parser decodes at every `[`/`{` of a text, and an Error per attempt (stack capture)
 * made that several times slower.
 */
class Scanner {
  private failure: PyJsonFailure | undefined;

  constructor(
    private readonly s: string,
    private readonly maxDepth: number,
  ) {}

  private fail(message: string, offset: number, raises: PyJsonRaises = 'JSONDecodeError'): undefined {
    this.failure ??= fail(message, offset, raises);
    return undefined;
  }

  scan(start: number): RawDecodeResult {
    const value = this.value(start);
    return value === undefined ? (this.failure ?? fail('Expecting value', start)) : { ok: true, value: value[0], end: value[1] };
  }

  private value(start: number): [JsonValue, number] | undefined {
    const s = this.s;
    const stack: Frame[] = [];
    let i = start;
    for (;;) {
      // Read one value at i; containers push a frame and loop back to read their first member.
      let value: JsonValue;
      const c = s[i];
      if (c === '[' || c === '{') {
        if (stack.length >= this.maxDepth) {
          const what = c === '[' ? 'array' : 'object';
          // Python's words, then the shared code every reader of user JSON uses for this (jsonDepth.ts).
          return this.fail(`maximum recursion depth exceeded while decoding a JSON ${what} from a unicode string (${JSON_TOO_DEEP}: limit ${this.maxDepth} levels)`, i, 'RecursionError');
        }
        i = skipWs(s, i + 1);
        if (c === '[') {
          if (s[i] !== ']') {
            stack.push({ items: [] });
            continue;
          }
          value = [];
        } else {
          if (s[i] !== '}') {
            const member = this.key(i);
            if (member === undefined) return undefined;
            stack.push({ obj: new JsonObject(), key: member[0] });
            i = member[1];
            continue;
          }
          value = new JsonObject();
        }
        i++;
      } else {
        const read = c === '"' ? this.string(i + 1) : this.scalar(i);
        if (read === undefined) return undefined;
        [value, i] = read;
      }
      // Hand the value to the open containers, closing each one that ends here.
      for (;;) {
        const top = stack[stack.length - 1];
        if (top === undefined) return [value, i];
        if ('items' in top) top.items.push(value);
        else top.obj.set(top.key, value);
        i = skipWs(s, i);
        const close = 'items' in top ? ']' : '}';
        if (s[i] === close) {
          value = 'items' in top ? top.items : top.obj;
          stack.pop();
          i++;
          continue;
        }
        if (s[i] !== ',') return this.fail("Expecting ',' delimiter", i);
        i = skipWs(s, i + 1);
        if (!('items' in top)) {
          const member = this.key(i);
          if (member === undefined) return undefined;
          [top.key, i] = member;
        }
        break;
      }
    }
  }

  /** A member name, the `:` and the whitespace after it; returns the key and where its value starts. */
  private key(at: number): [string, number] | undefined {
    if (this.s[at] !== '"') return this.fail('Expecting property name enclosed in double quotes', at);
    const key = this.string(at + 1);
    if (key === undefined) return undefined;
    const colon = skipWs(this.s, key[1]);
    if (this.s[colon] !== ':') return this.fail("Expecting ':' delimiter", colon);
    return [key[0], skipWs(this.s, colon + 1)];
  }

  /** CPython's scanstring (strict): `at` is just after the opening quote. */
  private string(at: number): [string, number] | undefined {
    const s = this.s;
    const begin = at - 1;
    const parts: string[] = [];
    let i = at;
    for (;;) {
      let j = i;
      let code = s.charCodeAt(j);
      while (j < s.length && code !== 0x22 && code !== 0x5c && code > 0x1f) code = s.charCodeAt(++j);
      if (j >= s.length) return this.fail('Unterminated string starting at', begin);
      parts.push(s.slice(i, j));
      if (code === 0x22) return [parts.join(''), j + 1];
      if (code !== 0x5c) return this.fail('Invalid control character at', j);
      const esc = s[j + 1];
      if (esc === undefined) return this.fail('Unterminated string starting at', begin);
      if (esc !== 'u') {
        const simple = SIMPLE_ESCAPES[esc];
        if (simple === undefined) return this.fail('Invalid \\escape', j);
        parts.push(simple);
        i = j + 2;
        continue;
      }
      // \uXXXX; a high surrogate followed by \u must be followed by four hex digits too.
      // JS strings are UTF-16, so a pair needs no joining and a lone surrogate stays as it is.
      const unit = this.hex4(j + 1);
      if (unit < 0) return undefined;
      parts.push(String.fromCharCode(unit));
      i = j + 6;
      if (unit >= 0xd800 && unit <= 0xdbff && i + 6 < s.length && s[i] === '\\' && s[i + 1] === 'u') {
        const low = this.hex4(i + 1);
        if (low < 0) return undefined;
        if (low >= 0xdc00 && low <= 0xdfff) {
          parts.push(String.fromCharCode(low));
          i += 6;
        }
      }
    }
  }

  /** Four hex digits after the `u` at `u` (-1 on failure); errors point at the `u`, as CPython's do. */
  private hex4(u: number): number {
    // CPython wants a character after the four digits (the closing quote at least).
    const digits = this.s.slice(u + 1, u + 5);
    if (u + 5 >= this.s.length || !/^[0-9a-fA-F]{4}$/.test(digits)) {
      this.fail('Invalid \\uXXXX escape', u);
      return -1;
    }
    return parseInt(digits, 16);
  }

  /** Literals and numbers; anything else is "Expecting value" at `at`. */
  private scalar(at: number): [JsonValue, number] | undefined {
    const s = this.s;
    if (s.startsWith('null', at)) return [null, at + 4];
    if (s.startsWith('true', at)) return [true, at + 4];
    if (s.startsWith('false', at)) return [false, at + 5];
    if (s.startsWith('NaN', at)) return [new JsonNumber('NaN'), at + 3];
    if (s.startsWith('Infinity', at)) return [new JsonNumber('Infinity'), at + 8];
    if (s.startsWith('-Infinity', at)) return [new JsonNumber('-Infinity'), at + 9];
    let i = at;
    if (s[i] === '-') i++;
    const first = s.charCodeAt(i);
    if (first === 0x30) i++;
    else if (first >= 0x31 && first <= 0x39) while (isDigit(s.charCodeAt(i))) i++;
    else return this.fail('Expecting value', at);
    let isInt = true;
    if (s[i] === '.' && isDigit(s.charCodeAt(i + 1))) {
      isInt = false;
      i += 2;
      while (isDigit(s.charCodeAt(i))) i++;
    }
    if (s[i] === 'e' || s[i] === 'E') {
      // An exponent needs digits; without them the number ends before the `e` (Python backtracks).
      let k = i + 1;
      if (s[k] === '+' || s[k] === '-') k++;
      if (isDigit(s.charCodeAt(k))) {
        while (isDigit(s.charCodeAt(k))) k++;
        isInt = false;
        i = k;
      }
    }
    const lexeme = s.slice(at, i);
    const digits = lexeme.length - (lexeme.startsWith('-') ? 1 : 0);
    if (isInt && digits > MAX_INT_DIGITS) {
      return this.fail(`Exceeds the limit (${MAX_INT_DIGITS} digits) for integer string conversion: value has ${digits} digits; use sys.set_int_max_str_digits() to increase the limit`, at, 'ValueError');
    }
    return [new JsonNumber(lexeme), i];
  }
}
