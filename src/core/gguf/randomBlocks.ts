import { GGML_TYPE, blockLayout, ggmlTypeName } from './ggufTypes';
import { f32ToF16 } from './quantize';
import type { SeededRandom } from './random';

/**
 * Random tensor data written directly in ggml block layouts. The weights are random anyway, so
 * quantizing random floats would only cost time: random quants plus a scale chosen for the wanted
 * spread give valid blocks whose values have mean ≈ 0 and standard deviation ≈ `std`.
 */

const CHUNK_BYTES = 1 << 20;

/** Root mean square of integers uniform in [lo, hi], to turn a wanted spread into a block scale. */
function uniformRms(lo: number, hi: number): number {
  const n = hi - lo + 1;
  const mean = (lo + hi) / 2;
  return Math.sqrt((n * n - 1) / 12 + mean * mean);
}

/** Q8_0 quants are raw int8 (-128..127). */
const Q8_0_RMS = uniformRms(-128, 127);
/** Q5_0 quants are 5-bit minus 16 (-16..15). */
const Q5_0_RMS = uniformRms(-16, 15);
/** Q6_K quants are 6-bit minus 32; our sub-block scales are ±(16..47). */
const Q6_K_RMS = uniformRms(-32, 31) * uniformRms(16, 47);
/** Q4_K: sub-block scales 32..63 times (q - 7.5) for 4-bit q, once the min cancels the mean. */
const Q4_K_RMS = uniformRms(32, 63) * Math.sqrt((16 * 16 - 1) / 12);

export function* randomTensorData(type: number, elements: number, rng: SeededRandom, std: number): Generator<Uint8Array, void, undefined> {
  const layout = blockLayout(type);
  if (!layout) throw new Error(`unknown ggml type ${type}`);
  if (elements % layout.blockSize !== 0) throw new Error(`${elements} values do not fill whole ${ggmlTypeName(type)} blocks`);
  const totalBlocks = elements / layout.blockSize;
  const perChunk = Math.max(1, Math.floor(CHUNK_BYTES / layout.blockBytes));
  const fillBlocks = blockFiller(type, rng, std);
  for (let done = 0; done < totalBlocks; done += perChunk) {
    const count = Math.min(perChunk, totalBlocks - done);
    const chunk = new Uint8Array(count * layout.blockBytes);
    fillBlocks(chunk, count);
    yield chunk;
  }
}

/** A tensor with every value equal (RMS-norm weights start at 1), as F32. */
export function* constantF32(elements: number, value: number): Generator<Uint8Array, void, undefined> {
  const perChunk = CHUNK_BYTES / 4;
  for (let done = 0; done < elements; done += perChunk) {
    const chunk = new Float32Array(Math.min(perChunk, elements - done)).fill(value);
    yield new Uint8Array(chunk.buffer);
  }
}

type Filler = (chunk: Uint8Array, blocks: number) => void;

function blockFiller(type: number, rng: SeededRandom, std: number): Filler {
  // Uniform in [-a, a] has standard deviation a / √3.
  const limit = std * Math.sqrt(3);
  switch (type) {
    case GGML_TYPE.F32:
      return (chunk, count) => {
        const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        for (let i = 0; i < count; i++) view.setFloat32(i * 4, rng.uniform(limit), true);
      };
    case GGML_TYPE.F16:
      return (chunk, count) => {
        const view = new DataView(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        for (let i = 0; i < count; i++) view.setUint16(i * 2, f32ToF16(rng.uniform(limit)), true);
      };
    case GGML_TYPE.Q8_0:
      return scaledAtStart(rng, 34, f32ToF16(std / Q8_0_RMS));
    case GGML_TYPE.Q5_0:
      return scaledAtStart(rng, 22, f32ToF16(std / Q5_0_RMS));
    case GGML_TYPE.Q4_K:
      return q4kFiller(rng, std / Q4_K_RMS);
    case GGML_TYPE.Q6_K:
      return q6kFiller(rng, std / Q6_K_RMS);
    default:
      throw new Error(`random data for ${ggmlTypeName(type)} is not implemented`);
  }
}

/** Q8_0 and Q5_0 blocks start with one f16 scale; every other byte is a plain random quant. */
function scaledAtStart(rng: SeededRandom, blockBytes: number, scaleBits: number): Filler {
  return (chunk, count) => {
    rng.fill(chunk);
    for (let b = 0; b < count; b++) {
      const at = b * blockBytes;
      chunk[at] = scaleBits & 0xff;
      chunk[at + 1] = scaleBits >>> 8;
    }
  };
}

/**
 * Q4_K (144 bytes): f16 d, f16 dmin, 12 bytes packing eight 6-bit (scale, min) pairs, 128 bytes of
 * nibbles. Each value is d·sc·q − dmin·m; with m = sc and dmin = 7.5·d it is d·sc·(q − 7.5), so
 * the random nibbles are centred on zero.
 */
function q4kFiller(rng: SeededRandom, d: number): Filler {
  const dBits = f32ToF16(d);
  const dminBits = f32ToF16(d * 7.5);
  const sc = new Uint8Array(8);
  return (chunk, count) => {
    rng.fill(chunk);
    for (let b = 0; b < count; b++) {
      const at = b * 144;
      for (let j = 0; j < 8; j++) sc[j] = 32 | ((chunk[at + 4 + j] as number) & 31);
      chunk[at] = dBits & 0xff;
      chunk[at + 1] = dBits >>> 8;
      chunk[at + 2] = dminBits & 0xff;
      chunk[at + 3] = dminBits >>> 8;
      // Packing as ggml's get_scale_min_k4 unpacks: sub-blocks 0–3 in the low 6 bits of bytes
      // 0–7, sub-blocks 4–7 split into a low nibble (bytes 8–11) and two high bits (bytes 0–7).
      for (let j = 0; j < 4; j++) {
        const lo = sc[j] as number;
        const hi = sc[j + 4] as number;
        chunk[at + 4 + j] = (lo & 63) | ((hi >> 4) << 6);
        chunk[at + 8 + j] = (lo & 63) | ((hi >> 4) << 6);
        chunk[at + 12 + j] = (hi & 0xf) | ((hi & 0xf) << 4);
      }
    }
  };
}

/** Q6_K (210 bytes): 128 bytes low nibbles, 64 bytes high bits, 16 int8 scales, f16 d at the end. */
function q6kFiller(rng: SeededRandom, d: number): Filler {
  const dBits = f32ToF16(d);
  return (chunk, count) => {
    rng.fill(chunk);
    for (let b = 0; b < count; b++) {
      const at = b * 210;
      for (let j = 0; j < 16; j++) {
        const r = chunk[at + 192 + j] as number;
        const magnitude = 16 + ((r >> 1) & 31);
        chunk[at + 192 + j] = (r & 1 ? -magnitude : magnitude) & 0xff;
      }
      chunk[at + 208] = dBits & 0xff;
      chunk[at + 209] = dBits >>> 8;
    }
  };
}
