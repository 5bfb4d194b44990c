import type { ChatMessage } from '../messages';
import type { ConversionLoss } from '../tools/convertForV1';
import type { PromptBuilder } from './blocks';
import { pyStr } from './pyRepr';
import type { FormatId, RenderResult } from './types';

/** Stop strings per family (reference §1; `<|endoftext|>` and `<|eot_id|>` are [U]). */
export const STOP_STRINGS: Record<FormatId, readonly string[]> = {
  'fc-v1': ['<|EOT|>'],
  // general v1 stops on the base model's EOS, which only a model file knows.
  'general-v1': [],
  'xlam2-qwen': ['<|im_end|>', '<|endoftext|>'],
  'xlam2-llama': ['<|eot_id|>'],
};

/** The renderer-side parts of a result; `finish` adds the rest. */
export interface RenderParts {
  warnings: string[];
  losses: ConversionLoss[];
  /** v1 families only: the single user message's content. */
  content?: string;
}

export function finish(format: FormatId, variant: string, builder: PromptBuilder, parts: RenderParts): RenderResult {
  const result: RenderResult = {
    format,
    variant,
    blocks: builder.blocks,
    prompt: builder.prompt,
    warnings: parts.warnings,
    losses: parts.losses,
    stop: [...STOP_STRINGS[format]],
  };
  if (parts.content !== undefined) result.content = parts.content;
  return result;
}

/**
 * The text a Python source gets from `message["content"]` in an f-string or `{{ }}`: strings as
 * written, anything else as `str()` (None → "None", a list of content parts → its repr). The
 * sources assume strings, so anything else gets a warning naming the message.
 */
export function messageText(message: ChatMessage, index: number, warnings: string[]): string {
  const content = message.content;
  if (content !== undefined && typeof content !== 'string') {
    warnings.push(`message ${index} (${message.role}): content is not a string; it is written as Python's str() of it`);
  }
  return pyStr(content);
}

/** The index of the last message with the role, or -1. */
export function lastIndexOfRole(messages: readonly ChatMessage[], role: ChatMessage['role']): number {
  for (let i = messages.length - 1; i >= 0; i--) if (messages[i]?.role === role) return i;
  return -1;
}

/** "1 message" / "3 messages". */
export function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
