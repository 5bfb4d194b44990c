import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseGguf, readGguf } from '../../../src/core/gguf/ggufReader';
import { GGML_TYPE, GgufError, gguf, type GgufErrorKind } from '../../../src/core/gguf/ggufTypes';
import { writeGgufToBuffer } from '../../../src/core/gguf/ggufWriter';
import { encodeF32 } from '../../../src/core/gguf/quantize';
import { SeededRandom } from '../../../src/core/gguf/random';

/**
 * A small valid file. Layout (byte offsets): 0 magic, 4 version, 8 tensor count, 16 KV count;
 * 24 key length, 32 "general.architecture", 52 type, 56 string length, 64 "llama";
 * 69 key length, 77 "arr", 80 type (array), 84 item type, 88 count, 96 first item…
 */
function validFile(): Uint8Array {
  return writeGgufToBuffer({
    metadata: new Map([['general.architecture', gguf.str('llama')], ['arr', gguf.strings(['a', 'b'])]]),
    tensors: [{ name: 'token_embd.weight', dims: [4], type: GGML_TYPE.F32, data: () => [encodeF32([1, 2, 3, 4])] }],
  });
}

function patched(edit: (view: DataView, bytes: Uint8Array) => void): Uint8Array {
  const bytes = validFile();
  edit(new DataView(bytes.buffer), bytes);
  return bytes;
}

