import { InputError } from './errors';
import { locatePath, readJsonDocument } from './json/readJsonDocument';
import { readMessages, type ChatMessage } from './messages';
import { readTools, type Tool } from './tools/tool';

/**
 * Tools from the text of a `*.tools.json` file. Any item that is not a tool is an error at its
 * position: rendering a prompt without it would silently differ from what the user wrote.
 */
export function parseToolsText(text: string, file?: string): Tool[] {
  const doc = readJsonDocument(text, file);
  const { tools, problems } = readTools(doc.value);
  const first = problems[0];
  if (first !== undefined) {
    throw new InputError(first.message, locatePath(doc, first.index < 0 ? [] : [first.index]));
  }
  return tools;
}

/** Chat messages from the text of a messages file, errors located at the bad message. */
export function parseMessagesText(text: string, file?: string): ChatMessage[] {
  const doc = readJsonDocument(text, file);
  try {
    return readMessages(doc.value);
  } catch (error) {
    if (error instanceof InputError && error.location === undefined) {
      throw new InputError(error.message, locatePath(doc, error.path ?? []), error.path);
    }
    throw error;
  }
}
