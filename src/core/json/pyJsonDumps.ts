import { JsonNumber, type JsonValue } from './jsonValue';

/** Options mirroring Python's `json.dumps(obj, indent=…, ensure_ascii=…, separators=…)`. */
export interface PyJsonDumpsOptions {
  indent?: number;
  /** Python's default is true: every code unit above U+007E becomes `\uxxxx`. */
  ensureAscii?: boolean;
  /** `[itemSeparator, keySeparator]`; Python's defaults depend on `indent`. */
  separators?: readonly [string, string];
}

const SHORT_ESCAPES: Record<string, string> = {
  '"': '\\"',
  '\\': '\\\\',
  '\n': '\\n',
  '\r': '\\r',
  '\t': '\\t',
  '\b': '\\b',
  '\f': '\\f',
};

function hex4(code: number): string {
  return `\\u${code.toString(16).padStart(4, '0')}`;
}

// What must be escaped: quote, backslash and C0 controls always; with ensure_ascii also U+007F up.
// eslint-disable-next-line no-control-regex -- matching control characters is the point: Python escapes them
const NEEDS_ESCAPE_ASCII = /["\\\u0000-\u001f\u007f-\uffff]/g;
// eslint-disable-next-line no-control-regex -- as above
const NEEDS_ESCAPE_RAW = /["\\\u0000-\u001f]/g;
// eslint-disable-next-line no-control-regex -- as above
const HAS_ESCAPE_ASCII = /["\\\u0000-\u001f\u007f-\uffff]/;
// eslint-disable-next-line no-control-regex -- as above
const HAS_ESCAPE_RAW = /["\\\u0000-\u001f]/;

function escapeChar(ch: string): string {
  return SHORT_ESCAPES[ch] ?? hex4(ch.charCodeAt(0));
}

/** A string literal exactly as Python's json module writes it. */
export function pyJsonString(text: string, ensureAscii = true): string {
  // Most strings need no escape at all: a native regex test beats a per-character loop.
  if (!(ensureAscii ? HAS_ESCAPE_ASCII : HAS_ESCAPE_RAW).test(text)) return `"${text}"`;
  return `"${text.replace(ensureAscii ? NEEDS_ESCAPE_ASCII : NEEDS_ESCAPE_RAW, escapeChar)}"`;
}

/**
 * A float as Python's `repr(float)` prints it: shortest round-trip digits, fixed notation for
 * exponents in [-4, 16), otherwise `d.ddde±XX` with at least two exponent digits.
 */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
  // Where both print fixed notation (JS from 1e-7, Python from 1e-4, both up to 1e16) the
  // shortest round-trip digits are the same text; Python adds ".0" to an integral value.
  const magnitude = Math.abs(value);
  if (magnitude >= 1e-4 && magnitude < 1e16) {
    const text = String(value);
    return text.includes('.') ? text : `${text}.0`;
  }
  const [mantissa = '0', expText = '0'] = value.toExponential().split('e');
  const exponent = Number(expText);
  const negative = mantissa.startsWith('-');
  const digits = mantissa.replace('-', '').replace('.', '');
  const sign = negative ? '-' : '';
  if (exponent < -4 || exponent >= 16) {
    const head = digits.slice(0, 1);
    const tail = digits.slice(1);
    const expSign = exponent < 0 ? '-' : '+';
    return `${sign}${head}${tail ? `.${tail}` : ''}e${expSign}${String(Math.abs(exponent)).padStart(2, '0')}`;
  }
  if (exponent < 0) return `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
  const intPart = digits.slice(0, exponent + 1).padEnd(exponent + 1, '0');
  const fracPart = digits.slice(exponent + 1);
  return `${sign}${intPart}.${fracPart || '0'}`;
}

/** A number as Python prints it after `json.loads` read the same lexeme. */
export function pyNumber(num: JsonNumber): string {
  // Common case first: a plain integer lexeme already is Python's text.
  if (/^(?:0|-?[1-9]\d{0,14})$/.test(num.lexeme)) return num.lexeme;
  if (num.isInteger) {
    try {
      return BigInt(num.lexeme).toString();
    } catch {
      return num.lexeme;
    }
  }
  return pyFloatRepr(num.value);
}

/** Python's `json.dumps` over the ordered value model. */
export function pyJsonDumps(value: JsonValue, options: PyJsonDumpsOptions = {}): string {
  const ensureAscii = options.ensureAscii ?? true;
  const indent = options.indent;
  const [itemSep, keySep] = options.separators ?? (indent === undefined ? [', ', ': '] : [',', ': ']);
  // Newline-plus-indent strings per depth, built once.
  const pads: string[] = [];
  const pad = (depth: number): string => (indent === undefined ? '' : (pads[depth] ??= `\n${' '.repeat(indent * depth)}`));
  // Pieces joined once at the end: `+=` would build a rope that the first reader of the prompt
  // flattens again (a fifth of a 100-tool render went to that copy).
  const parts: string[] = [];

  const write = (node: JsonValue, depth: number): void => {
    if (node === null) parts.push('null');
    else if (node === true) parts.push('true');
    else if (node === false) parts.push('false');
    else if (typeof node === 'string') parts.push(pyJsonString(node, ensureAscii));
    else if (node instanceof JsonNumber) parts.push(pyNumber(node));
    else if (Array.isArray(node)) {
      if (node.length === 0) {
        parts.push('[]');
        return;
      }
      const inner = pad(depth + 1);
      parts.push('[');
      for (let i = 0; i < node.length; i++) {
        parts.push(i > 0 ? itemSep + inner : inner);
        write(node[i] as JsonValue, depth + 1);
      }
      parts.push(`${pad(depth)}]`);
    } else {
      const entries = node.entries();
      if (entries.length === 0) {
        parts.push('{}');
        return;
      }
      const inner = pad(depth + 1);
      parts.push('{');
      for (let i = 0; i < entries.length; i++) {
        const [key, item] = entries[i] as readonly [string, JsonValue];
        parts.push(i > 0 ? itemSep + inner : inner, pyJsonString(key, ensureAscii), keySep);
        write(item, depth + 1);
      }
      parts.push(`${pad(depth)}}`);
    }
  };

  write(value, 0);
  return parts.join('');
}

/** Compact JSON for machine output (`,` and `:`), order and lexemes kept, non-ASCII raw. */
export function compactJson(value: JsonValue): string {
  return pyJsonDumps(value, { ensureAscii: false, separators: [',', ':'] });
}
