import { JsonNumber, JsonObject, type JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import type { ChatMessage } from '../messages';
import { convertToolsForV1 } from '../tools/convertForV1';
import type { Tool } from '../tools/tool';
import { PromptBuilder, v1Blocks } from './blocks';
import { pyRepr } from './pyRepr';
import { finish, lastIndexOfRole, messageText } from './renderSupport';
import type { RenderResult } from './types';

/** general v1 (xLAM-7b-r, xLAM-8x7b-r, xLAM-8x22b-r), reference §4: the xLAM OpenAI client. */
export const GEN_TASK = 'Based on the previous context and API request history, generate an API request or a response as an AI assistant.';
export const GEN_FORMAT =
  'The output should be of the JSON format, which specifies a list of generated function calls. The example format is as follows, please make sure the parameter type is correct. If no function call is needed, please make \n    tool_calls an empty list "[]".\n    ```\n    {"thought": "the thought process, or an empty string", "tool_calls": [{"name": "api_name1", "arguments": {"argument1": "value1", "argument2": "value2"}}]}\n    ```';

export const GENERAL_V1_NO_TEMPLATE_WARNING =
  "general-v1: this is the content of the one user message; the model's own chat template wraps it, and none is applied without a model file";

/**
 * `client`: one user message built from the tools, the last user message and the whole
 * conversation as history steps (reference §4 steps 1–6). `prompt` is that content: no verified
 * template exists for these models, so nothing is guessed around it.
 */
export function renderGeneralV1(tools: readonly Tool[], messages: readonly ChatMessage[]): RenderResult {
  const warnings: string[] = [GENERAL_V1_NO_TEMPLATE_WARNING];
  const { tools: converted, losses } = convertToolsForV1(tools, 'card');

  // Step 1: only messages[0] is taken as the system message; a later one becomes a history step.
  const first = messages[0];
  const system = first?.role === 'system' ? first : undefined;
  const rest = system === undefined ? messages : messages.slice(1);
  const offset = system === undefined ? 0 : 1;

  const lastUser = lastIndexOfRole(rest, 'user');
  const lastUserMessage = rest[lastUser];
  const query = lastUserMessage === undefined ? '' : messageText(lastUserMessage, lastUser + offset, warnings);

  const history = buildHistory(rest, offset, warnings);

  const builder = new PromptBuilder();
  if (system !== undefined) {
    // The client writes f"{system_message}\n\n": the message dict's repr, a bug kept on purpose.
    builder.add('system', pyRepr(system.raw), true).add('blockMarker', '\n\n', true);
  }
  builder.addAll(v1Blocks(GEN_TASK, pyJsonDumps(converted), GEN_FORMAT, query));
  if (history.length > 0) {
    builder.add('blockMarker', '\n[BEGIN OF HISTORY STEPS]\n', true);
    builder.add('history', pyJsonDumps(history), true);
    builder.add('blockMarker', '\n[END OF HISTORY STEPS]\n', true);
  }
  return finish('general-v1', 'client', builder, { warnings, losses, content: builder.prompt });
}

/**
 * Steps 4: one step per non-tool message (the current query included); a tool message sets the
 * previous step's `next_observation`. Values are the raw message parts, as the client copies them.
 */
function buildHistory(messages: readonly ChatMessage[], offset: number, warnings: string[]): JsonObject[] {
  const history: JsonObject[] = [];
  messages.forEach((message, index) => {
    // A missing content is "" (`msg.get('content', '')`); an explicit null stays null.
    const content: JsonValue = message.content === undefined ? '' : message.content;
    if (message.role === 'tool') {
      const previous = history[history.length - 1];
      // The client does history[-1][…] and would raise IndexError here.
      if (previous === undefined) warnings.push(`message ${index + offset} (tool) has no earlier step to attach its result to; it was skipped`);
      else previous.set('next_observation', content);
      return;
    }
    history.push(
      new JsonObject([
        ['step_id', JsonNumber.fromNumber(history.length + 1)],
        ['thought', content],
        // `[msg['tool_calls']]`: the client nests the calls one level deeper than given.
        ['tool_calls', message.hasToolCalls ? [message.toolCalls ?? null] : []],
        ['next_observation', ''],
        ['user_input', message.role === 'user' ? content : ''],
      ]),
    );
  });
  return history;
}
