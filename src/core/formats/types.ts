import type { ChatMessage } from '../messages';
import type { ConversionLoss } from '../tools/convertForV1';
import type { Tool } from '../tools/tool';

export type FormatId = 'fc-v1' | 'general-v1' | 'xlam2-qwen' | 'xlam2-llama';
export const FORMAT_IDS: readonly FormatId[] = ['fc-v1', 'general-v1', 'xlam2-qwen', 'xlam2-llama'];

/** The output family a format's model writes (which parser reads it). */
export type OutputFamily = 'fc-v1' | 'general-v1' | 'xlam2';

/**
 * What a span of the prompt is, so the UI can colour and measure it. Concatenating the `text`
 * of all blocks gives the prompt exactly.
 */
export type BlockKind =
  | 'bos' // begin-of-text marker written as text
  | 'system' // a system line or system message text
  | 'roleMarker' // turn headers and turn ends: "### Instruction:\n", "<|im_start|>user\n", "<|eot_id|>", …
  | 'blockMarker' // "[BEGIN OF …]" / "[END OF …]" lines and the blank lines between blocks
  | 'taskInstruction'
  | 'tools'
  | 'formatInstruction'
  | 'query' // the user's text
  | 'history' // general v1 history steps JSON
  | 'assistant' // an earlier assistant turn's text
  | 'toolCall' // an earlier assistant turn's calls
  | 'toolResult'
  | 'generationPrompt'; // where the model starts writing

export interface PromptBlock {
  kind: BlockKind;
  text: string;
  /** True when the block is part of the v1 user-message content (`--part content`). */
  inContent?: boolean;
}

export interface RenderInput {
  format: FormatId;
  /** Omitted: the family's default (fc-v1 `card`, general-v1 `client`, xlam2 `vllm`). */
  variant?: string;
  tools: readonly Tool[];
  messages: readonly ChatMessage[];
}

export interface RenderResult {
  format: FormatId;
  variant: string;
  blocks: PromptBlock[];
  /** Concatenation of all blocks: exactly what the model receives. */
  prompt: string;
  /** v1 families: the single user message's content (what a model's own template wraps). */
  content?: string;
  /** Things the user should know (dropped history, a system message that drops the format instruction, …). */
  warnings: string[];
  losses: ConversionLoss[];
  /** Stop strings for generation. */
  stop: string[];
}

export const DEFAULT_VARIANT: Record<FormatId, string> = {
  'fc-v1': 'card',
  'general-v1': 'client',
  'xlam2-qwen': 'vllm',
  'xlam2-llama': 'vllm',
};

export const VARIANTS: Record<FormatId, readonly string[]> = {
  'fc-v1': ['card', 'bfcl'],
  'general-v1': ['client'],
  'xlam2-qwen': ['vllm', 'bfcl'],
  'xlam2-llama': ['vllm', 'bfcl'],
};

export function outputFamily(format: FormatId): OutputFamily {
  return format === 'fc-v1' ? 'fc-v1' : format === 'general-v1' ? 'general-v1' : 'xlam2';
}
