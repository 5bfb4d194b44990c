import { pyJsonDumps } from '../json/pyJsonDumps';
import type { ChatMessage } from '../messages';
import { convertToolsForV1 } from '../tools/convertForV1';
import type { Tool } from '../tools/tool';
import { PromptBuilder, v1Blocks } from './blocks';
import { finish, lastIndexOfRole, messageText, plural } from './renderSupport';
import type { RenderResult } from './types';

/**
 * fc v1 (xLAM-1b-fc-r, xLAM-7b-fc-r), reference §3. Strings are byte-exact copies of the
 * sources, trailing spaces included; do not reflow them.
 */
export const FC_TASK_CARD =
  'You are an expert in composing functions. You are given a question and a set of possible functions. \nBased on the question, you will need to make one or more function/tool calls to achieve the purpose. \nIf none of the functions can be used, point it out and refuse to answer. \nIf the given question lacks the parameters required by the function, also point it out.';
export const FC_FORMAT_CARD =
  'The output MUST strictly adhere to the following JSON format, and NO other text MUST be included.\nThe example format is as follows. Please make sure the parameter type is correct. If no function call is needed, please make tool_calls an empty list \'[]\'.\n```\n{\n    "tool_calls": [\n    {"name": "func_name1", "arguments": {"argument1": "value1", "argument2": "value2"}},\n    ... (more tool calls as required)\n    ]\n}\n```';
export const FC_SYSTEM_BFCL =
  'You are an AI assistant for function calling. \nFor politically sensitive questions, security and privacy issues, \nand other non-computer science questions, you will refuse to answer';
// Differs from the card's task in one word ("none of the function can be used").
export const FC_TASK_BFCL =
  'You are an expert in composing functions. You are given a question and a set of possible functions. \nBased on the question, you will need to make one or more function/tool calls to achieve the purpose. \nIf none of the function can be used, point it out and refuse to answer. \nIf the given question lacks the parameters required by the function, also point it out.';
export const FC_FORMAT_BFCL =
  '\nThe output MUST strictly adhere to the following JSON format, and NO other text MUST be included.\nThe example format is as follows. Please make sure the parameter type is correct. If no function call is needed, please make tool_calls an empty list \'[]\'\n```\n{\n  "tool_calls": [\n    {"name": "func_name1", "arguments": {"argument1": "value1", "argument2": "value2"}},\n    ... (more tool calls as required)\n  ]\n}\n```\n';
export const DS_DEFAULT_SYSTEM =
  'You are an AI programming assistant, utilizing the Deepseek Coder model, developed by Deepseek Company, and you only answer questions related to computer science. For politically sensitive questions, security and privacy issues, and other non-computer science questions, you will refuse to answer\n';
/** deepseek-coder's BOS as text (full-width bars, U+2581 lower blocks); [U] in the reference. */
export const DS_BOS = '<\uff5cbegin\u2581of\u2581sentence\uff5c>';

const INSTRUCTION = '### Instruction:\n';
const RESPONSE = '### Response:';

/**
 * `card`: the model card's content (four blocks, the last user message as the query) sent as the
 * only user message through deepseek-coder's template (reference §3 steps 3–4).
 */
export function renderFcV1Card(tools: readonly Tool[], messages: readonly ChatMessage[]): RenderResult {
  const warnings: string[] = [];
  const { tools: converted, losses } = convertToolsForV1(tools, 'card');

  const lastUser = lastIndexOfRole(messages, 'user');
  const lastUserMessage = messages[lastUser];
  const query = lastUserMessage === undefined ? '' : messageText(lastUserMessage, lastUser, warnings);
  if (lastUserMessage === undefined) warnings.push('fc-v1 card: there is no user message, so the query is empty');

  // The deepseek template writes every system message's content in place of its default line;
  // the card content is the one user message, so system messages are all that can precede it.
  const systems = messages.flatMap((message, index) => (message.role === 'system' ? [messageText(message, index, warnings)] : []));
  const dropped = messages.length - systems.length - (lastUserMessage === undefined ? 0 : 1);
  if (dropped > 0) {
    warnings.push(
      `fc-v1 card has no slot for history or tool results: ${plural(dropped, 'message')} other than the last user message and the system messages ${dropped === 1 ? 'was' : 'were'} dropped`,
    );
  }

  const builder = new PromptBuilder().add('bos', DS_BOS);
  if (systems.length === 0) builder.add('system', DS_DEFAULT_SYSTEM);
  for (const text of systems) builder.add('system', text);
  const lastSystem = systems[systems.length - 1];
  if (lastSystem !== undefined && !lastSystem.endsWith('\n')) {
    // deepseek's own default line ends in "\n"; a custom one without it runs into the marker.
    warnings.push('fc-v1 card: the deepseek template writes the system message with no separator, so it runs straight into "### Instruction:"; end it with a newline to keep them apart');
  }
  builder.add('roleMarker', INSTRUCTION);
  builder.addAll(v1Blocks(FC_TASK_CARD, pyJsonDumps(converted), FC_FORMAT_CARD, query));
  builder.add('roleMarker', '\n');
  builder.add('generationPrompt', `${RESPONSE}\n`);
  return finish('fc-v1', 'card', builder, { warnings, losses, content: builder.content });
}

/**
 * `bfcl`: gorilla's xlam_handler.py of 2024-08-19 (reference §3 step 5): system messages extend
 * the task instruction, user messages are concatenated into the query, there is no BOS text and
 * the prompt ends at "### Response:" with no newline.
 */
export function renderFcV1Bfcl(tools: readonly Tool[], messages: readonly ChatMessage[]): RenderResult {
  const warnings: string[] = [];
  const { tools: converted, losses } = convertToolsForV1(tools, 'bfcl');

  let task = FC_TASK_BFCL;
  let query = '';
  let dropped = 0;
  messages.forEach((message, index) => {
    if (message.role === 'system') task += `\n${messageText(message, index, warnings)}`;
    else if (message.role === 'user') query += `\n${messageText(message, index, warnings)}`;
    else dropped++;
  });
  if (dropped > 0) {
    warnings.push(`fc-v1 bfcl reads only system and user messages: ${plural(dropped, 'assistant or tool message')} ${dropped === 1 ? 'was' : 'were'} dropped`);
  }

  const builder = new PromptBuilder().add('system', FC_SYSTEM_BFCL).add('roleMarker', INSTRUCTION);
  builder.addAll(v1Blocks(task, pyJsonDumps(converted), FC_FORMAT_BFCL, query));
  builder.add('roleMarker', '\n').add('generationPrompt', RESPONSE);
  return finish('fc-v1', 'bfcl', builder, { warnings, losses, content: builder.content });
}
