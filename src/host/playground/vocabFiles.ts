import type { FormatId } from '../../core/formats/types';

/*
 * The vocabulary-only GGUFs shipped in vocab/ (no weights: tokenizers only), per prompt family.
 * fc-v1 is xLAM-1b/7b-fc-r, fine-tuned from deepseek-coder; xlam2-qwen is xLAM-2 on Qwen. general-v1
 * (Mixtral-based) and xlam2-llama have no shipped vocabulary: their counts are estimates unless
 * their model is loaded.
 */
export const VOCAB_FILES: Partial<Record<FormatId, string>> = {
  'fc-v1': 'ggml-vocab-deepseek-coder.gguf',
  'xlam2-qwen': 'ggml-vocab-qwen2.gguf',
};

export function vocabFileFor(format: FormatId): string | undefined {
  return VOCAB_FILES[format];
}
