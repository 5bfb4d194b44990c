import { ByteSink } from './byteSink';
import {
  GGML_MAX_DIMS,
  GGML_MAX_NAME,
  GGUF_DEFAULT_ALIGNMENT,
  GGUF_MAGIC,
  GGUF_VERSION,
  GGUF_VALUE_CODES,
  alignUp,
  blockLayout,
  ggmlTypeName,
  type GgufItemType,
  type GgufMetadata,
  type GgufValue,
} from './ggufTypes';

export interface GgufTensorSource {
  name: string;
  /** ne[0] first: the row length (innermost dimension), as llama.cpp's create_tensor lists shapes. */
  dims: readonly number[];
  /** A ggml type id (GGML_TYPE). */
  type: number;
  /**
   * Produces exactly the tensor's bytes, in chunks of any size. Called once, when the writer reaches
   * the tensor, so a 1.3 GB model is generated while it streams and never held in memory.
   */
  data: () => Iterable<Uint8Array>;
}

export interface GgufDocument {
  metadata: GgufMetadata;
  tensors: readonly GgufTensorSource[];
}

export interface GgufLayout {
  /** Header, metadata, tensor infos and the padding before the data section. */
  header: Uint8Array;
  alignment: number;
  /** Absolute file offset of the data section. */
  dataOffset: number;
  /** Each tensor's byte size and offset relative to the data section. */
  tensors: { name: string; bytes: number; offset: number }[];
  totalBytes: number;
}

const encoder = new TextEncoder();

/** Computes the whole file layout up front, so the total size is known before any data is produced. */
export function layoutGguf(doc: GgufDocument): GgufLayout {
  const alignment = alignmentOf(doc.metadata);
  const tensors: GgufLayout['tensors'] = [];
  let offset = 0;
  const names = new Set<string>();
  for (const tensor of doc.tensors) {
    if (names.has(tensor.name)) throw new Error(`duplicate tensor name "${tensor.name}"`);
    names.add(tensor.name);
    const bytes = checkTensor(tensor);
    tensors.push({ name: tensor.name, bytes, offset });
    // ggml requires every tensor's offset to be the padded sum of the tensors before it.
    offset += alignUp(bytes, alignment);
  }

  const sink = new ByteSink();
  sink.u32(GGUF_MAGIC);
  sink.u32(GGUF_VERSION);
  sink.u64(doc.tensors.length);
  sink.u64(doc.metadata.size);
  for (const [key, value] of doc.metadata) {
    if (key.length === 0) throw new Error('metadata keys must not be empty');
    sink.string(key);
    writeValue(sink, key, value);
  }
  doc.tensors.forEach((tensor, i) => {
    sink.string(tensor.name);
    sink.u32(tensor.dims.length);
    for (const dim of tensor.dims) sink.u64(dim);
    sink.u32(tensor.type);
    sink.u64((tensors[i] as { offset: number }).offset);
  });
  // ggml only pads before the data section when there is one.
  const dataOffset = doc.tensors.length > 0 ? alignUp(sink.length, alignment) : sink.length;
  sink.zeros(dataOffset - sink.length);
  return { header: sink.toBytes(), alignment, dataOffset, tensors, totalBytes: dataOffset + offset };
}

/**
 * Streams a GGUF v3 file as chunks: the header first, then each tensor's data followed by its
 * alignment padding. Throws if a tensor's data source yields a different number of bytes than its
 * shape and type require, since a wrong size would silently shift every later tensor.
 */
export function* writeGguf(doc: GgufDocument, layout: GgufLayout = layoutGguf(doc)): Generator<Uint8Array, void, undefined> {
  yield layout.header;
  const padding = new Uint8Array(layout.alignment);
  for (const [i, tensor] of doc.tensors.entries()) {
    const expected = (layout.tensors[i] as { bytes: number }).bytes;
    let produced = 0;
    for (const chunk of tensor.data()) {
      produced += chunk.length;
      if (produced > expected) break;
      yield chunk;
    }
    if (produced !== expected) {
      const what = produced > expected ? `more than the ${expected} bytes its shape needs` : `${produced} bytes, expected ${expected}`;
      throw new Error(`tensor "${tensor.name}" produced ${what}`);
    }
    const pad = alignUp(expected, layout.alignment) - expected;
    if (pad > 0) yield padding.subarray(0, pad);
  }
}

