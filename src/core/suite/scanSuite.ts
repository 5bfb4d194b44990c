import { createHash } from 'node:crypto';
import { MAX_JSON_DEPTH } from '../json/jsonDepth';

/** Bytes of a file read at a position (the CLI hands fs.readSync): core opens no file itself. */
export interface ByteSource {
  /** Fills `into` from byte `position` on; returns how many bytes it read (0 at the end). */
  read(into: Uint8Array, position: number): number;
}

/** Where each case of the "cases" list is: its bytes [start, end), and its first character. */
export interface CaseSpans {
  byteStart: number[];
  byteEnd: number[];
  /** UTF-16 offset in the suite's text (a BOM counts), 1-based line and column: as readSuite locates. */
  offset: number[];
  line: number[];
  column: number[];
}

export interface SuiteScan {
  /** The suite's text with the inside of its "cases" list left out: the small rest, read as a whole. */
  skeleton: string;
  sha256: string;
  cases: CaseSpans;
}

const CHUNK = 1 << 20;
const [QUOTE, BACKSLASH, COMMA, COLON, OPEN_BRACE, CLOSE_BRACE, OPEN_BRACKET, CLOSE_BRACKET] = [0x22, 0x5c, 0x2c, 0x3a, 0x7b, 0x7d, 0x5b, 0x5d];
const isSpace = (b: number): boolean => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;

/**
 * One pass over a suite's bytes, a chunk at a time, that finds each case of the root's "cases"
 * list without parsing it. Undefined when the file is anything but plain JSON the scan is sure
 * of (invalid UTF-8, nesting past MAX_JSON_DEPTH, a stray byte between cases, a second "cases"
 * list, not an object): the caller then reads the file whole, and its errors are readSuite's.
 * What the scan does not check (the rest of the root, each case's inside) the caller parses.
 */
export function scanSuite(source: ByteSource): SuiteScan | undefined {
  const scanner = new Scanner();
  const chunk = new Uint8Array(CHUNK);
  const hash = createHash('sha256');
  const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let position = 0;
  for (let n = source.read(chunk, position); n > 0; n = source.read(chunk, position)) {
    const bytes = chunk.subarray(0, n);
    hash.update(bytes);
    if (!validUtf8(() => utf8.decode(bytes, { stream: true })) || !scanner.push(bytes)) return undefined;
    position += n;
  }
  if (!validUtf8(() => utf8.decode()) || !scanner.done()) return undefined;
  return { skeleton: TEXT.decode(concat(scanner.kept)), sha256: hash.digest('hex'), cases: scanner.cases };
}

const TEXT = new TextDecoder('utf-8', { ignoreBOM: true });

function concat(pieces: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}

function validUtf8(decode: () => unknown): boolean {
  try {
    decode();
    return true;
  } catch (error) {
    if (error instanceof TypeError) return false;
    throw error;
  }
}

type ListState = 'off' | 'first' | 'next' | 'in' | 'after' | 'closed';

class Scanner {
  readonly cases: CaseSpans = { byteStart: [], byteEnd: [], offset: [], line: [], column: [] };
  /** The skeleton's bytes, piece by piece. */
  readonly kept: Uint8Array[] = [];
  private pos = 0;
  private char = 0;
  private line = 1;
  private lineStart = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private started = false;
  /** At the root's level: a key comes next, a key is being read, its value comes next. */
  private expectKey = false;
  private key: number[] | undefined;
  private lastKey = '';
  private expectValue = false;
  private list: ListState = 'off';

