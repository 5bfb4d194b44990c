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

/** A string literal exactly as Python's json module writes it. */
export function pyJsonString(text: string, ensureAscii = true): string {
  let out = '"';
  for (let i = 0; i < text.length; i++) {
    const ch = text[i] as string;
    const code = text.charCodeAt(i);
    const short = SHORT_ESCAPES[ch];
    if (short !== undefined) out += short;
    else if (code < 0x20) out += hex4(code);
    else if (ensureAscii && code > 0x7e) out += hex4(code);
    else out += ch;
  }
  return `${out}"`;
}

/**
 * A float as Python's `repr(float)` prints it: shortest round-trip digits, fixed notation for
 * exponents in [-4, 16), otherwise `d.ddde±XX` with at least two exponent digits.
 */
export function pyFloatRepr(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  if (value === 0) return Object.is(value, -0) ? '-0.0' : '0.0';
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
  const parts: string[] = [];

  const write = (node: JsonValue, depth: number): void => {
    if (node === null) parts.push('null');
    else if (node === true) parts.push('true');
    else if (node === false) parts.push('false');
    else if (typeof node === 'string') parts.push(pyJsonString(node, ensureAscii));
    else if (node instanceof JsonNumber) parts.push(pyNumber(node));
    else if (Array.isArray(node)) writeContainer('[', ']', node, depth, (item) => write(item, depth + 1));
    else writeContainer('{', '}', node.entries(), depth, ([key, item]) => {
      parts.push(pyJsonString(key, ensureAscii), keySep);
      write(item, depth + 1);
    });
  };

  function writeContainer<T>(open: string, close: string, items: readonly T[], depth: number, each: (item: T) => void): void {
    if (items.length === 0) {
      parts.push(open, close);
      return;
    }
    parts.push(open);
    const inner = indent === undefined ? '' : `\n${' '.repeat(indent * (depth + 1))}`;
    items.forEach((item, i) => {
      if (i > 0) parts.push(itemSep);
      parts.push(inner);
      each(item);
    });
    if (indent !== undefined) parts.push(`\n${' '.repeat(indent * depth)}`);
    parts.push(close);
  }

  write(value, 0);
  return parts.join('');
}

/** Compact JSON for machine output (`,` and `:`), order and lexemes kept, non-ASCII raw. */
export function compactJson(value: JsonValue): string {
  return pyJsonDumps(value, { ensureAscii: false, separators: [',', ':'] });
}
