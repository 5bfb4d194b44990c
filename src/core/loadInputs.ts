import { replacementCharWarnings } from './encodingWarnings';
import { InputError } from './errors';
import { locatePath, readJsonDocument } from './json/readJsonDocument';
import { readMessages, type ChatMessage } from './messages';
import { readTools, type Tool } from './tools/tool';
import { toolShapeProblems } from './tools/toolShapeProblems';

/**
 * Tools from the text of a `*.tools.json` file. Any item that is not a tool is an error at its
 * position: rendering a prompt without it would silently differ from what the user wrote.
 */
export function parseToolsText(text: string, file?: string): Tool[] {
  return readToolsFile(text, file).tools;
}

/**
 * The same, with located warnings for what still renders but not as intended: fields of the
 * wrong type (lint's errors; the prompt still holds them as written) and bytes that were not UTF-8.
 */
export function readToolsFile(text: string, file?: string): { tools: Tool[]; warnings: InputError[] } {
  const doc = readJsonDocument(text, file);
  const { tools, problems } = readTools(doc.value);
  const first = problems[0];
  if (first !== undefined) {
    throw new InputError(first.message, locatePath(doc, first.index < 0 ? [] : [first.index]));
  }
  const warnings = replacementCharWarnings(text, file);
  for (const tool of tools) {
    for (const problem of toolShapeProblems(tool)) {
      warnings.push(new InputError(`warning: tool ${tool.index}: ${problem.message} (lint reports this as an error; the prompt has it as written)`, locatePath(doc, [tool.index, ...problem.path])));
    }
  }
  return { tools, warnings };
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
