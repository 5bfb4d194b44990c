import {
  GGML_MAX_DIMS,
  GGML_MAX_NAME,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GgufError,
  alignUp,
  type GgufErrorKind,
  type GgufPart,
  blockLayout,
  ggmlTypeName,
  type GgufItemType,
  type GgufMetadata,
  type GgufValue,
} from './ggufTypes';

export interface GgufTensorInfo {
  name: string;
  /** ne[0] first (the row length). */
  dims: number[];
  type: number;
  /** Offset relative to the data section. */
  offset: number;
  /** Byte size, or undefined for a ggml type this reader does not know. */
  bytes: number | undefined;
}

export interface GgufFileInfo {
  version: number;
  metadata: GgufMetadata;
  tensors: GgufTensorInfo[];
  alignment: number;
  /** Absolute file offset where tensor data starts. */
  dataOffset: number;
}

export interface GgufReadOptions {
  /** The whole file's size when `bytes` is only its beginning; defaults to `bytes.length`. */
  fileSize?: number;
  /**
   * Refuse metadata larger than this (default 64 MiB): a corrupt length field must fail fast, not
   * make the caller read a gigabyte. Real tokenizers take a few MiB (Qwen2's 152k tokens: 6 MB).
   */
  maxHeaderBytes?: number;
}

const DEFAULT_MAX_HEADER = 64 * 1024 * 1024;
/** A JS array item costs 8+ bytes, so even a legal-looking count of one-byte items is capped. */
const MAX_ARRAY_ITEMS = 1 << 24;
/** Smallest encoding of each item type, to reject impossible counts before allocating. */
const MIN_ITEM_BYTES: Record<GgufItemType, number> = {
  uint8: 1, int8: 1, bool: 1, uint16: 2, int16: 2, uint32: 4, int32: 4, float32: 4,
  uint64: 8, int64: 8, float64: 8, string: 8,
};
const TYPE_BY_CODE: readonly (GgufItemType | 'array')[] = [
  'uint8', 'int8', 'uint16', 'int16', 'uint32', 'int32', 'float32', 'bool', 'string', 'array', 'uint64', 'int64', 'float64',
];

/** What is being read, for error messages; a function so the hot loop over tokens builds no strings. */
type Description = string | (() => string);
const describe = (what: Description): string => (typeof what === 'string' ? what : what());

/** Thrown inside the parser when a prefix buffer ends before the metadata does. */
class NeedMoreBytes extends Error {
  constructor(
    readonly needed: number,
    readonly where: GgufPart,
  ) {
    super(`need ${needed} bytes`);
  }
}

class Cursor {
  pos = 0;
  /** The part being read, set by the parser as it goes, so every error says where it is. */
  where: GgufPart = { part: 'header' };
  private readonly view: DataView;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });

  constructor(private readonly bytes: Uint8Array, readonly fileSize: number, readonly maxHeader: number) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  /**
   * Makes sure `n` more bytes are readable, or says precisely why not; `reportAt` is the offset to
   * blame (a string's length field rather than its first byte).
   */
  need(n: number, what: Description, reportAt = this.pos): number {
    const at = this.pos;
    const end = at + n;
    if (end > this.maxHeader) throw this.error('corrupt', `${describe(what)} needs ${n} bytes, beyond the ${this.maxHeader}-byte metadata limit`, reportAt);
    if (end > this.fileSize) throw this.error('truncated', `${describe(what)} needs ${n} bytes but the file ends at byte ${this.fileSize}`, reportAt);
    if (end > this.bytes.length) throw new NeedMoreBytes(end, this.where);
    this.pos = end;
    return at;
  }

  u8(what: string): number {
    return this.view.getUint8(this.need(1, what));
  }
  u32(what: string): number {
    return this.view.getUint32(this.need(4, what), true);
  }
  /** A u64 count or length: larger than 2^53 can only be corruption. */
  size(what: Description): number {
    const at = this.pos;
    const value = this.view.getBigUint64(this.need(8, what), true);
    if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw this.error('corrupt', `${describe(what)} ${value} is absurd`, at);
    return Number(value);
  }
  string(what: Description): string {
    const at = this.pos;
    const length = this.size(() => `${describe(what)} length`);
    const start = this.need(length, what, at);
    try {
      return this.decoder.decode(this.bytes.subarray(start, start + length));
    } catch {
      throw this.error('corrupt', `${describe(what)} is not valid UTF-8`, at);
    }
  }
  item(type: GgufItemType, what: Description): number | bigint | boolean | string {
    const v = this.view;
    switch (type) {
      case 'uint8': return v.getUint8(this.need(1, what));
      case 'int8': return v.getInt8(this.need(1, what));
      case 'uint16': return v.getUint16(this.need(2, what), true);
      case 'int16': return v.getInt16(this.need(2, what), true);
      case 'uint32': return v.getUint32(this.need(4, what), true);
      case 'int32': return v.getInt32(this.need(4, what), true);
      case 'float32': return v.getFloat32(this.need(4, what), true);
      case 'float64': return v.getFloat64(this.need(8, what), true);
      case 'uint64': return v.getBigUint64(this.need(8, what), true);
      case 'int64': return v.getBigInt64(this.need(8, what), true);
      case 'bool': return v.getInt8(this.need(1, what)) !== 0;
      case 'string': return this.string(what);
    }
  }
  error(kind: GgufErrorKind, detail: string, at: number): GgufError {
    return new GgufError(kind, detail, at, this.where);
  }
  /** Rejects a count whose smallest possible encoding does not fit in the rest of the file. */
  fits(count: number, minBytes: number, what: string, at: number): void {
    const needed = count * minBytes;
    const headerLeft = this.maxHeader - this.pos;
    if (needed > headerLeft) throw this.error('corrupt', `${what} ${count} cannot fit in the ${this.maxHeader}-byte metadata limit`, at);
    const fileLeft = this.fileSize - this.pos;
    if (needed > fileLeft) throw this.error('truncated', `${what} ${count} cannot fit in the ${fileLeft} bytes left in the file`, at);
  }
}

