import { gguf, type GgufMetadata } from './ggufTypes';

/** llama.cpp token types (llama_token_type): what each token id is for. */
export const TOKEN_TYPE = { NORMAL: 1, UNKNOWN: 2, CONTROL: 3, USER_DEFINED: 4, UNUSED: 5, BYTE: 6 } as const;

/**
 * GPT-2's byte-to-unicode table: printable Latin-1 bytes stand for themselves and the others are
 * shifted to U+0100 and up, so every byte is a visible character and a byte-level BPE vocabulary
 * can spell any UTF-8 text. (Space is "Ġ", newline "Ċ".)
 */
export function gpt2ByteToUnicode(): string[] {
  const table: string[] = new Array<string>(256);
  let shifted = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    table[b] = String.fromCodePoint(printable ? b : 256 + shifted++);
  }
  return table;
}

/**
 * A few merges so the vocabulary exercises real BPE merging, not only byte fallback. Each is
 * "left right"; the merged token is added to the vocabulary after the 256 byte tokens.
 */
const MERGES = ['Ġ t', 'h e', 'i n', 'Ġ a', 'e r', 'o n', 'Ġt he', 'r e', 'Ġ s', 'a t', 'e n', 'Ġ "', '" :', 'Ġ {', 'Ċ Ċ', 'Ġ Ġ'];

/**
 * Control tokens of the prompt formats the xLAM families use (deepseek-coder for fc v1, ChatML for
 * xLAM-2 Qwen, Llama 3 headers for xLAM-2 Llama), so any of our rendered prompts tokenizes with its
 * special tokens as single ids. llama.cpp treats <|im_end|>, <|eot_id|>, <|endoftext|>, … as
 * end-of-generation by their text.
 */
export const SPECIAL_TOKENS = [
  '<｜begin▁of▁sentence｜>', '<｜end▁of▁sentence｜>', '<|EOT|>',
  '<|im_start|>', '<|im_end|>', '<|endoftext|>',
  '<|begin_of_text|>', '<|end_of_text|>', '<|start_header_id|>', '<|end_header_id|>', '<|eot_id|>',
] as const;

/** Added but not special in Qwen2.5's tokenizer: user-defined, so they match even without specials. */
const USER_DEFINED_TOKENS = ['<tool_call>', '</tool_call>'];

export interface ByteVocab {
  tokens: string[];
  types: number[];
  merges: string[];
}

export function buildByteVocab(): ByteVocab {
  const tokens = gpt2ByteToUnicode();
  const types = tokens.map(() => TOKEN_TYPE.NORMAL as number);
  for (const merge of MERGES) {
    tokens.push(merge.replace(' ', ''));
    types.push(TOKEN_TYPE.NORMAL);
  }
  for (const token of SPECIAL_TOKENS) {
    tokens.push(token);
    types.push(TOKEN_TYPE.CONTROL);
  }
  for (const token of USER_DEFINED_TOKENS) {
    tokens.push(token);
    types.push(TOKEN_TYPE.USER_DEFINED);
  }
  return { tokens, types, merges: [...MERGES] };
}

/**
 * The tokenizer.* metadata of the built-in vocabulary. BOS/EOS/padding are those of the
 * deepseek-coder vocabulary (xLAM-1b/7b-fc-r's base): BOS is added. EOS is <｜end▁of▁sentence｜>
 * rather than the instruct models' <|EOT|> because llama.cpp only knows the former as
 * end-of-generation by name and warns on every load otherwise; <|EOT|> is a stop string anyway.
 */
export function byteVocabMetadata(): GgufMetadata {
  const vocab = buildByteVocab();
  const id = (token: string): number => vocab.tokens.indexOf(token);
  return new Map([
    ['tokenizer.ggml.model', gguf.str('gpt2')],
    // "gpt-2" selects the classic GPT-2 pre-tokenizer regex; without it llama.cpp warns loudly.
    ['tokenizer.ggml.pre', gguf.str('gpt-2')],
    ['tokenizer.ggml.tokens', gguf.strings(vocab.tokens)],
    ['tokenizer.ggml.token_type', gguf.numbers('int32', vocab.types)],
    ['tokenizer.ggml.merges', gguf.strings(vocab.merges)],
    ['tokenizer.ggml.bos_token_id', gguf.u32(id('<｜begin▁of▁sentence｜>'))],
    ['tokenizer.ggml.eos_token_id', gguf.u32(id('<｜end▁of▁sentence｜>'))],
    ['tokenizer.ggml.padding_token_id', gguf.u32(id('<｜end▁of▁sentence｜>'))],
    ['tokenizer.ggml.add_bos_token', gguf.bool(true)],
    ['tokenizer.ggml.add_eos_token', gguf.bool(false)],
  ]);
}