function indexOfBytes(haystack: Uint8Array, needle: Uint8Array): number {
  outer: for (let i = 0; i + needle.length <= haystack.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  throw new Error('not found');
}

function expectError(bytes: Uint8Array, kind: GgufErrorKind, offset: number, message: RegExp): void {
  assert.throws(() => parseGguf(bytes), (error: unknown) => {
    assert.ok(error instanceof GgufError, `expected a GgufError, got ${String(error)}`);
    assert.equal(error.kind, kind, error.message);
    assert.equal(error.byteOffset, offset, error.message);
    assert.match(error.message, message);
    assert.match(error.message, new RegExp(`at byte ${offset}`));
    return true;
  });
}

describe('GGUF reader on truncated input', () => {
  it('every prefix short of the last tensor byte is a "truncated" error at or before its end', async () => {
    const bytes = validFile();
    // Like llama.cpp, the reader does not insist on the padding after the last tensor.
    const info = parseGguf(bytes);
    const needed = info.dataOffset + 16;
    assert.doesNotThrow(() => parseGguf(bytes.slice(0, needed)));
    for (let length = 0; length < needed; length++) {
      const prefix = bytes.slice(0, length);
      for (const attempt of [() => parseGguf(prefix), () => readGguf((o, n) => prefix.slice(o, o + n), length, { initialBytes: 16 })]) {
        await assert.rejects(async () => attempt(), (error: unknown) => {
          assert.ok(error instanceof GgufError, `length ${length}: ${String(error)}`);
          assert.equal(error.kind, 'truncated', `length ${length}: ${error.message}`);
          assert.ok(error.byteOffset <= length, `length ${length}: ${error.message}`);
          return true;
        });
      }
    }
  });

  it('a prefix with the real file size asks for more instead of failing', async () => {
    const bytes = validFile();
    assert.throws(() => parseGguf(bytes.slice(0, 40), { fileSize: bytes.length }), /metadata continues past the 40 bytes given/);
    const info = await readGguf((o, n) => bytes.slice(o, o + n), bytes.length, { initialBytes: 8 });
    assert.equal(info.tensors[0]?.name, 'token_embd.weight');
  });

  it('a callback that returns short reads is a truncation, not a loop', async () => {
    const bytes = validFile();
    await assert.rejects(readGguf((o, n) => bytes.slice(o, o + Math.min(n, 10)), bytes.length, { initialBytes: 16 }), /file ended after 10 of/);
  });
});

describe('GGUF reader on corrupt input', () => {
  it('bad magic, v1 and big-endian files', () => {
    expectError(patched((v) => v.setUint32(0, 0x46554746, true)), 'corrupt', 0, /not a GGUF file \(magic 0x46554746\)/);
    expectError(patched((v) => v.setUint32(4, 1, true)), 'unsupported', 4, /GGUF v1 is not supported/);
    expectError(patched((v) => v.setUint32(4, 3, false)), 'unsupported', 4, /big-endian/);
    expectError(patched((v) => v.setUint32(4, 7, true)), 'unsupported', 4, /unknown GGUF version 7/);
  });

  it('absurd counts and lengths fail fast, before allocating', () => {
    expectError(patched((v) => v.setBigUint64(16, 1n << 40n, true)), 'corrupt', 16, /metadata count 1099511627776 cannot fit in the 67108864-byte metadata limit/);
    expectError(patched((v) => v.setBigUint64(8, 1n << 62n, true)), 'corrupt', 8, /tensor count \d+ is absurd/);
    expectError(patched((v) => v.setBigUint64(24, 1n << 50n, true)), 'corrupt', 24, /beyond the \d+-byte metadata limit/);
    expectError(patched((v) => v.setBigUint64(56, 1000n, true)), 'truncated', 56, /value of "general.architecture" needs 1000 bytes but the file ends/);
    expectError(patched((v) => v.setBigUint64(88, 1n << 45n, true)), 'corrupt', 88, /"arr" item count 35184372088832 is over the 16777216 limit/);
    expectError(patched((v) => v.setBigUint64(88, 1n << 24n, true)), 'corrupt', 88, /"arr" item count 16777216 cannot fit in the 67108864-byte metadata limit/);
    expectError(patched((v) => v.setBigUint64(88, 1000n, true)), 'truncated', 88, /"arr" item count 1000 cannot fit in the \d+ bytes left/);
  });

  it('unknown types, nested arrays, duplicate and empty keys, bad UTF-8', () => {
    expectError(patched((v) => v.setUint32(52, 13, true)), 'corrupt', 52, /"general.architecture" has unknown value type 13/);
    expectError(patched((v) => v.setUint32(84, 9, true)), 'unsupported', 84, /"arr" is a nested array/);
    // Two one-byte keys: 24 length, 32 "ka", 34 type, 38 value; 39 length, 47 "kb".
    const twoKeys = (): Uint8Array => writeGgufToBuffer({ metadata: new Map([['ka', gguf.u8(1)], ['kb', gguf.u8(2)]]), tensors: [] });
    const duplicate = twoKeys();
    duplicate[48] = 'a'.charCodeAt(0);
    expectError(duplicate, 'corrupt', 39, /duplicate key "ka"/);
    const emptyKey = twoKeys();
    new DataView(emptyKey.buffer).setBigUint64(24, 0n, true);
    expectError(emptyKey, 'corrupt', 24, /key 0 is empty/);
    expectError(patched((_, b) => (b[64] = 0xff)), 'corrupt', 56, /value of "general.architecture" is not valid UTF-8/);
  });

  it('bad alignment and tensor infos', () => {
    const withAlignment = (value: ReturnType<typeof gguf.u32>): Uint8Array => writeGgufToBuffer({ metadata: new Map([['general.alignment', value]]), tensors: [] });
    const zero = withAlignment(gguf.u32(32));
    new DataView(zero.buffer).setUint32(zero.length - 4, 0, true);
    assert.throws(() => parseGguf(zero), /general.alignment must be a uint32 power of two/);
    assert.throws(() => parseGguf(withAlignment(gguf.str('32'))), /general.alignment must be a uint32 power of two/);

    const bytes = validFile();
    const dimsAt = indexOfBytes(bytes, new TextEncoder().encode('token_embd.weight')) + 'token_embd.weight'.length;
    expectError(patched((v) => v.setUint32(dimsAt, 5, true)), 'corrupt', dimsAt, /has 5 dimensions \(at most 4\)/);
    expectError(patched((v) => v.setUint32(dimsAt + 12, GGML_TYPE.Q8_0, true)), 'corrupt', dimsAt + 12, /row length 4 is not a multiple of Q8_0's block size 32/);
    expectError(patched((v) => v.setBigUint64(dimsAt + 16, 32n, true)), 'corrupt', dimsAt + 16, /has offset 32, expected 0/);
    expectError(patched((v) => v.setBigUint64(dimsAt + 4, 1000n, true)), 'truncated', bytes.length, /data ends at byte \d+ but the file has \d+ bytes/);
  });

  it('random corruption gives a parse or a GgufError, never another exception', () => {
    const rng = new SeededRandom(7);
    const original = validFile();
    for (let i = 0; i < 3000; i++) {
      const bytes = original.slice();
      const flips = 1 + (rng.nextU32() % 4);
      for (let f = 0; f < flips; f++) bytes[rng.nextU32() % bytes.length] = rng.nextU32() & 0xff;
      try {
        parseGguf(bytes);
      } catch (error) {
        assert.ok(error instanceof GgufError, `mutation ${i}: ${String(error)}`);
        assert.ok(error.byteOffset >= 0 && error.byteOffset <= bytes.length, error.message);
      }
    }
  });
});