/**
 * Reads a GGUF file's metadata and tensor infos from its bytes (all of them, or a prefix with
 * `fileSize`). Every length and count is checked against the bytes left before anything is
 * allocated, so corrupt input gives a GgufError with the offset, never a hang or a huge allocation.
 */
export function parseGguf(bytes: Uint8Array, options: GgufReadOptions = {}): GgufFileInfo {
  const result = parse(bytes, options);
  if (result instanceof NeedMoreBytes) {
    throw new GgufError('truncated', `metadata continues past the ${bytes.length} bytes given`, bytes.length, result.where);
  }
  return result;
}

/**
 * Reads metadata through a random-access callback (a file handle, a fetch with Range, …), fetching
 * a growing prefix until the header is complete, so a 1.3 GB model costs a few MiB of reads.
 */
export async function readGguf(
  readAt: (offset: number, length: number) => Promise<Uint8Array> | Uint8Array,
  fileSize: number,
  options: Omit<GgufReadOptions, 'fileSize'> & { initialBytes?: number } = {},
): Promise<GgufFileInfo> {
  let size = Math.min(fileSize, options.initialBytes ?? 1 << 20);
  for (;;) {
    const bytes = await readAt(0, size);
    if (bytes.length < size) throw new GgufError('truncated', `file ended after ${bytes.length} of ${fileSize} bytes`, bytes.length);
    const result = parse(bytes, { ...options, fileSize });
    if (!(result instanceof NeedMoreBytes)) return result;
    // Doubling keeps the total re-reading linear in the header size.
    size = Math.min(fileSize, Math.max(size * 2, result.needed));
  }
}

function parse(bytes: Uint8Array, options: GgufReadOptions): GgufFileInfo | NeedMoreBytes {
  const fileSize = options.fileSize ?? bytes.length;
  const cursor = new Cursor(bytes, fileSize, options.maxHeaderBytes ?? DEFAULT_MAX_HEADER);
  try {
    return parseHeader(cursor);
  } catch (error) {
    if (error instanceof NeedMoreBytes) return error;
    throw error;
  }
}

