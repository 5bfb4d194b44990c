import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { parseGguf, readGguf } from '../../../src/core/gguf/ggufReader';
import { GGML_TYPE, gguf, type GgufMetadata, type GgufValue } from '../../../src/core/gguf/ggufTypes';
import { layoutGguf, writeGguf, writeGgufToBuffer, type GgufDocument } from '../../../src/core/gguf/ggufWriter';
import { encodeF32 } from '../../../src/core/gguf/quantize';

/** One key of every scalar type and every array item type, with edge values. */
function everyType(): GgufMetadata {
  return new Map<string, GgufValue>([
    ['u8', gguf.u8(255)],
    ['i8', gguf.i8(-128)],
    ['u16', gguf.u16(65535)],
    ['i16', gguf.i16(-32768)],
    ['u32', gguf.u32(0xffffffff)],
    ['i32', gguf.i32(-0x80000000)],
    ['f32', gguf.f32(0.5)],
    ['f64', gguf.f64(Math.PI)],
    ['u64', gguf.u64(0xffffffffffffffffn)],
    ['i64', gguf.i64(-(1n << 63n))],
    ['bool.true', gguf.bool(true)],
    ['bool.false', gguf.bool(false)],
    ['string', gguf.str('tokenizer ✓ <｜begin▁of▁sentence｜> Ġ\n')],
    ['string.empty', gguf.str('')],
    ['arr.u8', gguf.numbers('uint8', [0, 1, 255])],
    ['arr.i8', gguf.numbers('int8', [-128, 0, 127])],
    ['arr.u16', gguf.numbers('uint16', [0, 65535])],
    ['arr.i16', gguf.numbers('int16', [-32768, 32767])],
    ['arr.u32', gguf.numbers('uint32', [0, 0xffffffff])],
    ['arr.i32', gguf.numbers('int32', [1, 3, -5])],
    ['arr.f32', gguf.numbers('float32', [0, -1.5, Math.fround(1e-6)])],
    ['arr.f64', gguf.numbers('float64', [1e-300, -2.5])],
    ['arr.u64', { type: 'array', itemType: 'uint64', items: [0n, 1n << 63n] }],
    ['arr.i64', { type: 'array', itemType: 'int64', items: [-1n, 42n] }],
    ['arr.bool', { type: 'array', itemType: 'bool', items: [true, false, true] }],
    ['arr.string', gguf.strings(['!', 'Ġthe', '', '<|im_end|>'])],
    ['arr.empty', gguf.strings([])],
  ]);
}

function f32Tensor(name: string, values: number[]): GgufDocument['tensors'][number] {
  return { name, dims: [values.length], type: GGML_TYPE.F32, data: () => [encodeF32(values)] };
}

