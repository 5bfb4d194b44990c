import { JsonObject, type JsonValue } from '../json/jsonValue';
import { readMessages, type ChatMessage } from '../messages';
import type { MockCall } from './mocks';

/**
 * A message to add to a playground conversation. Written in the OpenAI shape the renderers read
 * (and examples/weather.messages.json shows): calls as `tool_calls[].function` with object
 * arguments, tool results as `role: "tool"` with text content.
 */
export type NewMessage =
  | { role: 'system' | 'user'; content: string }
  | { role: 'assistant'; content?: string; calls: readonly MockCall[] }
  | { role: 'tool'; content: string; name?: string };

/** The JSON object of a new message, in the order the file shows it. */
export function messageJson(message: NewMessage): JsonObject {
  switch (message.role) {
    case 'system':
    case 'user':
      return new JsonObject([['role', message.role], ['content', message.content]]);
    case 'assistant':
      return new JsonObject([
        ['role', 'assistant'],
        ['content', message.content ?? ''],
        ['tool_calls', message.calls.map((call) => new JsonObject([['type', 'function'], ['function', new JsonObject([['name', call.name], ['arguments', call.arguments]])]]))],
      ]);
    case 'tool':
      // `name` is for people reading the file; the formats read only the content.
      return new JsonObject([['role', 'tool'], ...(message.name !== undefined ? ([['name', message.name]] as Array<[string, JsonValue]>) : []), ['content', message.content]]);
  }
}

/** The chat message a new message becomes once written (what the next render sees). */
export function chatMessage(message: NewMessage): ChatMessage {
  const [read] = readMessages([messageJson(message)]);
  return read as ChatMessage;
}
