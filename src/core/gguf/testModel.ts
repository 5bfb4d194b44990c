import { byteVocabMetadata, TOKEN_TYPE } from './byteVocab';
import type { GgufDocument, GgufTensorSource } from './ggufWriter';
import { GGML_TYPE, blockLayout, gguf, type GgufMetadata, type GgufValue } from './ggufTypes';
import { constantF32, randomTensorData } from './randomBlocks';
import { SeededRandom } from './random';

export const TEST_MODEL_TYPES = ['f32', 'f16', 'q8_0', 'q4_k'] as const;
export type TestModelType = (typeof TEST_MODEL_TYPES)[number];

export interface TestModelShape {
  layers: number;
  width: number;
  ffn: number;
  heads: number;
  kvHeads: number;
  context: number;
  /** Pad the vocabulary with unused tokens up to this size (to match a real model's output cost). */
  minVocab: number;
  ropeTheta: number;
  /** Linear RoPE scaling factor, or undefined for none. */
  ropeScale: number | undefined;
  rmsEps: number;
}

/**
 * Named shapes. "tiny" loads in milliseconds and decodes at hundreds of tokens/s on one thread.
 * "xlam-1b" is deepseek-coder-1.3b's (xLAM-1b-fc-r's base): 24 layers × 2048, FFN 5504, 16 heads
 * without GQA, vocab 32256, 16k context with RoPE base 100000 and linear scaling ×4.
 */
export const TEST_MODEL_SHAPES: Record<'tiny' | 'xlam-1b', { shape: TestModelShape; type: TestModelType }> = {
  tiny: {
    shape: { layers: 2, width: 64, ffn: 128, heads: 4, kvHeads: 2, context: 4096, minVocab: 0, ropeTheta: 10000, ropeScale: undefined, rmsEps: 1e-5 },
    type: 'f16',
  },
  'xlam-1b': {
    shape: { layers: 24, width: 2048, ffn: 5504, heads: 16, kvHeads: 16, context: 16384, minVocab: 32256, ropeTheta: 100000, ropeScale: 4, rmsEps: 1e-6 },
    type: 'q4_k',
  },
};

export interface TestModelOptions {
  shape?: Partial<TestModelShape>;
  /** Defaults to f16; "q4_k" lays tensors out as llama.cpp's Q4_K_M does. */
  type?: TestModelType;
  seed?: number;
  /** tokenizer.* keys (e.g. from a vocab-only GGUF); defaults to the built-in byte-level vocabulary. */
  tokenizer?: GgufMetadata;
  /** Jinja text stored as tokenizer.chat_template (replaces one coming with `tokenizer`). */
  chatTemplate?: string;
  name?: string;
}

export interface TestModel {
  document: GgufDocument;
  parameters: number;
  vocabSize: number;
  shape: TestModelShape;
  type: TestModelType;
}

/** Spread of the random weights: the usual 0.02 initialisation, so activations stay finite. */
const WEIGHT_STD = 0.02;
const FILE_TYPE: Record<TestModelType, number> = { f32: 0, f16: 1, q8_0: 7, q4_k: 15 };

/**
 * A llama-architecture GGUF with seeded random weights and a working tokenizer. The document's
 * tensor data is generated lazily while it is written, so any size streams in constant memory.
 */
