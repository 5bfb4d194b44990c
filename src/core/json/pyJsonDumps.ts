import { JsonNumber, JsonObject, type JsonValue } from './jsonValue';
import { appendEscapedJsonText, isPlainJsonText, pyJsonString } from './pyJsonString';

export { pyJsonString } from './pyJsonString';

/** Options mirroring Python's `json.dumps(obj, indent=…, ensure_ascii=…, separators=…)`. */
export interface PyJsonDumpsOptions {
  indent?: number;
  /** Python's default is true: every code unit above U+007E becomes `\uxxxx`. */
  ensureAscii?: boolean;
  /** `[itemSeparator, keySeparator]`; Python's defaults depend on `indent`. */
  separators?: readonly [string, string];
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
  const indent = options.indent;
  const [itemSep, keySep] = options.separators ?? (indent === undefined ? [', ', ': '] : [',', ': ']);
  return new PyJsonWriter(options.ensureAscii ?? true, indent, itemSep, keySep).dump(value);
}

/**
 * One dump: the text grows by `+=` (a rope V8 flattens once, when the prompt is first read), so
 * a render allocates no array of pieces and no quoted copy of each plain string.
 */
class PyJsonWriter {
  private out = '';
  /** Newline-plus-indent strings per depth, built once. */
  private readonly pads: string[] = [];
  /**
   * Per depth, each key's text with what goes before and after it (see keyLeads), per dump: a
   * tool list repeats a few keys ("type", "description") hundreds of times. CPython's C encoder
   * keeps a memo of encoded keys the same way.
   */
  private readonly keyMemos: Array<Map<string, string[]>> = [];

  constructor(
    private readonly ensureAscii: boolean,
    private readonly indent: number | undefined,
    private readonly itemSep: string,
    private readonly keySep: string,
  ) {}

  dump(value: JsonValue): string {
    this.write(value, 0);
    return this.out;
  }

  private pad(depth: number): string {
    return this.indent === undefined ? '' : (this.pads[depth] ??= `\n${' '.repeat(this.indent * depth)}`);
  }

  private string(text: string): void {
    if (isPlainJsonText(text, this.ensureAscii)) this.out += '"' + text + '"';
    else this.out = appendEscapedJsonText(this.out + '"', text, this.ensureAscii) + '"';
  }

  private write(node: JsonValue, depth: number): void {
    if (typeof node === 'string') this.string(node);
    else if (node instanceof JsonNumber) this.out += pyNumber(node);
    else if (node instanceof JsonObject) this.object(node, depth);
    else if (Array.isArray(node)) this.array(node, depth);
    else if (node === null) this.out += 'null';
    else if (node === true) this.out += 'true';
    else if (node === false) this.out += 'false';
    // An array hole or a foreign object is a bug upstream: fail loudly, never write a wrong prompt.
    else throw new TypeError(`not a JSON value: ${typeof node}`);
  }

  private array(node: readonly JsonValue[], depth: number): void {
    if (node.length === 0) {
      this.out += '[]';
      return;
    }
    const inner = this.pad(depth + 1);
    this.out += '[';
    for (let i = 0; i < node.length; i++) {
      this.out += i > 0 ? this.itemSep + inner : inner;
      this.write(node[i] as JsonValue, depth + 1);
    }
    this.out += this.pad(depth) + ']';
  }

  private object(node: JsonObject, depth: number): void {
    const size = node.size;
    if (size === 0) {
      this.out += '{}';
      return;
    }
    const memo = (this.keyMemos[depth] ??= new Map());
    // By position: entries() would build a pair per key of every converted tool on every render.
    for (let i = 0; i < size; i++) {
      const key = node.keyAt(i) as string;
      const item = node.valueAt(i) as JsonValue;
      let lead = memo.get(key);
      if (lead === undefined) {
        lead = this.keyLeads(key, depth);
        memo.set(key, lead);
      }
      // One piece for what comes before the value: the brace or separator, the key and, for a
      // plain string value, its opening quote.
      if (typeof item === 'string' && isPlainJsonText(item, this.ensureAscii)) {
        this.out += lead[i === 0 ? 2 : 3] as string;
        this.out += item;
        this.out += '"';
      } else {
        this.out += lead[i === 0 ? 0 : 1] as string;
        this.write(item, depth + 1);
      }
    }
    this.out += this.pad(depth) + '}';
  }

  /** A key's leads at a depth: [first, following, first with '"', following with '"']. */
  private keyLeads(key: string, depth: number): string[] {
    const inner = this.pad(depth + 1);
    const literal = pyJsonString(key, this.ensureAscii) + this.keySep;
    const first = `{${inner}${literal}`;
    const following = `${this.itemSep}${inner}${literal}`;
    return [first, following, `${first}"`, `${following}"`];
  }
}

/** Compact JSON for machine output (`,` and `:`), order and lexemes kept, non-ASCII raw. */
export function compactJson(value: JsonValue): string {
  return pyJsonDumps(value, { ensureAscii: false, separators: [',', ':'] });
}
