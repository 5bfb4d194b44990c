import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { buildByteVocab, gpt2ByteToUnicode, SPECIAL_TOKENS, TOKEN_TYPE } from '../../../src/core/gguf/byteVocab';
import { parseGguf } from '../../../src/core/gguf/ggufReader';
import { GGML_TYPE, ggmlTypeName, metadataNumber, metadataString } from '../../../src/core/gguf/ggufTypes';
import { layoutGguf, writeGgufToBuffer } from '../../../src/core/gguf/ggufWriter';
import { buildTestModel, TEST_MODEL_SHAPES } from '../../../src/core/gguf/testModel';

describe('built-in byte-level vocabulary', () => {
  it('uses GPT-2\'s byte-to-unicode mapping for all 256 bytes', () => {
    const table = gpt2ByteToUnicode();
    assert.equal(new Set(table).size, 256);
    assert.equal(table[0x20], 'Ġ');
    assert.equal(table[0x0a], 'Ċ');
    assert.equal(table[0x41], 'A');
    assert.equal(table[0x00], 'Ā');
  });

  it('has unique tokens, merges whose results exist, and control-typed specials', () => {
    const vocab = buildByteVocab();
    assert.equal(new Set(vocab.tokens).size, vocab.tokens.length);
    for (const merge of vocab.merges) assert.ok(vocab.tokens.includes(merge.replace(' ', '')), merge);
    for (const special of SPECIAL_TOKENS) assert.equal(vocab.types[vocab.tokens.indexOf(special)], TOKEN_TYPE.CONTROL, special);
  });
});

describe('buildTestModel', () => {
  it('the default model is a tiny llama GGUF with every tensor llama.cpp asks for', () => {
    const model = buildTestModel();
    const info = parseGguf(writeGgufToBuffer(model.document));
    const meta = info.metadata;
    assert.equal(metadataString(meta, 'general.architecture'), 'llama');
    assert.equal(metadataString(meta, 'tokenizer.ggml.model'), 'gpt2');
    assert.equal(metadataString(meta, 'tokenizer.ggml.pre'), 'gpt-2');
    assert.equal(metadataNumber(meta, 'llama.block_count'), 2);
    assert.equal(metadataNumber(meta, 'llama.rope.dimension_count'), 16);
    assert.equal(metadataNumber(meta, 'llama.vocab_size'), model.vocabSize);
    assert.equal(meta.get('tokenizer.ggml.add_bos_token')?.type, 'bool');
    const names = info.tensors.map((t) => t.name);
    assert.deepEqual(names.slice(0, 3), ['token_embd.weight', 'output_norm.weight', 'output.weight']);
    for (const part of ['attn_norm', 'attn_q', 'attn_k', 'attn_v', 'attn_output', 'ffn_norm', 'ffn_gate', 'ffn_up', 'ffn_down']) {
      assert.ok(names.includes(`blk.1.${part}.weight`), part);
    }
    const byName = new Map(info.tensors.map((t) => [t.name, t]));
    assert.deepEqual(byName.get('token_embd.weight')?.dims, [64, model.vocabSize]);
    assert.deepEqual(byName.get('blk.0.attn_k.weight')?.dims, [64, 32]);
    assert.deepEqual(byName.get('blk.0.ffn_down.weight')?.dims, [128, 64]);
    assert.equal(byName.get('blk.0.attn_norm.weight')?.type, GGML_TYPE.F32);
    assert.equal(byName.get('blk.0.attn_q.weight')?.type, GGML_TYPE.F16);
    assert.ok(writeGgufToBuffer(model.document).length < 2_000_000);
  });

  it('is byte-for-byte reproducible from the seed', () => {
    assert.deepEqual(writeGgufToBuffer(buildTestModel({ seed: 4 }).document), writeGgufToBuffer(buildTestModel({ seed: 4 }).document));
    assert.notDeepEqual(writeGgufToBuffer(buildTestModel({ seed: 4 }).document), writeGgufToBuffer(buildTestModel({ seed: 5 }).document));
  });

  it('the xlam-1b shape has deepseek-coder-1.3b\'s parameter count and a Q4_K_M-like layout', () => {
    const preset = TEST_MODEL_SHAPES['xlam-1b'];
    const model = buildTestModel({ shape: preset.shape, type: 'q4_k' });
    // deepseek-coder-1.3b: 1,346,471,936 parameters with its 32,256-token vocabulary
    assert.equal(model.vocabSize, 32256);
    assert.equal(model.parameters, 1_346_471_936);
    const types = new Map(model.document.tensors.map((t) => [t.name, ggmlTypeName(t.type)]));
    assert.equal(types.get('output.weight'), 'Q6_K');
    assert.equal(types.get('token_embd.weight'), 'Q4_K');
    assert.equal(types.get('blk.0.attn_v.weight'), 'Q6_K');
    assert.equal(types.get('blk.3.attn_v.weight'), 'Q4_K');
    // ffn_down rows are 5504 long, not a multiple of 256: llama-quantize falls back to 32-blocks
    assert.equal(types.get('blk.0.ffn_down.weight'), 'Q8_0');
    assert.equal(types.get('blk.3.ffn_down.weight'), 'Q5_0');
    const bytes = layoutGguf(model.document).totalBytes;
    assert.ok(bytes > 850e6 && bytes < 900e6, `${bytes}`);
    const meta = model.document.metadata;
    assert.equal(metadataString(meta, 'llama.rope.scaling.type'), 'linear');
    assert.equal(metadataNumber(meta, 'llama.rope.scaling.factor'), 4);
    assert.equal(metadataNumber(meta, 'llama.rope.freq_base'), 100000);
  });

  it('takes a tokenizer and chat template, and rejects impossible shapes', () => {
    const tokenizer = new Map(buildTestModel().document.metadata);
    for (const key of tokenizer.keys()) if (!key.startsWith('tokenizer.')) tokenizer.delete(key);
    const model = buildTestModel({ tokenizer, chatTemplate: '{{ x }}', shape: { minVocab: 1000 } });
    assert.equal(model.vocabSize, 1000);
    const meta = model.document.metadata;
    assert.equal(metadataString(meta, 'tokenizer.chat_template'), '{{ x }}');
    const types = meta.get('tokenizer.ggml.token_type');
    assert.ok(types?.type === 'array' && types.items.length === 1000 && types.items[999] === TOKEN_TYPE.UNUSED);
    assert.throws(() => buildTestModel({ shape: { width: 60, heads: 8 } }), /multiple of heads/);
    assert.throws(() => buildTestModel({ shape: { heads: 4, kvHeads: 3 } }), /multiple of kv heads/);
  });
});