export function buildTestModel(options: TestModelOptions = {}): TestModel {
  const shape: TestModelShape = { ...TEST_MODEL_SHAPES.tiny.shape, ...options.shape };
  const type = options.type ?? 'f16';
  checkShape(shape);
  const tokenizer = padVocabulary(new Map(options.tokenizer ?? byteVocabMetadata()), shape.minVocab);
  if (options.chatTemplate !== undefined) tokenizer.set('tokenizer.chat_template', gguf.str(options.chatTemplate));
  const vocabSize = vocabSizeOf(tokenizer);
  const headDim = shape.width / shape.heads;

  const metadata: GgufMetadata = new Map<string, GgufValue>([
    ['general.architecture', gguf.str('llama')],
    ['general.name', gguf.str(options.name ?? 'xlam-tool-lab test model')],
    ['general.file_type', gguf.u32(FILE_TYPE[type])],
    ['llama.vocab_size', gguf.u32(vocabSize)],
    ['llama.context_length', gguf.u32(shape.context)],
    ['llama.embedding_length', gguf.u32(shape.width)],
    ['llama.block_count', gguf.u32(shape.layers)],
    ['llama.feed_forward_length', gguf.u32(shape.ffn)],
    ['llama.attention.head_count', gguf.u32(shape.heads)],
    ['llama.attention.head_count_kv', gguf.u32(shape.kvHeads)],
    ['llama.attention.layer_norm_rms_epsilon', gguf.f32(shape.rmsEps)],
    ['llama.rope.dimension_count', gguf.u32(headDim)],
    ['llama.rope.freq_base', gguf.f32(shape.ropeTheta)],
  ]);
  if (shape.ropeScale !== undefined) {
    metadata.set('llama.rope.scaling.type', gguf.str('linear'));
    metadata.set('llama.rope.scaling.factor', gguf.f32(shape.ropeScale));
  }
  if (type === 'q8_0' || type === 'q4_k') metadata.set('general.quantization_version', gguf.u32(2));
  for (const [key, value] of tokenizer) metadata.set(key, value);

  const seed = options.seed ?? 1;
  const tensors: GgufTensorSource[] = [];
  const kvWidth = headDim * shape.kvHeads;
  const matrix = (name: string, rows: number, cols: number, role: TensorRole, layer = -1): void => {
    const ggmlType = tensorType(type, role, rows, layer, shape.layers);
    // One generator per tensor, seeded from its index: the bytes do not depend on write order.
    const tensorSeed = (seed ^ Math.imul(tensors.length + 1, 0x9e3779b1)) >>> 0;
    tensors.push({ name, dims: [rows, cols], type: ggmlType, data: () => randomTensorData(ggmlType, rows * cols, new SeededRandom(tensorSeed), WEIGHT_STD) });
  };
  const norm = (name: string): void => {
    tensors.push({ name, dims: [shape.width], type: GGML_TYPE.F32, data: () => constantF32(shape.width, 1) });
  };

  // Shapes as llama.cpp's llama loader asks for them: {row length, rows}.
  matrix('token_embd.weight', shape.width, vocabSize, 'embedding');
  norm('output_norm.weight');
  matrix('output.weight', shape.width, vocabSize, 'output');
  for (let i = 0; i < shape.layers; i++) {
    norm(`blk.${i}.attn_norm.weight`);
    matrix(`blk.${i}.attn_q.weight`, shape.width, shape.width, 'other', i);
    matrix(`blk.${i}.attn_k.weight`, shape.width, kvWidth, 'other', i);
    matrix(`blk.${i}.attn_v.weight`, shape.width, kvWidth, 'attn_v', i);
    matrix(`blk.${i}.attn_output.weight`, shape.width, shape.width, 'other', i);
    norm(`blk.${i}.ffn_norm.weight`);
    matrix(`blk.${i}.ffn_gate.weight`, shape.width, shape.ffn, 'other', i);
    matrix(`blk.${i}.ffn_up.weight`, shape.width, shape.ffn, 'other', i);
    matrix(`blk.${i}.ffn_down.weight`, shape.ffn, shape.width, 'ffn_down', i);
  }
  const parameters = tensors.reduce((sum, t) => sum + t.dims.reduce((a, b) => a * b, 1), 0);
  return { document: { metadata, tensors }, parameters, vocabSize, shape, type };
}

type TensorRole = 'embedding' | 'output' | 'attn_v' | 'ffn_down' | 'other';

/**
 * The ggml type of one weight matrix. "q4_k" mirrors llama-quantize's Q4_K_M choices: Q6_K for the
 * output matrix and for attn_v/ffn_down in the "more bits" layers, Q4_K elsewhere; a row length
 * that is not a multiple of 256 falls back to the 32-block type llama-quantize uses (Q4_K → Q5_0,
 * Q6_K → Q8_0), and anything not a multiple of 32 stays F16.
 */
