import { printParseErrorCode, visit } from 'jsonc-parser';
import { MAX_JSON_DEPTH } from '../json/jsonDepth';
import { JsonNumber, JsonObject, type JsonValue } from '../json/jsonValue';
import type { Span } from './diagnostic';

/**
 * Where a container and its members are in the source. Kept as flat number arrays (no object per
 * member): on a 1,000-tool file the position tables would otherwise dominate the parse.
 */
export interface ContainerInfo {
  offset: number;
  length: number;
  object: boolean;
  /** Objects: key offset, key length, value offset, value length per key, in the JsonObject's
   * key order (first appearance; a repeated key: its last occurrence, as Python keeps it).
   * Arrays: offset, length per item. Sized exactly: filled once the container closes. */
  spans: readonly number[];
}

export interface JsonTree {
  value: JsonValue;
  span: Span;
  info: Map<object, ContainerInfo>;
  /** Keys that a later repeat overrides (the ignored first occurrence). */
  duplicates: Array<{ name: string; key: Span }>;
}

export type TreeResult = { ok: true; tree: JsonTree } | { ok: false; offset: number; message: string; tooDeep: boolean };

class Failure extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly tooDeep: boolean,
  ) {
    super(message);
  }
}

interface Frame {
  info: ContainerInfo;
  key: string;
  keyOffset: number;
  keyLength: number;
  /** Where this container's member spans start on the span stack. */
  firstSpan: number;
  /** Where its keys (objects) and values start on the member stacks. */
  firstMember: number;
  /** Key → position among the members, once an object outgrows a scan for repeated keys. */
  seen: Map<string, number> | undefined;
}

/**
 * The members (keys, values, spans) of the open containers, innermost last. A container is made
 * when it closes, from exactly sized copies: an array per container grown by push, and a pair per
 * member, were most of the parse's allocation on a 1,000-tool file. Entries past the tops are left
 * over from earlier parses (cleared after each, so no tree is kept alive). Shared: a parse never
 * runs inside another.
 */
const spanStack: number[] = [];
const keyStack: string[] = [];
const valueStack: JsonValue[] = [];
const NO_SPANS: readonly number[] = [];
/**
 * Keys read lately, by a hash of their length and end characters: keys repeat (type, description,
 * properties…), and handing out the same string again saves one per member. Only keys shorter
 * than V8's sliced strings (13): a longer slice would keep the whole document text alive here.
 */
const KEY_TABLE = new Array<string>(256).fill('');
const MAX_SHARED_KEY = 12;

function sharedKey(text: string, from: number, to: number): string {
  const length = to - from;
  if (length === 0 || length > MAX_SHARED_KEY) return text.slice(from, to);
  const slot = (length * 31 + text.charCodeAt(from) * 7 + text.charCodeAt(to - 1)) & 255;
  const known = KEY_TABLE[slot] as string;
  if (known.length === length && text.startsWith(known, from)) return known;
  const key = text.slice(from, to);
  KEY_TABLE[slot] = key;
  return key;
}

/** Keys of one object scanned for a repeat before a Map of them is built. */
const SCAN_KEYS = 8;

const NUMBER = /-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?/y;
/**
 * A run of plain string characters, and of whitespace. Sticky regexes run as native code from the
 * first lint on, where a charCodeAt loop runs in the interpreter until V8 optimises it: on a cold
 * 1,000-tool file the loops over string bodies and indentation were most of the parse.
 */
// eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings: the run stops there
const STRING_RUN = /[^"\\\u0000-\u001f]*/y;
const WS_RUN = /[ \t\n\r]*/y;

/**
 * Strict JSON (no comments, no trailing commas) of `text[start, end)` into the ordered model, with
 * the span of every member. Iterative, so depth is bounded by `maxDepth` and never by the JS stack;
 * about ten times faster than jsonc-parser's parseTree, which is only used to list errors.
 */
export function parseJsonTree(text: string, start = 0, end = text.length, maxDepth = MAX_JSON_DEPTH, trailing = false): TreeResult {
  const parser = new Parser(text, start, end, maxDepth, trailing);
  try {
    return { ok: true, tree: parser.run() };
  } catch (error) {
    if (error instanceof Failure) return { ok: false, offset: error.offset, message: error.message, tooDeep: error.tooDeep };
    throw error;
  } finally {
    parser.release();
  }
}

class Parser {
  private i: number;
  private readonly info = new Map<object, ContainerInfo>();
  private readonly duplicates: JsonTree['duplicates'] = [];
  private spanTop = 0;
  private memberTop = 0;
  /** The highest member-stack top of this parse (what release clears). */
  private memberHigh = 0;

  constructor(
    private readonly text: string,
    start: number,
    private readonly end: number,
    private readonly maxDepth: number,
    /** Stop after the first value (like Python's raw_decode): text may follow it. */
    private readonly trailing: boolean,
  ) {
    this.i = start;
  }

  /** Drops this parse's values and keys from the shared stacks (they would keep the tree alive). */
  release(): void {
    valueStack.fill(null, 0, this.memberHigh);
    keyStack.fill('', 0, this.memberHigh);
  }

  run(): JsonTree {
    const stack: Frame[] = [];
    this.ws();
    for (;;) {
      let value: JsonValue;
      // Offset and length of the value: numbers, not a span object per primitive.
      let offset: number;
      let length: number;
      const start = this.i;
      const c = this.peek();
      if (c === 123 || c === 91) {
        if (stack.length >= this.maxDepth) this.fail(`nesting deeper than ${this.maxDepth} levels`, start, true);
        const isObject = c === 123;
        const info: ContainerInfo = { offset: start, length: 0, object: isObject, spans: NO_SPANS };
        this.i++;
        this.ws();
        if (this.peek() !== (isObject ? 125 : 93)) {
          const frame: Frame = { info, key: '', keyOffset: 0, keyLength: 0, firstSpan: this.spanTop, firstMember: this.memberTop, seen: undefined };
          if (isObject) this.readKey(frame);
          stack.push(frame);
          continue;
        }
        this.i++;
        info.length = this.i - start;
        value = isObject ? new JsonObject() : [];
        this.info.set(value, info);
      } else {
        value = this.primitive(c);
      }
      offset = start;
      length = this.i - start;
      // Attach finished values to their parents, closing every container that ends here.
      for (;;) {
        const frame = stack[stack.length - 1];
        if (frame === undefined) {
          if (!this.trailing) {
            this.ws();
            if (this.i < this.end) this.fail('end of file expected');
          }
          return { value, span: { offset, length }, info: this.info, duplicates: this.duplicates };
        }
        this.attach(frame, value, offset, length);
        this.ws();
        const d = this.peek();
        const isObject = frame.info.object;
        if (d === 44) {
          this.i++;
          this.ws();
          if (isObject) this.readKey(frame);
          break;
        }
        if (d !== (isObject ? 125 : 93)) this.fail(isObject ? 'comma or close brace expected' : 'comma or close bracket expected');
        this.i++;
        stack.pop();
        value = this.close(frame);
        offset = frame.info.offset;
        length = frame.info.length;
      }
    }
  }

  /** Makes the container of a frame whose closing bracket was just read, and pops its members. */
  private close(frame: Frame): JsonValue {
    const info = frame.info;
    info.length = this.i - info.offset;
    info.spans = spanStack.slice(frame.firstSpan, this.spanTop);
    this.spanTop = frame.firstSpan;
    const values = valueStack.slice(frame.firstMember, this.memberTop);
    const container = info.object ? JsonObject.fromDistinct(keyStack.slice(frame.firstMember, this.memberTop), values) : values;
    this.memberTop = frame.firstMember;
    this.info.set(container, info);
    return container;
  }

  /** The position of `key` among the frame's members so far, or -1. */
  private memberIndex(frame: Frame, key: string): number {
    const count = this.memberTop - frame.firstMember;
    if (frame.seen !== undefined) return frame.seen.get(key) ?? -1;
    for (let j = 0; j < count; j++) if (keyStack[frame.firstMember + j] === key) return j;
    if (count >= SCAN_KEYS) {
      frame.seen = new Map();
      for (let j = 0; j < count; j++) frame.seen.set(keyStack[frame.firstMember + j] as string, j);
    }
    return -1;
  }

  private attach(frame: Frame, value: JsonValue, offset: number, length: number): void {
    if (frame.info.object) {
      const found = this.memberIndex(frame, frame.key);
      if (found >= 0) {
        // Like a Python dict: the first position, the last value (and the last key's span).
        const at = frame.firstSpan + 4 * found;
        this.duplicates.push({ name: frame.key, key: { offset: spanStack[at] as number, length: spanStack[at + 1] as number } });
        spanStack[at] = frame.keyOffset;
        spanStack[at + 1] = frame.keyLength;
        spanStack[at + 2] = offset;
        spanStack[at + 3] = length;
        valueStack[frame.firstMember + found] = value;
        return;
      }
      frame.seen?.set(frame.key, this.memberTop - frame.firstMember);
      keyStack[this.memberTop] = frame.key;
      spanStack[this.spanTop++] = frame.keyOffset;
      spanStack[this.spanTop++] = frame.keyLength;
    }
    valueStack[this.memberTop++] = value;
    if (this.memberTop > this.memberHigh) this.memberHigh = this.memberTop;
    spanStack[this.spanTop++] = offset;
    spanStack[this.spanTop++] = length;
  }

  private readKey(frame: Frame): void {
    const start = this.i;
    if (this.peek() !== 34) this.fail('property name expected');
    frame.key = this.string(true);
    frame.keyOffset = start;
    frame.keyLength = this.i - start;
    this.ws();
    if (this.peek() !== 58) this.fail('colon expected');
    this.i++;
    this.ws();
  }

  private primitive(c: number): JsonValue {
    if (c === 34) return this.string();
    if (c === 45 || (c >= 48 && c <= 57)) {
      NUMBER.lastIndex = this.i;
      const match = NUMBER.exec(this.text);
      if (match === null || this.i + match[0].length > this.end) this.fail('invalid number format');
      const lexeme = match[0];
      this.i += lexeme.length;
      return new JsonNumber(lexeme);
    }
    const word = c === 116 ? 'true' : c === 102 ? 'false' : c === 110 ? 'null' : undefined;
    if (word !== undefined && this.text.startsWith(word, this.i) && this.i + word.length <= this.end) {
      this.i += word.length;
      return c === 116 ? true : c === 102 ? false : null;
    }
    return this.fail(c < 0 ? 'value expected (end of input)' : 'value expected');
  }

  private string(key = false): string {
    const start = this.i;
    let escaped = false;
    for (let j = start + 1; j < this.end; j++) {
      STRING_RUN.lastIndex = j;
      STRING_RUN.test(this.text); // always matches (maybe nothing): j < end <= text.length
      j = STRING_RUN.lastIndex;
      if (j >= this.end) break;
      const c = this.text.charCodeAt(j);
      if (c === 34) {
        this.i = j + 1;
        if (!escaped) return key ? sharedKey(this.text, start + 1, j) : this.text.slice(start + 1, j);
        try {
          return JSON.parse(this.text.slice(start, j + 1)) as string;
        } catch {
          return this.fail('invalid escape character in string', start);
        }
      }
      if (c === 92) {
        escaped = true;
        j++;
      } else if (c < 0x20) {
        this.fail('invalid character in string', j);
      }
    }
    return this.fail('unexpected end of string', this.end);
  }

  private peek(): number {
    return this.i < this.end ? this.text.charCodeAt(this.i) : -1;
  }

  private ws(): void {
    if (this.i >= this.end) return;
    const c = this.text.charCodeAt(this.i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return; // compact JSON: no regex call
    WS_RUN.lastIndex = this.i;
    WS_RUN.test(this.text);
    this.i = Math.min(WS_RUN.lastIndex, this.end);
  }

  private fail(message: string, offset = this.i, tooDeep = false): never {
    throw new Failure(message, offset, tooDeep);
  }
}

/** Every error jsonc-parser reports in `text[start, end)` (at most `max`), offsets in `text`. */
export function syntaxErrors(text: string, start: number, end: number, max = 100): Array<Span & { message: string }> {
  const errors: Array<Span & { message: string }> = [];
  try {
    visit(
      text.slice(start, end),
      {
        onError(code, offset, length) {
          if (errors.length < max) errors.push({ offset: start + offset, length: Math.max(1, length), message: words(printParseErrorCode(code)) });
        },
      },
      { disallowComments: true, allowTrailingComma: false, allowEmptyContent: false },
    );
  } catch {
    // jsonc-parser recurses per nesting level: very deep broken input overflows its stack.
    // The caller still has our own parser's first error.
  }
  return errors;
}

function words(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

/** Span lookups over a parsed tree. */
export class Locator {
  constructor(readonly tree: JsonTree) {}

  container(value: object): Span | undefined {
    const info = this.tree.info.get(value);
    return info === undefined ? undefined : { offset: info.offset, length: info.length };
  }

  key(obj: JsonObject, key: string): Span | undefined {
    return this.entry(obj, key, 0);
  }

  value(obj: JsonObject, key: string): Span | undefined {
    return this.entry(obj, key, 2);
  }

  item(arr: readonly JsonValue[], index: number): Span | undefined {
    const spans = this.tree.info.get(arr)?.spans;
    const offset = spans?.[2 * index];
    return offset === undefined ? undefined : { offset, length: spans?.[2 * index + 1] as number };
  }

  /** The first character of a container (its `{` or `[`): where "missing" problems point. */
  head(value: object): Span | undefined {
    const info = this.tree.info.get(value);
    return info === undefined ? undefined : { offset: info.offset, length: 1 };
  }

  private entry(obj: JsonObject, key: string, part: 0 | 2): Span | undefined {
    const info = this.tree.info.get(obj);
    if (info === undefined || !info.object) return undefined;
    // The spans are in the object's own key order, so its lookup (a scan, or its index) finds them.
    const at = obj.indexOf(key);
    if (at < 0) return undefined;
    return { offset: info.spans[4 * at + part] as number, length: info.spans[4 * at + part + 1] as number };
  }
}
