import { InputError } from '../errors';

/**
 * GGUF metadata value types with their on-disk codes (GGUF v3 spec, ggml's `enum gguf_type`).
 * Names rather than numbers in the API so tests and callers read clearly.
 */
export const GGUF_VALUE_CODES = {
  uint8: 0,
  int8: 1,
  uint16: 2,
  int16: 3,
  uint32: 4,
  int32: 5,
  float32: 6,
  bool: 7,
  string: 8,
  array: 9,
  uint64: 10,
  int64: 11,
  float64: 12,
} as const;

export type GgufNumberType = 'uint8' | 'int8' | 'uint16' | 'int16' | 'uint32' | 'int32' | 'float32' | 'float64';
export type GgufBigIntType = 'uint64' | 'int64';
export type GgufItemType = GgufNumberType | GgufBigIntType | 'bool' | 'string';

/** 64-bit integers stay bigint so a round trip never loses precision. */
export type GgufScalar =
  | { type: GgufNumberType; value: number }
  | { type: GgufBigIntType; value: bigint }
  | { type: 'bool'; value: boolean }
  | { type: 'string'; value: string };

/** ggml refuses nested arrays, so an array holds scalars of one type only. */
export type GgufArray =
  | { type: 'array'; itemType: GgufNumberType; items: readonly number[] }
  | { type: 'array'; itemType: GgufBigIntType; items: readonly bigint[] }
  | { type: 'array'; itemType: 'bool'; items: readonly boolean[] }
  | { type: 'array'; itemType: 'string'; items: readonly string[] };

export type GgufValue = GgufScalar | GgufArray;

/** Key order is kept: readers such as llama.cpp do not care, but byte-for-byte round trips do. */
export type GgufMetadata = Map<string, GgufValue>;

/** Short constructors so metadata literals stay readable. */
export const gguf = {
  u8: (value: number): GgufValue => ({ type: 'uint8', value }),
  i8: (value: number): GgufValue => ({ type: 'int8', value }),
  u16: (value: number): GgufValue => ({ type: 'uint16', value }),
  i16: (value: number): GgufValue => ({ type: 'int16', value }),
  u32: (value: number): GgufValue => ({ type: 'uint32', value }),
  i32: (value: number): GgufValue => ({ type: 'int32', value }),
  f32: (value: number): GgufValue => ({ type: 'float32', value }),
  f64: (value: number): GgufValue => ({ type: 'float64', value }),
  u64: (value: bigint): GgufValue => ({ type: 'uint64', value }),
  i64: (value: bigint): GgufValue => ({ type: 'int64', value }),
  bool: (value: boolean): GgufValue => ({ type: 'bool', value }),
  str: (value: string): GgufValue => ({ type: 'string', value }),
  strings: (items: readonly string[]): GgufValue => ({ type: 'array', itemType: 'string', items }),
  numbers: (itemType: GgufNumberType, items: readonly number[]): GgufValue => ({ type: 'array', itemType, items }),
};

/** Typed accessors for callers that expect a particular shape of value. */
export function metadataString(metadata: GgufMetadata, key: string): string | undefined {
  const value = metadata.get(key);
  return value?.type === 'string' ? value.value : undefined;
}

export function metadataNumber(metadata: GgufMetadata, key: string): number | undefined {
  const value = metadata.get(key);
  if (value === undefined || value.type === 'array' || value.type === 'string' || value.type === 'bool') return undefined;
  return Number(value.value);
}

export const GGUF_MAGIC = 0x46554747; // "GGUF" read as a little-endian u32
export const GGUF_VERSION = 3;
export const GGUF_DEFAULT_ALIGNMENT = 32;
/** ggml stores names in a fixed char[64] including the terminating NUL. */
export const GGML_MAX_NAME = 64;
export const GGML_MAX_DIMS = 4;