/** Writes a whole document into one buffer: for tests and small files only. */
export function writeGgufToBuffer(doc: GgufDocument): Uint8Array {
  const layout = layoutGguf(doc);
  const out = new Uint8Array(layout.totalBytes);
  let at = 0;
  for (const chunk of writeGguf(doc, layout)) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function alignmentOf(metadata: GgufMetadata): number {
  const value = metadata.get('general.alignment');
  if (value === undefined) return GGUF_DEFAULT_ALIGNMENT;
  if (value.type !== 'uint32' || value.value <= 0 || (value.value & (value.value - 1)) !== 0) {
    throw new Error('general.alignment must be a uint32 power of two');
  }
  return value.value;
}

function checkTensor(tensor: GgufTensorSource): number {
  const nameBytes = encoder.encode(tensor.name).length;
  if (nameBytes === 0 || nameBytes >= GGML_MAX_NAME) throw new Error(`tensor name "${tensor.name}" must be 1–${GGML_MAX_NAME - 1} bytes`);
  if (tensor.dims.length < 1 || tensor.dims.length > GGML_MAX_DIMS) throw new Error(`tensor "${tensor.name}" must have 1–${GGML_MAX_DIMS} dimensions`);
  if (tensor.dims.some((dim) => !Number.isSafeInteger(dim) || dim < 1)) throw new Error(`tensor "${tensor.name}" has an invalid shape [${tensor.dims.join(', ')}]`);
  const layout = blockLayout(tensor.type);
  if (!layout) throw new Error(`tensor "${tensor.name}" has unknown ggml type ${tensor.type}`);
  const rowLength = tensor.dims[0] as number;
  if (rowLength % layout.blockSize !== 0) {
    throw new Error(`tensor "${tensor.name}": row length ${rowLength} is not a multiple of ${ggmlTypeName(tensor.type)}'s block size ${layout.blockSize}`);
  }
  const elements = tensor.dims.reduce((a, b) => a * b, 1);
  return (elements / layout.blockSize) * layout.blockBytes;
}

const INT_RANGES: Record<string, readonly [number, number]> = {
  uint8: [0, 0xff], int8: [-0x80, 0x7f], uint16: [0, 0xffff], int16: [-0x8000, 0x7fff],
  uint32: [0, 0xffffffff], int32: [-0x80000000, 0x7fffffff],
};

function writeValue(sink: ByteSink, key: string, value: GgufValue): void {
  sink.u32(GGUF_VALUE_CODES[value.type]);
  if (value.type === 'array') {
    sink.u32(GGUF_VALUE_CODES[value.itemType]);
    sink.u64(value.items.length);
    for (const item of value.items) writeItem(sink, key, value.itemType, item);
  } else {
    writeItem(sink, key, value.type, value.value);
  }
}

function writeItem(sink: ByteSink, key: string, type: GgufItemType, item: number | bigint | boolean | string): void {
  const range = INT_RANGES[type];
  if (range && (typeof item !== 'number' || !Number.isInteger(item) || item < range[0] || item > range[1])) {
    throw new Error(`metadata "${key}": ${String(item)} is not a valid ${type}`);
  }
  switch (type) {
    case 'uint8': return sink.u8(item as number);
    case 'int8': return sink.i8(item as number);
    case 'uint16': return sink.u16(item as number);
    case 'int16': return sink.i16(item as number);
    case 'uint32': return sink.u32(item as number);
    case 'int32': return sink.i32(item as number);
    case 'float32': return sink.f32(item as number);
    case 'float64': return sink.f64(item as number);
    case 'bool': return sink.u8(item ? 1 : 0);
    case 'string': return sink.string(item as string);
    case 'uint64':
    case 'int64': {
      const big = item as bigint;
      const ok = type === 'uint64' ? big >= 0n && big < 1n << 64n : big >= -(1n << 63n) && big < 1n << 63n;
      if (!ok) throw new Error(`metadata "${key}": ${big} is not a valid ${type}`);
      return type === 'uint64' ? sink.u64(big) : sink.i64(big);
    }
  }
}
