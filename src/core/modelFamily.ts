import type { FormatId } from './formats/types';

/** What a GGUF says about itself, reduced to what the user and the format choice need. */
export interface ModelFacts {
  architecture: string;
  name?: string;
  contextLength?: number;
  /** e.g. "Q4_K_M", "Q8_0", "F16". */
  quantization?: string;
  chatTemplate?: string;
  /** A sample of special token texts (BOS, EOS, EOT …), for detection and display. */
  specialTokens: string[];
}

export interface FamilyGuess {
  format: FormatId;
  reason: string;
}

/**
 * Proposes the prompt format for a model file: deepseek-coder's vocabulary means fc v1
 * (xLAM-1b/7b-fc-r); a Qwen2 or Llama chat template that takes tools means xLAM-2; a Mistral or
 * Mixtral model means general v1. Undefined when nothing fits: the user chooses.
 */
export function guessFamily(facts: ModelFacts): FamilyGuess | undefined {
  const template = facts.chatTemplate ?? '';
  const specials = facts.specialTokens.join(' ');
  if (specials.includes('<\uff5cbegin\u2581of\u2581sentence\uff5c>') || /deepseek/i.test(facts.name ?? '')) {
    return { format: 'fc-v1', reason: "deepseek-coder vocabulary (xLAM-1b/7b-fc-r's base)" };
  }
  const takesTools = /\btools\b/.test(template);
  if (template.includes('<|im_start|>') && (takesTools || facts.architecture === 'qwen2')) {
    return { format: 'xlam2-qwen', reason: takesTools ? 'ChatML template with tools (xLAM-2 Qwen)' : 'Qwen2 architecture (xLAM-2 1b/3b/32b)' };
  }
  if (template.includes('<|start_header_id|>') && takesTools) {
    return { format: 'xlam2-llama', reason: 'Llama 3 template with tools (Llama-xLAM-2)' };
  }
  if (facts.architecture === 'qwen2') return { format: 'xlam2-qwen', reason: 'Qwen2 architecture (xLAM-2 1b/3b/32b)' };
  if (/mistral|mixtral/i.test(facts.name ?? '') || template.includes('[INST]')) {
    return { format: 'general-v1', reason: 'Mistral/Mixtral model (xLAM-7b-r, 8x7b-r, 8x22b-r)' };
  }
  return undefined;
}

/** llama.cpp's `general.file_type` numbers as names (the common ones). */
const FILE_TYPES: Record<number, string> = {
  0: 'F32', 1: 'F16', 2: 'Q4_0', 3: 'Q4_1', 7: 'Q8_0', 8: 'Q5_0', 9: 'Q5_1', 10: 'Q2_K', 11: 'Q3_K_S', 12: 'Q3_K_M', 13: 'Q3_K_L',
  14: 'Q4_K_S', 15: 'Q4_K_M', 16: 'Q5_K_S', 17: 'Q5_K_M', 18: 'Q6_K', 19: 'IQ2_XXS', 20: 'IQ2_XS', 32: 'BF16',
};

export function fileTypeName(fileType: number | undefined): string | undefined {
  return fileType === undefined ? undefined : FILE_TYPES[fileType] ?? `type ${fileType}`;
}
