import { InputError } from '../errors';
import { userMessage } from '../messages';
import type { Tool } from '../tools/tool';
import { renderFcV1Bfcl, renderFcV1Card } from './fcV1';
import { renderGeneralV1 } from './generalV1';
import { DEFAULT_VARIANT, VARIANTS, type FormatId, type RenderInput, type RenderResult } from './types';
import { renderXlam2Bfcl } from './xlam2Bfcl';
import { renderXlam2LlamaVllm } from './xlam2Llama';
import { renderXlam2QwenVllm } from './xlam2Qwen';

export { STOP_STRINGS } from './renderSupport';

/**
 * The exact prompt of one format and variant. An omitted or empty variant is the family's
 * default (an empty `xlam.variant` setting means that too); an unknown one is an InputError.
 */
export function renderPrompt(input: RenderInput): RenderResult {
  const { format, tools, messages } = input;
  const variant = input.variant === undefined || input.variant === '' ? DEFAULT_VARIANT[format] : input.variant;
  const valid = VARIANTS[format] as readonly string[] | undefined;
  if (valid === undefined) throw new InputError(`unknown format "${String(format)}"`);
  if (!valid.includes(variant)) {
    throw new InputError(`variant "${variant}" does not apply to ${format}; valid variants: ${valid.join(', ')}`);
  }
  switch (format) {
    case 'fc-v1':
      return variant === 'bfcl' ? renderFcV1Bfcl(tools, messages) : renderFcV1Card(tools, messages);
    case 'general-v1':
      return renderGeneralV1(tools, messages);
    case 'xlam2-qwen':
      return variant === 'bfcl' ? renderXlam2Bfcl(format, tools, messages) : renderXlam2QwenVllm(tools, messages);
    case 'xlam2-llama':
      return variant === 'bfcl' ? renderXlam2Bfcl(format, tools, messages) : renderXlam2LlamaVllm(tools, messages);
  }
}

/** One user message with `query` as its text: the common "preview this question" case. */
export function renderQuery(format: FormatId, tools: readonly Tool[], query: string, variant?: string): RenderResult {
  const messages = [userMessage(query)];
  return renderPrompt(variant === undefined ? { format, tools, messages } : { format, variant, tools, messages });
}
