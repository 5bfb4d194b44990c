import { GGML_TYPE, blockLayout, ggmlTypeName } from './ggufTypes';
import { f16ToF32 } from './quantize';

/**
 * Decodes ggml blocks back to numbers, following ggml's dequantize_row_* definitions. Used to
 * check that the blocks we write mean what we intend (scales, packing, spread).
 */
export function dequantize(type: number, bytes: Uint8Array): Float32Array {
  const layout = blockLayout(type);
  if (!layout) throw new Error(`unknown ggml type ${type}`);
  const blocks = Math.floor(bytes.length / layout.blockBytes);
  const out = new Float32Array(blocks * layout.blockSize);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const half = (at: number): number => f16ToF32(view.getUint16(at, true));
  for (let b = 0; b < blocks; b++) {
    const at = b * layout.blockBytes;
    const y = b * layout.blockSize;
    switch (type) {
      case GGML_TYPE.F32:
        out[y] = view.getFloat32(at, true);
        break;
      case GGML_TYPE.F16:
        out[y] = half(at);
        break;
      case GGML_TYPE.Q8_0:
        for (let j = 0; j < 32; j++) out[y + j] = half(at) * view.getInt8(at + 2 + j);
        break;
      case GGML_TYPE.Q5_0: {
        const d = half(at);
        const qh = view.getUint32(at + 2, true);
        for (let j = 0; j < 16; j++) {
          const q = bytes[at + 6 + j] as number;
          out[y + j] = d * (((q & 0xf) | (((qh >>> j) << 4) & 0x10)) - 16);
          out[y + j + 16] = d * (((q >> 4) | ((qh >>> (j + 12)) & 0x10)) - 16);
        }
        break;
      }
      case GGML_TYPE.Q4_K:
        dequantQ4K(bytes, at, half(at), half(at + 2), out, y);
        break;
      case GGML_TYPE.Q6_K:
        dequantQ6K(bytes, view, at, half(at + 208), out, y);
        break;
      default:
        throw new Error(`dequantizing ${ggmlTypeName(type)} is not implemented`);
    }
  }
  return out;
}

/** The 6-bit (scale, min) of sub-block j, as ggml's get_scale_min_k4 reads them. */
function scaleMinK4(j: number, q: Uint8Array, at: number): [number, number] {
  const b = (i: number): number => q[at + 4 + i] as number;
  if (j < 4) return [b(j) & 63, b(j + 4) & 63];
  return [(b(j + 4) & 0xf) | ((b(j - 4) >> 6) << 4), (b(j + 4) >> 4) | ((b(j) >> 6) << 4)];
}

function dequantQ4K(bytes: Uint8Array, at: number, d: number, dmin: number, out: Float32Array, y: number): void {
  let qs = at + 16;
  for (let chunk = 0; chunk < 4; chunk++) {
    const [sc1, m1] = scaleMinK4(chunk * 2, bytes, at);
    const [sc2, m2] = scaleMinK4(chunk * 2 + 1, bytes, at);
    for (let l = 0; l < 32; l++) out[y + chunk * 64 + l] = d * sc1 * ((bytes[qs + l] as number) & 0xf) - dmin * m1;
    for (let l = 0; l < 32; l++) out[y + chunk * 64 + 32 + l] = d * sc2 * ((bytes[qs + l] as number) >> 4) - dmin * m2;
    qs += 32;
  }
}

function dequantQ6K(bytes: Uint8Array, view: DataView, at: number, d: number, out: Float32Array, y: number): void {
  for (let n = 0; n < 2; n++) {
    const ql = at + n * 64;
    const qh = at + 128 + n * 32;
    const sc = at + 192 + n * 8;
    for (let l = 0; l < 32; l++) {
      const is = l >> 4;
      const low = (i: number): number => bytes[ql + i] as number;
      const high = bytes[qh + l] as number;
      const q1 = ((low(l) & 0xf) | ((high & 3) << 4)) - 32;
      const q2 = ((low(l + 32) & 0xf) | (((high >> 2) & 3) << 4)) - 32;
      const q3 = ((low(l) >> 4) | (((high >> 4) & 3) << 4)) - 32;
      const q4 = ((low(l + 32) >> 4) | (((high >> 6) & 3) << 4)) - 32;
      const base = y + n * 128;
      out[base + l] = d * view.getInt8(sc + is) * q1;
      out[base + l + 32] = d * view.getInt8(sc + is + 2) * q2;
      out[base + l + 64] = d * view.getInt8(sc + is + 4) * q3;
      out[base + l + 96] = d * view.getInt8(sc + is + 6) * q4;
    }
  }
}