describe('xlam-lab make-test-model', () => {
  function capture() {
    const out = { stdout: '', stderr: '' };
    return { out, io: { stdout: (t: string) => void (out.stdout += t), stderr: (t: string) => void (out.stderr += t), readStdin: () => Promise.resolve('') } };
  }
  const dir = mkdtempSync(join(tmpdir(), 'xlam-gguf-'));

  it('writes the default model and prints nothing unless --json', async () => {
    const { out, io } = capture();
    const file = join(dir, 'tiny.gguf');
    assert.equal(await main(['make-test-model', file], io), 0, out.stderr);
    assert.equal(out.stdout + out.stderr, '');
    assert.equal(parseGguf(new Uint8Array(readFileSync(file))).tensors.length, 3 + 2 * 9);
    assert.ok(!existsSync(`${file}.partial`));
    const json = capture();
    assert.equal(await main(['make-test-model', file, '--json', '--type', 'q8_0', '--layers', '1', '--chat-template', 'chatml'], json.io), 0);
    const summary = JSON.parse(json.out.stdout) as { bytes: number; type: string; layers: number };
    assert.deepEqual([summary.type, summary.layers, summary.bytes], ['q8_0', 1, readFileSync(file).length]);
    assert.match(metadataString(parseGguf(new Uint8Array(readFileSync(file))).metadata, 'tokenizer.chat_template') ?? '', /<\|im_start\|>/);
  });

  it('usage errors exit 2, bad files exit 1 with the reason', async () => {
    for (const args of [[], ['a.gguf', '--type', 'q3'], ['a.gguf', '--layers', '0'], ['a.gguf', '--width', '60', '--heads', '8'], ['a', 'b']]) {
      const { out, io } = capture();
      assert.equal(await main(['make-test-model', ...args], io), 2, args.join(' '));
      assert.match(out.stderr, /Usage: xlam-lab make-test-model/);
    }
    const notGguf = join(dir, 'vocab.txt');
    writeFileSync(notGguf, 'hello');
    const cases: [string[], RegExp][] = [
      [['--vocab', join(dir, 'missing.gguf')], /cannot read .*missing.gguf: no such file/],
      [['--vocab', notGguf], /vocab.txt is not a GGUF model file: at byte 0 it does not start with "GGUF" \(not a GGUF file/],
      [['--chat-template', join(dir, 'missing.jinja')], /no such file/],
    ];
    for (const [args, message] of cases) {
      const { out, io } = capture();
      assert.equal(await main(['make-test-model', join(dir, 'x.gguf'), ...args], io), 1, args.join(' '));
      assert.match(out.stderr, message);
    }
    const { out, io } = capture();
    assert.equal(await main(['make-test-model', join(dir, 'no/such/dir/x.gguf')], io), 1);
    assert.match(out.stderr, /cannot write .*: no such file or directory/);
  });
});
