import { replacementCharWarnings } from '../core/encodingWarnings';
import type { InputError } from '../core/errors';
import { parseMessagesText, readToolsFile } from '../core/loadInputs';
import { userMessage, type ChatMessage } from '../core/messages';
import type { Tool } from '../core/tools/tool';
import { FORMAT_IDS, VARIANTS, type FormatId } from '../core/formats/types';
import { choiceOption, stringOption, UsageError, type ParsedArgs } from './args';
import { readTextFile, type CliIo } from './io';

/** `--format FORMAT [--variant NAME]`: the format is required, the variant must be one of its own. */
export function formatOptions(args: ParsedArgs): { format: FormatId; variant: string | undefined } {
  const format = choiceOption(args, 'format', FORMAT_IDS);
  if (format === undefined) throw new UsageError('--format is required');
  return { format, variant: choiceOption(args, 'variant', VARIANTS[format]) };
}

/** `--tools FILE (--query TEXT | --messages FILE)`, checked before any file is read. */
export interface ConversationSpec {
  toolsPath: string;
  query: string | undefined;
  messagesPath: string | undefined;
}

export function conversationSpec(args: ParsedArgs): ConversationSpec {
  const toolsPath = stringOption(args, 'tools');
  if (toolsPath === undefined) throw new UsageError('--tools is required');
  const query = stringOption(args, 'query');
  const messagesPath = stringOption(args, 'messages');
  if ((query === undefined) === (messagesPath === undefined)) throw new UsageError('give exactly one of --query and --messages');
  return { toolsPath, query, messagesPath };
}

export interface Conversation {
  tools: Tool[];
  messages: ChatMessage[];
  /** Located warnings (`file:line:col: warning: …`) to print on stderr. */
  warnings: InputError[];
  /** The texts read, to locate what a prompt could not carry (lone surrogates). */
  inputs: Array<{ text: string; file: string }>;
}

/** The tools and messages the spec names; bad files are InputErrors with file:line:col. */
export function readConversation(spec: ConversationSpec): Conversation {
  const toolsText = readTextFile(spec.toolsPath);
  const { tools, warnings } = readToolsFile(toolsText, spec.toolsPath);
  const inputs = [{ text: toolsText, file: spec.toolsPath }];
  let messages: ChatMessage[];
  if (spec.messagesPath === undefined) {
    messages = [userMessage(spec.query ?? '')];
  } else {
    const text = readTextFile(spec.messagesPath);
    messages = parseMessagesText(text, spec.messagesPath);
    warnings.push(...replacementCharWarnings(text, spec.messagesPath));
    inputs.push({ text, file: spec.messagesPath });
  }
  return { tools, messages, warnings, inputs };
}

/** Prints located warnings, one line each. */
export function printWarnings(warnings: readonly InputError[], io: CliIo): void {
  for (const warning of warnings) io.stderr(`${warning.describe()}\n`);
}
