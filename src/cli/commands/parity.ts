import { EngineError } from '../../core/engine/types';
import { checkTemplateParity, readTemplateSource, type NoToolsAs, type ParityResult } from '../../engines/local/templateParity';
import { choiceOption, parseArgs, stringOption, UsageError } from '../args';
import { conversationSpec, formatOptions, readConversation } from '../conversation';
import type { CliIo } from '../io';

export const PARITY_HELP = `Usage: xlam-lab parity --model FILE --format FORMAT [--variant NAME]
                       --tools FILE (--query TEXT | --messages FILE)
                       [--no-tools-as none|undefined] [--json]

Template parity check: renders the conversation with the chat template the GGUF
carries (tokenizer.chat_template) as Hugging Face's apply_chat_template would
(@huggingface/jinja; messages, tools as plain objects, add_generation_prompt,
bos_token, eos_token) and compares it with our exact prompt for the format.
Prints "equal", or the first differing offset with 40 characters of context
on each side, and known causes when the difference is inside JSON that
@huggingface/jinja's tojson writes unlike Python's json.dumps.

  --model        a GGUF file with a chat template (only its header is read)
  --format       fc-v1 | general-v1 | xlam2-qwen | xlam2-llama
  --variant      see "xlam-lab render --help"
  --no-tools-as  with no tools, pass tools=none (default, as HF does) or leave
                 it undefined (as node-llama-cpp's Jinja chat wrapper does)
  --json         print {"equal","firstDifference","knownCauses",…} instead

Exit codes: 0 equal, 3 different, 1 bad input or no template, 2 usage error.
`;

export async function runParity(argv: readonly string[], io: CliIo): Promise<number> {
  const args = parseArgs(argv, { values: ['model', 'format', 'variant', 'tools', 'query', 'messages', 'no-tools-as'], flags: ['json', 'help'] });
  if (args.options.has('help')) {
    io.stdout(PARITY_HELP);
    return 0;
  }
  if (args.positionals.length > 0) throw new UsageError(`unexpected argument "${args.positionals[0]}"`);
  const model = stringOption(args, 'model');
  if (model === undefined) throw new UsageError('--model is required');
  const { format, variant } = formatOptions(args);
  const conversation = conversationSpec(args);
  const noTools: NoToolsAs = choiceOption(args, 'no-tools-as', ['none', 'undefined'] as const) ?? 'none';

  const { tools, messages } = readConversation(conversation);
  let result: ParityResult;
  try {
    const source = await readTemplateSource(model);
    result = await checkTemplateParity({ source, format, ...(variant !== undefined ? { variant } : {}), tools, messages, noTools });
  } catch (error) {
    if (!(error instanceof EngineError)) throw error;
    io.stderr(`xlam-lab parity: ${error.code}: ${error.message}\n`);
    return 1;
  }
  if (args.options.has('json')) io.stdout(`${JSON.stringify(result)}\n`);
  else io.stdout(describeParity(result));
  if (result.templateError !== undefined) return 1;
  return result.equal ? 0 : 3;
}

/** The human-readable report. */
export function describeParity(result: ParityResult): string {
  const what = `${result.format} ${result.variant} vs the model's chat template`;
  if (result.templateError !== undefined) return `template parity: the chat template failed in @huggingface/jinja: ${result.templateError}\n`;
  if (result.equal) return `template parity: equal (${what}, ${result.ours.length} characters)\n`;
  const d = result.firstDifference;
  let text = `template parity: DIFFERENT (${what}: ours ${result.ours.length} characters, template ${result.template.length})\n`;
  if (d !== undefined) {
    text += `first difference at offset ${d.offset} (line ${d.line}, column ${d.column})${d.block !== undefined ? `, in our "${d.block}" block` : ''}:\n`;
    text += `  ours:     ${JSON.stringify(d.ours)}\n  template: ${JSON.stringify(d.template)}\n`;
  }
  if (result.knownCauses.length > 0) text += `known causes (the Jinja engine, not the template):\n${result.knownCauses.map((cause) => `  - ${cause}\n`).join('')}`;
  return text;
}
