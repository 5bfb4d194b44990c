import { InputError } from './errors';
import { describeJsonType, getString, isJsonObject, JsonObject, type JsonValue } from './json/jsonValue';

export type Role = 'system' | 'user' | 'assistant' | 'tool' | 'ipython';

/**
 * An OpenAI-style chat message. `raw` keeps the message as written, because some formats
 * serialise parts of it verbatim (general v1 history puts `tool_calls` in as given).
 */
export interface ChatMessage {
  role: Role;
  /** The `content` value as written (string, null, object, list, or undefined when absent). */
  content: JsonValue | undefined;
  /** The raw `tool_calls` value when the key exists (even if empty or null). */
  toolCalls: JsonValue | undefined;
  hasToolCalls: boolean;
  raw: JsonObject;
}

const ROLES: readonly Role[] = ['system', 'user', 'assistant', 'tool', 'ipython'];

export function userMessage(text: string): ChatMessage {
  return toMessage(new JsonObject([['role', 'user'], ['content', text]]), 0);
}

/** Reads a JSON array of chat messages; throws InputError naming the bad message. */
export function readMessages(value: JsonValue): ChatMessage[] {
  if (!Array.isArray(value)) throw new InputError('a messages file must be a JSON array of chat messages');
  return value.map((item, index) => {
    if (!isJsonObject(item)) throw new InputError(`message ${index} is not an object`, undefined, [index]);
    return toMessage(item, index);
  });
}

function toMessage(raw: JsonObject, index: number): ChatMessage {
  const role = getString(raw, 'role');
  if (role === undefined || !ROLES.includes(role as Role)) {
    // Say what was found: `{"role": 5}` is not "role null".
    const found = raw.has('role') ? `role ${role === undefined ? describeJsonType(raw.get('role')) : JSON.stringify(role)}` : 'no "role"';
    throw new InputError(`message ${index} has ${found}; expected one of ${ROLES.join(', ')}`, undefined, [index, raw.has('role') ? 'role' : undefined].filter((p) => p !== undefined));
  }
  return {
    role: role as Role,
    content: raw.get('content'),
    toolCalls: raw.get('tool_calls'),
    hasToolCalls: raw.has('tool_calls'),
    raw,
  };
}

/** The text of a content value: strings as-is, OpenAI content parts joined, null/absent as "". */
export function contentText(content: JsonValue | undefined): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content.map((part) => (isJsonObject(part) ? getString(part, 'text') ?? '' : typeof part === 'string' ? part : '')).join('');
  }
  return '';
}