describe('GGUF writer → reader round trip', () => {
  it('keeps every value type, in key order', () => {
    const metadata = everyType();
    const info = parseGguf(writeGgufToBuffer({ metadata, tensors: [] }));
    assert.equal(info.version, 3);
    assert.deepEqual([...info.metadata.keys()], [...metadata.keys()]);
    assert.deepEqual(info.metadata, metadata);
    assert.deepEqual(info.tensors, []);
  });

  it('writes the header fields llama.cpp expects', () => {
    const bytes = writeGgufToBuffer({ metadata: new Map([['a', gguf.u32(7)]]), tensors: [f32Tensor('t', [1, 2])] });
    const view = new DataView(bytes.buffer);
    assert.equal(new TextDecoder().decode(bytes.subarray(0, 4)), 'GGUF');
    assert.equal(view.getUint32(4, true), 3);
    assert.equal(view.getBigUint64(8, true), 1n);
    assert.equal(view.getBigUint64(16, true), 1n);
    // key "a": u64 length 1, 'a', type uint32 (4), value 7
    assert.equal(view.getBigUint64(24, true), 1n);
    assert.equal(bytes[32], 'a'.charCodeAt(0));
    assert.equal(view.getUint32(33, true), 4);
    assert.equal(view.getUint32(37, true), 7);
  });

  it('survives a header larger than the sink\'s first buffer', () => {
    const tokens = Array.from({ length: 20000 }, (_, i) => `token-${i}-Ġ`);
    const metadata: GgufMetadata = new Map([['tokenizer.ggml.tokens', gguf.strings(tokens)], ['after', gguf.u64(12345678901234n)]]);
    const info = parseGguf(writeGgufToBuffer({ metadata, tensors: [f32Tensor('x', [3])] }));
    assert.deepEqual(info.metadata, metadata);
  });

  it('aligns the data section and each tensor to 32 bytes by default, zero-padded', () => {
    const doc: GgufDocument = { metadata: new Map([['k', gguf.str('v')]]), tensors: [f32Tensor('a', [1, 2, 3]), f32Tensor('b', [4])] };
    const bytes = writeGgufToBuffer(doc);
    const info = parseGguf(bytes);
    assert.equal(info.alignment, 32);
    assert.equal(info.dataOffset % 32, 0);
    assert.deepEqual(info.tensors.map((t) => [t.name, t.offset, t.bytes]), [['a', 0, 12], ['b', 32, 4]]);
    const view = new DataView(bytes.buffer);
    assert.equal(view.getFloat32(info.dataOffset + 8, true), 3);
    assert.equal(view.getFloat32(info.dataOffset + 32, true), 4);
    assert.ok(bytes.subarray(info.dataOffset + 12, info.dataOffset + 32).every((b) => b === 0));
    assert.equal(bytes.length, info.dataOffset + 64);
  });

  it('honours general.alignment', () => {
    const metadata: GgufMetadata = new Map([['general.alignment', gguf.u32(64)]]);
    const info = parseGguf(writeGgufToBuffer({ metadata, tensors: [f32Tensor('a', [1]), f32Tensor('b', [2])] }));
    assert.equal(info.alignment, 64);
    assert.equal(info.dataOffset % 64, 0);
    assert.equal(info.tensors[1]?.offset, 64);
  });

  it('keeps dims in ne[0]-first order and the tensor type', () => {
    const doc: GgufDocument = {
      metadata: new Map(),
      tensors: [{ name: 'm', dims: [32, 2], type: GGML_TYPE.Q8_0, data: () => [new Uint8Array(34), new Uint8Array(34)] }],
    };
    const info = parseGguf(writeGgufToBuffer(doc));
    assert.deepEqual(info.tensors[0], { name: 'm', dims: [32, 2], type: GGML_TYPE.Q8_0, offset: 0, bytes: 68 });
  });

  it('streams tensor data lazily and in order, in the chunks the source gives', () => {
    const calls: string[] = [];
    const doc: GgufDocument = {
      metadata: new Map(),
      tensors: ['a', 'b'].map((name) => ({ name, dims: [2], type: GGML_TYPE.F32, data: () => (calls.push(name), [new Uint8Array(4), new Uint8Array(4)]) })),
    };
    const chunks = writeGguf(doc);
    chunks.next();
    assert.deepEqual(calls, []);
    const rest = [...chunks];
    assert.deepEqual(calls, ['a', 'b']);
    assert.equal(rest.reduce((n, c) => n + c.length, 0), layoutGguf(doc).totalBytes - layoutGguf(doc).dataOffset);
  });

  it('refuses bad documents instead of writing an unreadable file', () => {
    const wrongSize: GgufDocument = { metadata: new Map(), tensors: [{ name: 'a', dims: [4], type: GGML_TYPE.F32, data: () => [new Uint8Array(12)] }] };
    assert.throws(() => writeGgufToBuffer(wrongSize), /produced 12 bytes, expected 16/);
    const tooMuch: GgufDocument = { metadata: new Map(), tensors: [{ name: 'a', dims: [1], type: GGML_TYPE.F32, data: () => [new Uint8Array(8)] }] };
    assert.throws(() => writeGgufToBuffer(tooMuch), /produced more than the 4 bytes its shape needs/);
    assert.throws(() => layoutGguf({ metadata: new Map(), tensors: [f32Tensor('a', [1]), f32Tensor('a', [1])] }), /duplicate tensor name/);
    assert.throws(() => layoutGguf({ metadata: new Map(), tensors: [{ name: 'q', dims: [33], type: GGML_TYPE.Q8_0, data: () => [] }] }), /not a multiple of Q8_0's block size 32/);
    assert.throws(() => layoutGguf({ metadata: new Map([['general.alignment', gguf.u32(48)]]), tensors: [] }), /power of two/);
    assert.throws(() => layoutGguf({ metadata: new Map([['x', gguf.u8(256)]]), tensors: [] }), /not a valid uint8/);
    assert.throws(() => layoutGguf({ metadata: new Map([['', gguf.u8(1)]]), tensors: [] }), /must not be empty/);
    assert.throws(() => layoutGguf({ metadata: new Map(), tensors: [f32Tensor('n'.repeat(64), [1])] }), /1–63 bytes/);
  });
});

describe('real vocab-only files (the copies the extension ships in vocab/)', () => {
  const dataDir = resolve(__dirname, '../../../../vocab');
  for (const name of ['ggml-vocab-deepseek-coder.gguf', 'ggml-vocab-qwen2.gguf']) {
    const file = join(dataDir, name);
    it(`${name}: read and rewritten byte for byte (up to trailing padding)`, { skip: existsSync(file) ? false : `${file} not found` }, () => {
      const original = new Uint8Array(readFileSync(file));
      const info = parseGguf(original);
      const tokens = info.metadata.get('tokenizer.ggml.tokens');
      assert.ok(tokens?.type === 'array' && tokens.items.length > 30000);
      const rewritten = writeGgufToBuffer({ metadata: info.metadata, tensors: [] });
      assert.deepEqual(rewritten, original.subarray(0, rewritten.length));
      assert.ok(original.subarray(rewritten.length).every((b) => b === 0) && original.length - rewritten.length < 32);
    });
  }
});

describe('readGguf through a random-access callback', () => {
  it('reads only a growing prefix of a large file and agrees with parseGguf', async () => {
    // A "1.4 GB" model: the header is real, the data is never produced or read.
    const doc: GgufDocument = {
      metadata: new Map([['tokenizer.ggml.tokens', gguf.strings(Array.from({ length: 5000 }, (_, i) => `t${i}`))]]),
      tensors: [{ name: 'w', dims: [2048, 32256, 10], type: GGML_TYPE.Q8_0, data: () => [] }],
    };
    const layout = layoutGguf(doc);
    assert.ok(layout.totalBytes > 700_000_000);
    const requests: [number, number][] = [];
    const info = await readGguf((offset, length) => {
      requests.push([offset, length]);
      const out = new Uint8Array(length);
      out.set(layout.header.subarray(offset, offset + length));
      return Promise.resolve(out);
    }, layout.totalBytes, { initialBytes: 1024 });
    assert.deepEqual(info.metadata, doc.metadata);
    assert.equal(info.dataOffset, layout.dataOffset);
    assert.ok(requests.length > 1, 'grew from 1 KiB');
    assert.ok(Math.max(...requests.map(([, n]) => n)) <= 2 * layout.header.length + 1024);
  });
});