  /** Scans one chunk; false when the file is not one the scan is sure of. */
  push(bytes: Uint8Array): boolean {
    let keepFrom = this.list === 'first' || this.list === 'next' || this.list === 'in' || this.list === 'after' ? -1 : 0;
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i] as number;
      const cut = this.byte(b, this.pos + i);
      if (cut === false) return false;
      if (cut === 'open' && keepFrom >= 0) {
        this.kept.push(bytes.slice(keepFrom, i + 1));
        keepFrom = -1;
      } else if (cut === 'close') keepFrom = i;
      if ((b & 0xc0) !== 0x80) this.char += b >= 0xf0 ? 2 : 1; // a 4-byte character is 2 UTF-16 units
      if (b === 0x0a) {
        this.line++;
        this.lineStart = this.char;
      }
    }
    if (keepFrom >= 0) this.kept.push(bytes.slice(keepFrom));
    this.pos += bytes.length;
    return true;
  }

  done(): boolean {
    return this.started && this.depth === 0 && !this.inString && (this.list === 'off' || this.list === 'closed');
  }

  /** One byte: false to give up, 'open'/'close' where the cases list's inside starts and ends. */
  private byte(b: number, at: number): boolean | 'open' | 'close' {
    if (this.inString) {
      if (this.escaped) this.escaped = false;
      else if (b === BACKSLASH) this.escaped = true;
      else if (b === QUOTE) {
        this.inString = false;
        if (this.key !== undefined) this.endKey();
        return true;
      }
      if (this.key !== undefined && this.key.push(b) > 64) this.key = undefined; // longer than any spelling of "cases"
      return true;
    }
    const inList = this.list !== 'off' && this.list !== 'closed' && this.depth === 2;
    if (inList && isSpace(b)) return true;
    switch (b) {
      case QUOTE:
        if (inList) return false;
        this.inString = true;
        if (this.depth === 1 && this.expectKey) {
          this.key = [];
          this.lastKey = ''; // until the key is read (a long one never is: it is not "cases")
        }
        this.expectKey = false;
        this.expectValue = false;
        return true;
      case OPEN_BRACE:
      case OPEN_BRACKET:
        return this.open(b, at, inList);
      case CLOSE_BRACE:
      case CLOSE_BRACKET:
        return this.close(b, at, inList);
      case COMMA:
        if (inList) {
          if (this.list !== 'after') return false;
          this.list = 'next';
        }
        if (this.depth === 1) this.expectKey = true;
        return true;
      case COLON:
        if (inList) return false;
        if (this.depth === 1) this.expectValue = true;
        return true;
      default:
        if (inList) return false;
        if (this.depth === 1 && !isSpace(b)) this.expectValue = false;
        return true;
    }
  }

  private open(b: number, at: number, inList: boolean): boolean | 'open' {
    if (this.depth >= MAX_JSON_DEPTH) return false;
    if (this.depth === 0) {
      if (this.started || b !== OPEN_BRACE) return false;
      this.started = true;
      this.expectKey = true;
    }
    this.depth++;
    if (inList) {
      if (this.list === 'after' || b !== OPEN_BRACE) return false;
      const { cases } = this;
      cases.byteStart.push(at);
      cases.offset.push(this.char);
      cases.line.push(this.line);
      cases.column.push(this.char - this.lineStart + 1);
      this.list = 'in';
      return true;
    }
    if (this.depth === 2 && this.expectValue) {
      this.expectValue = false;
      if (this.lastKey === 'cases' && b === OPEN_BRACKET) {
        if (this.list !== 'off') return false; // a second "cases" list
        this.list = 'first';
        return 'open';
      }
    }
    return true;
  }

  private close(b: number, at: number, inList: boolean): boolean | 'close' {
    if (this.depth === 0) return false;
    this.depth--;
    if (inList) {
      // The list ends: after a case or at once, never after a comma.
      if (b !== CLOSE_BRACKET || (this.list !== 'first' && this.list !== 'after')) return false;
      this.list = 'closed';
      return 'close';
    }
    if (this.list === 'in' && this.depth === 2) {
      this.cases.byteEnd.push(at + 1);
      this.list = 'after';
    }
    return true;
  }

  private endKey(): void {
    const bytes = this.key as number[];
    this.key = undefined;
    try {
      this.lastKey = JSON.parse(`"${TEXT.decode(Uint8Array.from(bytes))}"`) as string;
    } catch {
      this.lastKey = ''; // not a valid string: the skeleton's parse reports it
    }
  }
}
