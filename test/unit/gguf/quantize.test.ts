import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dequantize } from '../../../src/core/gguf/dequantize';
import { GGML_TYPE, blockLayout } from '../../../src/core/gguf/ggufTypes';
import { encodeF16, encodeF32, f16ToF32, f32ToF16, quantizeQ8_0 } from '../../../src/core/gguf/quantize';
import { SeededRandom } from '../../../src/core/gguf/random';
import { randomTensorData } from '../../../src/core/gguf/randomBlocks';

function concat(chunks: Iterable<Uint8Array>): Uint8Array {
  const list = [...chunks];
  const out = new Uint8Array(list.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of list) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

function stats(values: Float32Array): { mean: number; std: number } {
  let sum = 0;
  let squares = 0;
  for (const v of values) {
    sum += v;
    squares += v * v;
  }
  const mean = sum / values.length;
  return { mean, std: Math.sqrt(squares / values.length - mean * mean) };
}

describe('half-precision conversion', () => {
  it('matches IEEE binary16 round-to-nearest-even (vectors checked with numpy)', () => {
    const cases: [number, number][] = [
      [1, 0x3c00], [-2, 0xc000], [65504, 0x7bff], [65519.99, 0x7bff], [65520, 0x7c00], [Infinity, 0x7c00], [-0, 0x8000],
      [0.1, 0x2e66], [1 / 3, 0x3555], [31 / 127, 0x33d0],
      // subnormals: 2^-24 is the smallest; 2^-25 is a tie that rounds to even (zero)
      [2 ** -24, 0x0001], [2 ** -25, 0x0000], [1e-8, 0x0000], [6.097555160522461e-5, 0x03ff],
    ];
    for (const [value, bits] of cases) assert.equal(f32ToF16(value), bits, `f16(${value})`);
    assert.equal(f32ToF16(NaN) & 0x7c00, 0x7c00);
    assert.ok(Number.isNaN(f16ToF32(0x7e00)));
    for (const bits of [0x0001, 0x03ff, 0x0400, 0x3c00, 0x7bff, 0xc000, 0x8000]) assert.equal(f32ToF16(f16ToF32(bits)), bits);
  });

  it('encodes F32 and F16 little-endian', () => {
    assert.deepEqual([...encodeF32([1])], [0x00, 0x00, 0x80, 0x3f]);
    assert.deepEqual([...encodeF16([1, -2])], [0x00, 0x3c, 0x00, 0xc0]);
  });
});

describe('Q8_0 blocks', () => {
  it('gives the bytes of ggml\'s reference quantizer for a known block', () => {
    // x = i − 7.25: max |x| = 24.75, d = 24.75/127 → f16 0x31fc; q = roundf(x / d) (checked with numpy)
    const values = Array.from({ length: 32 }, (_, i) => i - 7.25);
    const bytes = quantizeQ8_0(values);
    assert.equal(bytes.length, 34);
    assert.deepEqual([bytes[0], bytes[1]], [0xfc, 0x31]);
    const expected = [-39, -33, -28, -23, -17, -12, -7, -1, 4, 9, 15, 20, 25, 31, 36, 41, 47, 52, 57, 63, 68, 74, 79, 84, 90, 95, 100, 106, 111, 116, 122, 127];
    assert.deepEqual([...new Int8Array(bytes.buffer, 2, 32)], expected);
  });

  it('an all-zero block has scale 0 and zero quants; sizes must be whole blocks', () => {
    assert.deepEqual([...quantizeQ8_0(new Array<number>(32).fill(0))], new Array<number>(34).fill(0));
    assert.throws(() => quantizeQ8_0([1, 2, 3]), /multiple of 32/);
  });

  it('round-trips within half a quantization step', () => {
    const rng = new SeededRandom(3);
    const values = Array.from({ length: 256 }, () => rng.uniform(2));
    const back = dequantize(GGML_TYPE.Q8_0, quantizeQ8_0(values));
    values.forEach((v, i) => assert.ok(Math.abs((back[i] as number) - v) < 2 / 127, `${v} vs ${back[i]}`));
  });
});

describe('random quantized blocks', () => {
  const cases: [string, number][] = [['F32', GGML_TYPE.F32], ['F16', GGML_TYPE.F16], ['Q8_0', GGML_TYPE.Q8_0], ['Q5_0', GGML_TYPE.Q5_0], ['Q4_K', GGML_TYPE.Q4_K], ['Q6_K', GGML_TYPE.Q6_K]];
  for (const [name, type] of cases) {
    it(`${name}: valid blocks with mean ≈ 0 and the requested spread`, () => {
      const elements = 256 * 64;
      const bytes = concat(randomTensorData(type, elements, new SeededRandom(11), 0.02));
      const layout = blockLayout(type);
      assert.ok(layout);
      assert.equal(bytes.length, (elements / layout.blockSize) * layout.blockBytes);
      const { mean, std } = stats(dequantize(type, bytes));
      assert.ok(Math.abs(mean) < 0.002, `mean ${mean}`);
      assert.ok(Math.abs(std - 0.02) < 0.003, `std ${std}`);
    });
  }

  it('Q4_K scales unpack to equal (scale, min) pairs in 32..63, so the min cancels the mean', () => {
    const bytes = concat(randomTensorData(GGML_TYPE.Q4_K, 256 * 8, new SeededRandom(5), 0.02));
    for (let at = 0; at < bytes.length; at += 144) {
      const q = (i: number): number => bytes[at + 4 + i] as number;
      for (let j = 0; j < 8; j++) {
        const sc = j < 4 ? q(j) & 63 : (q(j + 4) & 0xf) | ((q(j - 4) >> 6) << 4);
        const m = j < 4 ? q(j + 4) & 63 : (q(j + 4) >> 4) | ((q(j) >> 6) << 4);
        assert.equal(sc, m);
        assert.ok(sc >= 32 && sc <= 63, `sc ${sc}`);
      }
    }
  });

  it('is reproducible from the seed and streams in bounded chunks', () => {
    const a = concat(randomTensorData(GGML_TYPE.Q8_0, 32 * 100_000, new SeededRandom(9), 0.02));
    const b = concat(randomTensorData(GGML_TYPE.Q8_0, 32 * 100_000, new SeededRandom(9), 0.02));
    const c = concat(randomTensorData(GGML_TYPE.Q8_0, 32 * 100_000, new SeededRandom(10), 0.02));
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    for (const chunk of randomTensorData(GGML_TYPE.Q8_0, 32 * 100_000, new SeededRandom(9), 0.02)) assert.ok(chunk.length <= 1 << 20);
  });
});