function parseHeader(c: Cursor): GgufFileInfo {
  const magic = c.u32('magic');
  if (magic !== GGUF_MAGIC) throw c.error('corrupt', `not a GGUF file (magic 0x${magic.toString(16).padStart(8, '0')})`, 0);
  const version = c.u32('version');
  if (version !== 2 && version !== 3) {
    // A big-endian file keeps the magic bytes but stores the version byte-swapped.
    const bigEndian = version === 0x02000000 || version === 0x03000000;
    const why = version === 1 ? 'GGUF v1 is not supported' : bigEndian ? 'big-endian GGUF is not supported' : `unknown GGUF version ${version}`;
    throw c.error('unsupported', why, 4);
  }
  const tensorCountAt = c.pos;
  const tensorCount = c.size('tensor count');
  const kvCountAt = c.pos;
  const kvCount = c.size('metadata count');
  // Smallest key/value: 8-byte length + 1-byte key + 4-byte type + 1-byte value.
  c.fits(kvCount, 14, 'metadata count', kvCountAt);
  c.fits(tensorCount, 33, 'tensor count', tensorCountAt);

  const metadata: GgufMetadata = new Map();
  let alignment = GGUF_DEFAULT_ALIGNMENT;
  for (let i = 0; i < kvCount; i++) {
    c.where = { part: 'metadata', keyIndex: i, keyCount: kvCount, field: 'name' };
    const keyAt = c.pos;
    const key = c.string(`key ${i}`);
    c.where = { part: 'metadata', keyIndex: i, keyCount: kvCount, field: 'value', key };
    if (key.length === 0) throw c.error('corrupt', `key ${i} is empty`, keyAt);
    if (metadata.has(key)) throw c.error('corrupt', `duplicate key "${key}"`, keyAt);
    const valueAt = c.pos;
    const value = readValue(c, key);
    if (key === 'general.alignment') {
      if (value.type !== 'uint32' || value.value === 0 || (value.value & (value.value - 1)) !== 0) {
        throw c.error('corrupt', 'general.alignment must be a uint32 power of two', valueAt);
      }
      alignment = value.value;
    }
    metadata.set(key, value);
  }

  const tensors: GgufTensorInfo[] = [];
  const names = new Set<string>();
  let expectedOffset = 0;
  let sizesKnown = true;
  for (let i = 0; i < tensorCount; i++) {
    c.where = { part: 'tensor-info', tensorIndex: i, tensorCount };
    const nameAt = c.pos;
    const name = c.string(`tensor ${i} name`);
    c.where = { part: 'tensor-info', tensorIndex: i, tensorCount, tensor: name };
    if (name.length === 0 || new TextEncoder().encode(name).length >= GGML_MAX_NAME) {
      throw c.error('corrupt', `tensor ${i} name "${name}" must be 1–${GGML_MAX_NAME - 1} bytes`, nameAt);
    }
    if (names.has(name)) throw c.error('corrupt', `duplicate tensor name "${name}"`, nameAt);
    names.add(name);
    const dimsAt = c.pos;
    const nDims = c.u32(`tensor "${name}" dimension count`);
    if (nDims > GGML_MAX_DIMS) throw c.error('corrupt', `tensor "${name}" has ${nDims} dimensions (at most ${GGML_MAX_DIMS})`, dimsAt);
    const dims: number[] = [];
    for (let d = 0; d < nDims; d++) dims.push(c.size(`tensor "${name}" dimension ${d}`));
    const typeAt = c.pos;
    const type = c.u32(`tensor "${name}" type`);
    const offsetAt = c.pos;
    const offset = c.size(`tensor "${name}" offset`);
    const layout = blockLayout(type);
    let bytes: number | undefined;
    if (layout) {
      if ((dims[0] ?? 1) % layout.blockSize !== 0) {
        throw c.error('corrupt', `tensor "${name}" row length ${dims[0]} is not a multiple of ${ggmlTypeName(type)}'s block size ${layout.blockSize}`, typeAt);
      }
      bytes = (dims.reduce((a, b) => a * b, 1) / layout.blockSize) * layout.blockBytes;
      if (!Number.isSafeInteger(bytes)) throw c.error('corrupt', `tensor "${name}" shape [${dims.join(', ')}] is absurd`, dimsAt);
    }
    // ggml requires tensors packed in order, each at the padded end of the previous one.
    if (sizesKnown && offset !== expectedOffset) {
      throw c.error('corrupt', `tensor "${name}" has offset ${offset}, expected ${expectedOffset}`, offsetAt);
    }
    if (bytes === undefined) sizesKnown = false;
    else expectedOffset += alignUp(bytes, alignment);
    tensors.push({ name, dims, type, offset, bytes });
  }

  const dataOffset = tensorCount > 0 ? alignUp(c.pos, alignment) : c.pos;
  const last = tensors[tensors.length - 1];
  // Tensors are packed in order, so the last one's end is the size of a complete file.
  const expectedSize = sizesKnown && last?.bytes !== undefined ? dataOffset + last.offset + last.bytes : undefined;
  for (const tensor of tensors) {
    if (tensor.bytes === undefined) break;
    const end = dataOffset + tensor.offset + tensor.bytes;
    if (end > c.fileSize) {
      throw new GgufError('truncated', `tensor "${tensor.name}" data ends at byte ${end} but the file has ${c.fileSize} bytes`, c.fileSize, { part: 'tensor-data', tensor: tensor.name }, expectedSize);
    }
  }
  return { version, metadata, tensors, alignment, dataOffset };
}

function readValue(c: Cursor, key: string): GgufValue {
  const typeAt = c.pos;
  const type = decodeType(c, c.u32(`type of "${key}"`), key, typeAt);
  if (type !== 'array') return { type, value: c.item(type, `value of "${key}"`) } as GgufValue;
  const itemTypeAt = c.pos;
  const itemType = decodeType(c, c.u32(`item type of "${key}"`), key, itemTypeAt);
  if (itemType === 'array') throw c.error('unsupported', `"${key}" is a nested array`, itemTypeAt);
  const countAt = c.pos;
  const count = c.size(`item count of "${key}"`);
  if (count > MAX_ARRAY_ITEMS) throw c.error('corrupt', `"${key}" item count ${count} is over the ${MAX_ARRAY_ITEMS} limit`, countAt);
  c.fits(count, MIN_ITEM_BYTES[itemType], `"${key}" item count`, countAt);
  const items: (number | bigint | boolean | string)[] = [];
  for (let i = 0; i < count; i++) items.push(c.item(itemType, () => `"${key}"[${i}]`));
  return { type: 'array', itemType, items } as GgufValue;
}

function decodeType(c: Cursor, code: number, key: string, at: number): GgufItemType | 'array' {
  const type = TYPE_BY_CODE[code];
  if (type === undefined) throw c.error('corrupt', `"${key}" has unknown value type ${code}`, at);
  return type;
}
