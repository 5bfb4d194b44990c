import { loneSurrogateWarnings } from '../../core/encodingWarnings';
import { exportCode } from '../../core/export/exportCode';
import { DEFAULT_EXPORT_MAX_TOKENS, EXPORT_LANGS, EXPORT_MODES, exportProblem } from '../../core/export/types';
import { choiceOption, numberOption, parseArgs, stringOption, UsageError } from '../args';
import { conversationSpec, formatOptions, printWarnings, readConversation } from '../conversation';
import type { CliIo } from '../io';

export const EXPORT_HELP = `Usage: xlam-lab export --lang LANG --format FORMAT [--variant NAME] --tools FILE
                       (--query TEXT | --messages FILE) [--mode chat|raw] [--grammar]
                       [--max-tokens N] [--temperature T] [--model-id ID]

Prints code that reproduces the exact prompt outside xLAM Tool Lab.

  --lang         python-prompt        standard-library Python: build_prompt() for
                                      fc-v1 and general-v1; run, it prints the prompt
                 python-transformers  transformers: build_prompt (v1), or
                                      apply_chat_template(..., tools=...) (xLAM-2)
                 python-openai        the openai client against vLLM
                 ts-node-llama-cpp    our exact prompt on a local GGUF (with the
                                      grammar when --grammar is given)
                 curl                 a shell script with one curl request
  --format       fc-v1 | general-v1 | xlam2-qwen | xlam2-llama
  --variant      see "xlam-lab render --help"
  --mode         python-openai and curl: chat (/v1/chat/completions with tools,
                 vLLM's --tool-call-parser xlam; the default for xLAM-2) or raw
                 (/v1/completions with our exact prompt; the default for v1)
  --grammar      constrain output to calls of the tools: a GBNF grammar
                 (ts-node-llama-cpp) or tool_choice "required" (chat mode)
  --max-tokens   most tokens to generate (default ${DEFAULT_EXPORT_MAX_TOKENS})
  --temperature  sampling temperature (default 0, greedy)
  --model-id     the model the code names (default: the family's Salesforce model)

Warnings about the prompt and notes about the code go to stderr.
`;

export function runExport(argv: readonly string[], io: CliIo): number {
  const args = parseArgs(argv, { values: ['lang', 'format', 'variant', 'tools', 'query', 'messages', 'mode', 'max-tokens', 'temperature', 'model-id'], flags: ['grammar', 'help'] });
  if (args.options.has('help')) {
    io.stdout(EXPORT_HELP);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const lang = choiceOption(args, 'lang', EXPORT_LANGS);
  if (lang === undefined) throw new UsageError('--lang is required');
  const { format, variant } = formatOptions(args);
  const conversation = conversationSpec(args);
  const mode = choiceOption(args, 'mode', EXPORT_MODES);
  const grammar = args.options.has('grammar');
  const maxTokens = numberOption(args, 'max-tokens', (n) => Number.isInteger(n) && n > 0, 'a positive integer');
  const temperature = numberOption(args, 'temperature', (n) => n >= 0 && Number.isFinite(n), 'a number ≥ 0');
  const modelId = stringOption(args, 'model-id');
  // Checked before any file is read: a language that cannot serve the format is a usage error.
  const problem = exportProblem({ lang, format, grammar, ...(mode !== undefined ? { mode } : {}) });
  if (problem !== undefined) throw new UsageError(problem);

  const { tools, messages, warnings, inputs } = readConversation(conversation);
  const result = exportCode({
    lang,
    format,
    tools,
    messages,
    grammar,
    ...(variant !== undefined ? { variant } : {}),
    ...(mode !== undefined ? { mode } : {}),
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(modelId !== undefined ? { modelId } : {}),
  });
  printWarnings(warnings, io);
  for (const warning of result.warnings) io.stderr(`warning: ${warning}\n`);
  printWarnings(loneSurrogateWarnings(result.prompt, inputs), io);
  for (const note of result.notes) io.stderr(`note: ${note}\n`);
  io.stdout(result.code);
  return 0;
}
