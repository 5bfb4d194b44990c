import { parseMessagesText, parseToolsText } from '../core/loadInputs';
import { userMessage, type ChatMessage } from '../core/messages';
import type { Tool } from '../core/tools/tool';
import { FORMAT_IDS, VARIANTS, type FormatId } from '../core/formats/types';
import { choiceOption, stringOption, UsageError, type ParsedArgs } from './args';
import { readTextFile } from './io';

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

/** The tools and messages the spec names; bad files are InputErrors with file:line:col. */
export function readConversation(spec: ConversationSpec): { tools: Tool[]; messages: ChatMessage[] } {
  const tools = parseToolsText(readTextFile(spec.toolsPath), spec.toolsPath);
  const messages = spec.messagesPath === undefined ? [userMessage(spec.query ?? '')] : parseMessagesText(readTextFile(spec.messagesPath), spec.messagesPath);
  return { tools, messages };
}
