import { closeSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { InputError } from '../../core/errors';
import { BUILTIN_CHAT_TEMPLATES, BUILTIN_CHAT_TEMPLATE_NAMES } from '../../core/gguf/chatTemplates';
import { GgufError, type GgufMetadata } from '../../core/gguf/ggufTypes';
import { layoutGguf, writeGguf } from '../../core/gguf/ggufWriter';
import { buildTestModel, TEST_MODEL_SHAPES, TEST_MODEL_TYPES, type TestModelShape } from '../../core/gguf/testModel';
import { choiceOption, parseArgs, stringOption, UsageError, type ParsedArgs } from '../args';
import { readTextFile, type CliIo } from '../io';
import { readGgufHeader } from '../../engines/local/ggufFile';
import { describeGgufError } from '../../core/gguf/describeGgufError';

export const MAKE_TEST_MODEL_HELP = `Usage: xlam-lab make-test-model OUT.gguf [options]

Writes a llama-architecture GGUF with seeded random weights and a working
tokenizer, for tests and benchmarks. Without options: a tiny F16 model with a
built-in byte-level vocabulary (needs no other file).

  --shape NAME          tiny (default) | xlam-1b (xLAM-1b-fc-r's real shape,
                        ~1.35 B parameters, Q4_K_M layout by default)
  --type TYPE           f32 | f16 | q8_0 | q4_k (q4_k = llama.cpp's Q4_K_M mix)
  --vocab FILE          take the tokenizer (all tokenizer.* keys) from a GGUF,
                        e.g. a vocab-only file such as ggml-vocab-deepseek-coder.gguf
  --chat-template T     a Jinja file, or a built-in: ${BUILTIN_CHAT_TEMPLATE_NAMES.join(', ')}
  --layers N  --width N  --ffn N  --heads N  --kv-heads N  --context N
                        override the shape's sizes
  --seed N              random seed (default 1); same seed, same file
  --json                print {"file","bytes","parameters","vocabSize",…}
`;

const SIZE_OPTIONS = { layers: 'layers', width: 'width', ffn: 'ffn', heads: 'heads', 'kv-heads': 'kvHeads', context: 'context' } as const;

export async function runMakeTestModel(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, {
    values: ['shape', 'type', 'vocab', 'chat-template', 'seed', ...Object.keys(SIZE_OPTIONS)],
    flags: ['help', 'json'],
  });
  if (args.options.has('help')) {
    io.stdout(MAKE_TEST_MODEL_HELP);
    return 0;
  }
  if (args.positionals.length !== 1) throw new UsageError('give exactly one output file');
  const out = args.positionals[0] as string;
  const preset = TEST_MODEL_SHAPES[choiceOption(args, 'shape', ['tiny', 'xlam-1b'] as const) ?? 'tiny'];
  const type = choiceOption(args, 'type', TEST_MODEL_TYPES) ?? preset.type;
  const shape: TestModelShape = { ...preset.shape };
  for (const [option, key] of Object.entries(SIZE_OPTIONS)) {
    const value = intOption(args, option, 1);
    if (value !== undefined) shape[key] = value;
  }
  // The generator has 32 bits of state: larger seeds would silently collide.
  const seed = intOption(args, 'seed', 0, 0xffffffff);
  const vocabFile = stringOption(args, 'vocab');
  const tokenizer = vocabFile === undefined ? undefined : await readTokenizer(vocabFile);
  const chatTemplate = readChatTemplate(stringOption(args, 'chat-template'));

  let model;
  try {
    model = buildTestModel({ shape, type, seed, tokenizer, chatTemplate });
  } catch (error) {
    if (error instanceof RangeError) throw new UsageError(error.message);
    throw error;
  }
  const layout = layoutGguf(model.document);
  writeStreaming(out, writeGguf(model.document, layout));
  if (args.options.has('json')) {
    const summary = { file: out, bytes: layout.totalBytes, parameters: model.parameters, vocabSize: model.vocabSize, type: model.type, ...model.shape };
    io.stdout(`${JSON.stringify(summary)}\n`);
  }
  return 0;
}

function intOption(args: ParsedArgs, name: string, min: number, max = 1 << 30): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new UsageError(`--${name} must be an integer from ${min} to ${max} (got "${text}")`);
  return value;
}

/** Only the tokenizer.* keys: the vocab file's own llama.* sizes belong to a different model. */
async function readTokenizer(path: string): Promise<GgufMetadata> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new InputError(`cannot read ${path}: ${describeFsError(error)}`);
  }
  try {
    const info = await readGgufHeader(handle);
    const tokenizer: GgufMetadata = new Map([...info.metadata].filter(([key]) => key.startsWith('tokenizer.')));
    if (!tokenizer.has('tokenizer.ggml.tokens')) throw new InputError(`${path}: no tokenizer.ggml.tokens in this GGUF`);
    return tokenizer;
  } catch (error) {
    if (error instanceof GgufError) throw new InputError(describeGgufError(error, path, (await handle.stat()).size));
    if (error instanceof InputError && !error.message.startsWith(path)) throw new InputError(`${path}: ${error.message}`);
    throw error;
  } finally {
    await handle.close();
  }
}

function readChatTemplate(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  return BUILTIN_CHAT_TEMPLATES[value] ?? readTextFile(value);
}

/**
 * Writes chunk by chunk to a temporary name and renames at the end, so an interrupted run never
 * leaves a half-written file that looks like a model.
 */
function writeStreaming(path: string, chunks: Iterable<Uint8Array>): void {
  const partial = `${path}.partial`;
  let fd: number;
  try {
    fd = openSync(partial, 'w');
  } catch (error) {
    throw new InputError(`cannot write ${path}: ${describeFsError(error)}`);
  }
  try {
    for (const chunk of chunks) {
      let at = 0;
      while (at < chunk.length) at += writeSync(fd, chunk, at, chunk.length - at);
    }
    closeSync(fd);
    renameSync(partial, path);
  } catch (error) {
    try {
      closeSync(fd);
    } catch {
      // already closed
    }
    rmSync(partial, { force: true });
    if ((error as NodeJS.ErrnoException).code !== undefined) throw new InputError(`cannot write ${path}: ${describeFsError(error)}`);
    throw error;
  }
}

function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return 'no such file or directory';
  if (code === 'EISDIR') return 'is a directory';
  if (code === 'EACCES') return 'permission denied';
  if (code === 'ENOSPC') return 'no space left on device';
  return error instanceof Error ? error.message : String(error);
}
