import { renderPrompt } from '../../core/formats/render';
import type { FormatId } from '../../core/formats/types';
import { choiceOption, parseArgs, UsageError } from '../args';
import { loneSurrogateWarnings } from '../../core/encodingWarnings';
import { conversationSpec, formatOptions, printWarnings, readConversation } from '../conversation';
import type { CliIo } from '../io';

export const RENDER_HELP = `Usage: xlam-lab render --format FORMAT [--variant NAME] --tools FILE
                       (--query TEXT | --messages FILE) [--part prompt|content]

Prints the exact prompt an xLAM model receives (no trailing newline added).

  --format    fc-v1 | general-v1 | xlam2-qwen | xlam2-llama
  --variant   fc-v1: card (default), bfcl; general-v1: client;
              xlam2-*: vllm (default), bfcl
  --tools     JSON array of tools: OpenAI-wrapped, plain, or xlam-60k flat
  --query     the user's question (one user message)
  --messages  JSON array of OpenAI-style chat messages
  --part      prompt (default): the full prompt with the chat template applied;
              content: only the user-message content (v1 families)

Warnings (dropped history, no verified template, …) go to stderr.
`;

export function runRender(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, { values: ['format', 'variant', 'tools', 'query', 'messages', 'part'], flags: ['help'] });
  if (args.options.has('help')) {
    io.stdout(RENDER_HELP);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const { format, variant } = formatOptions(args);
  const part = choiceOption(args, 'part', ['prompt', 'content'] as const) ?? 'prompt';
  if (part === 'content' && !isV1(format)) throw new UsageError('--part content applies to fc-v1 and general-v1 (xLAM-2 has no single content message)');

  const conversation = conversationSpec(args);

  const { tools, messages, warnings, inputs } = readConversation(conversation);
  const result = renderPrompt(variant === undefined ? { format, tools, messages } : { format, variant, tools, messages });
  printWarnings(warnings, io);
  for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
  printWarnings(loneSurrogateWarnings(result.prompt, inputs), io);
  io.stdout(part === 'content' ? result.content ?? '' : result.prompt);
  return 0;
}

function isV1(format: FormatId): boolean {
  return format === 'fc-v1' || format === 'general-v1';
}