/** ggml tensor types we know the block layout of (ids from ggml.h `enum ggml_type`). */
export const GGML_TYPE = {
  F32: 0, F16: 1, Q4_0: 2, Q4_1: 3, Q5_0: 6, Q5_1: 7, Q8_0: 8, Q8_1: 9,
  Q2_K: 10, Q3_K: 11, Q4_K: 12, Q5_K: 13, Q6_K: 14, Q8_K: 15,
  IQ2_XXS: 16, IQ2_XS: 17, IQ3_XXS: 18, IQ1_S: 19, IQ4_NL: 20, IQ3_S: 21, IQ2_S: 22, IQ4_XS: 23,
  I8: 24, I16: 25, I32: 26, I64: 27, F64: 28, IQ1_M: 29, BF16: 30, TQ1_0: 34, TQ2_0: 35, MXFP4: 39,
} as const;
export type GgmlTypeName = keyof typeof GGML_TYPE;

/** [elements per block, bytes per block], from the block structs in ggml-common.h. */
const BLOCK_LAYOUT: Record<number, readonly [number, number]> = {
  0: [1, 4], 1: [1, 2], 2: [32, 18], 3: [32, 20], 6: [32, 22], 7: [32, 24], 8: [32, 34], 9: [32, 36],
  10: [256, 84], 11: [256, 110], 12: [256, 144], 13: [256, 176], 14: [256, 210], 15: [256, 292],
  16: [256, 66], 17: [256, 74], 18: [256, 98], 19: [256, 50], 20: [32, 18], 21: [256, 110], 22: [256, 82], 23: [256, 136],
  24: [1, 1], 25: [1, 2], 26: [1, 4], 27: [1, 8], 28: [1, 8], 29: [256, 56], 30: [1, 2], 34: [256, 54], 35: [256, 66], 39: [32, 17],
};

export function ggmlTypeName(type: number): string {
  const entry = Object.entries(GGML_TYPE).find(([, id]) => id === type);
  return entry ? entry[0] : `type ${type}`;
}

export function blockLayout(type: number): { blockSize: number; blockBytes: number } | undefined {
  const layout = BLOCK_LAYOUT[type];
  return layout ? { blockSize: layout[0], blockBytes: layout[1] } : undefined;
}

/** Bytes a tensor of this type and shape occupies, or undefined for a type we do not know. */
export function tensorByteSize(type: number, dims: readonly number[]): number | undefined {
  const layout = blockLayout(type);
  if (!layout) return undefined;
  const elements = dims.reduce((a, b) => a * b, 1);
  return (elements / layout.blockSize) * layout.blockBytes;
}

export function alignUp(offset: number, alignment: number): number {
  return Math.ceil(offset / alignment) * alignment;
}

export type GgufErrorKind = 'truncated' | 'corrupt' | 'unsupported';

/**
 * Which part of the file a problem is in, in the order a GGUF is laid out: the fixed header
 * (magic, version, counts), a metadata key's name or value, a tensor's description (name, shape,
 * type, offset), or the tensor data after them.
 */
export type GgufPart =
  | { part: 'header' }
  | { part: 'metadata'; keyIndex: number; keyCount: number; field: 'name' | 'value'; key?: string }
  | { part: 'tensor-info'; tensorIndex: number; tensorCount: number; tensor?: string }
  | { part: 'tensor-data'; tensor: string };

/**
 * A GGUF file that cannot be read: what is wrong, which part of the file, the byte offset, and,
 * when the tensor infos could be read, how long a complete file is. It is an InputError so the CLI
 * reports it as bad input (exit 1); describeGgufError() turns it into a sentence for people.
 */
export class GgufError extends InputError {
  constructor(
    readonly kind: GgufErrorKind,
    /** The problem alone, without offset or part (the message adds them). */
    readonly detail: string,
    readonly byteOffset: number,
    readonly where: GgufPart = { part: 'header' },
    /** The size a complete file has, when the tensor infos say so. */
    readonly expectedSize?: number,
  ) {
    super(`GGUF ${kind} at byte ${byteOffset}: ${detail}`);
    this.name = 'GgufError';
  }
}