function tensorType(type: TestModelType, role: TensorRole, rowLength: number, layer: number, layers: number): number {
  let wanted: number;
  if (type === 'f32') wanted = GGML_TYPE.F32;
  else if (type === 'f16') wanted = GGML_TYPE.F16;
  else if (type === 'q8_0') wanted = GGML_TYPE.Q8_0;
  else if (role === 'output') wanted = GGML_TYPE.Q6_K;
  else if ((role === 'attn_v' || role === 'ffn_down') && useMoreBits(layer, layers)) wanted = GGML_TYPE.Q6_K;
  else wanted = GGML_TYPE.Q4_K;
  if (wanted === GGML_TYPE.Q4_K && rowLength % 256 !== 0) wanted = GGML_TYPE.Q5_0;
  if (wanted === GGML_TYPE.Q6_K && rowLength % 256 !== 0) wanted = GGML_TYPE.Q8_0;
  const layout = blockLayout(wanted);
  return layout && rowLength % layout.blockSize === 0 ? wanted : GGML_TYPE.F16;
}

/** llama-quantize's rule for which layers get more bits in the _M mixes. */
function useMoreBits(layer: number, layers: number): boolean {
  const eighth = Math.floor(layers / 8);
  return layer < eighth || layer >= Math.floor((7 * layers) / 8) || (layer - eighth) % 3 === 2;
}

function checkShape(shape: TestModelShape): void {
  for (const key of ['layers', 'width', 'ffn', 'heads', 'kvHeads', 'context'] as const) {
    if (!Number.isSafeInteger(shape[key]) || shape[key] < 1) throw new RangeError(`${key} must be a positive integer`);
  }
  if (shape.width % shape.heads !== 0) throw new RangeError(`width ${shape.width} must be a multiple of heads ${shape.heads}`);
  if (shape.heads % shape.kvHeads !== 0) throw new RangeError(`heads ${shape.heads} must be a multiple of kv heads ${shape.kvHeads}`);
  // RoPE rotates pairs of dimensions.
  if ((shape.width / shape.heads) % 2 !== 0) throw new RangeError(`head size ${shape.width / shape.heads} must be even`);
}

function vocabSizeOf(tokenizer: GgufMetadata): number {
  const tokens = tokenizer.get('tokenizer.ggml.tokens');
  if (tokens?.type !== 'array' || tokens.itemType !== 'string' || tokens.items.length === 0) {
    throw new RangeError('the tokenizer has no tokenizer.ggml.tokens string list');
  }
  return tokens.items.length;
}

/** Appends unused "[PAD n]" tokens (and matching types/scores) up to `minVocab`. */
function padVocabulary(tokenizer: GgufMetadata, minVocab: number): GgufMetadata {
  const size = vocabSizeOf(tokenizer);
  if (size >= minVocab) return tokenizer;
  const extra = Array.from({ length: minVocab - size }, (_, i) => size + i);
  const tokens = tokenizer.get('tokenizer.ggml.tokens') as { items: readonly string[] };
  tokenizer.set('tokenizer.ggml.tokens', gguf.strings([...tokens.items, ...extra.map((id) => `[PAD${id}]`)]));
  const types = tokenizer.get('tokenizer.ggml.token_type');
  if (types?.type === 'array' && types.itemType === 'int32') {
    tokenizer.set('tokenizer.ggml.token_type', gguf.numbers('int32', [...types.items, ...extra.map(() => TOKEN_TYPE.UNUSED)]));
  }
  const scores = tokenizer.get('tokenizer.ggml.scores');
  if (scores?.type === 'array' && scores.itemType === 'float32') {
    tokenizer.set('tokenizer.ggml.scores', gguf.numbers('float32', [...scores.items, ...extra.map(() => 0)]));
  }
  return tokenizer;
}
