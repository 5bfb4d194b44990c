import type { GrammarMode, SamplingOptions } from '../core/engine/types';
import { InputError } from '../core/errors';
import { describeJsonType, isJsonNumber, isJsonObject, type JsonObject, type JsonValue } from '../core/json/jsonValue';
import { JSON_TOO_DEEP, MAX_JSON_DEPTH, TOO_DEEP_MESSAGE } from '../core/json/jsonDepth';
import { parsePythonJson } from '../core/json/parsePythonJson';
import { readMessages, type ChatMessage } from '../core/messages';
import { readTools, type Tool } from '../core/tools/tool';
import { toolShapeProblems } from '../core/tools/toolShapeProblems';
import { badRequest } from './httpIo';

/*
 * Request bodies are read with Python's json.loads rules and the ordered JSON model, as vLLM reads
 * them: tools keep their key order and number lexemes all the way into the rendered prompt.
 */

interface Common {
  model: string | undefined;
  stream: boolean;
  includeUsage: boolean;
  sampling: SamplingOptions;
}

export interface ChatInput extends Common {
  messages: ChatMessage[];
  tools: Tool[];
  /** `none`: tools go into the prompt but output is not parsed into calls (vLLM's behaviour). */
  toolChoice: 'auto' | 'none' | 'required';
  grammar: GrammarMode;
}

export interface CompletionInput extends Common {
  prompt: string;
}

function readObject(text: string): JsonObject {
  // The shared depth limit: render, dumps and the grammar recurse once per level of what is read.
  const parsed = parsePythonJson(text, { maxDepth: MAX_JSON_DEPTH });
  if (!parsed.ok && parsed.raises === 'RecursionError') throw badRequest(`request body: ${JSON_TOO_DEEP} at offset ${parsed.offset}: ${TOO_DEEP_MESSAGE}`);
  if (!parsed.ok) throw badRequest(`request body is not valid JSON: ${parsed.message} (at offset ${parsed.offset})`);
  if (!isJsonObject(parsed.value)) throw badRequest(`request body must be a JSON object, not ${describeJsonType(parsed.value)}`);
  return parsed.value;
}

function optionalNumber(body: JsonObject, key: string, check: (n: number) => boolean, rule: string): number | undefined {
  const value = body.get(key);
  if (value === undefined || value === null) return undefined;
  if (!isJsonNumber(value) || !check(value.value)) throw badRequest(`"${key}" must be ${rule}`);
  return value.value;
}

function optionalBoolean(value: JsonValue | undefined, key: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw badRequest(`"${key}" must be true or false`);
  return value;
}

function readCommon(body: JsonObject): Common {
  const model = body.get('model');
  if (model !== undefined && model !== null && typeof model !== 'string') throw badRequest('"model" must be a string');
  const n = optionalNumber(body, 'n', Number.isInteger, 'an integer');
  if (n !== undefined && n !== 1) throw badRequest('only "n": 1 is supported');
  const stream = optionalBoolean(body.get('stream'), 'stream') ?? false;
  const options = body.get('stream_options');
  let includeUsage = false;
  if (options !== undefined && options !== null) {
    // vLLM's own check, same words.
    if (!stream) throw badRequest('Stream options can only be defined when stream is true.');
    if (!isJsonObject(options)) throw badRequest('"stream_options" must be an object');
    includeUsage = optionalBoolean(options.get('include_usage'), 'stream_options.include_usage') ?? true;
  }
  const positiveInt = (x: number): boolean => Number.isInteger(x) && x > 0;
  const maxTokens = optionalNumber(body, 'max_completion_tokens', positiveInt, 'a positive integer') ?? optionalNumber(body, 'max_tokens', positiveInt, 'a positive integer');
  const temperature = optionalNumber(body, 'temperature', (x) => x >= 0, 'a number ≥ 0');
  const topP = optionalNumber(body, 'top_p', (x) => x > 0 && x <= 1, 'a number in (0, 1]');
  const seed = optionalNumber(body, 'seed', Number.isInteger, 'an integer');
  const stopValue = body.get('stop');
  let stop: string[] | undefined;
  if (typeof stopValue === 'string') stop = [stopValue];
  else if (Array.isArray(stopValue) && stopValue.every((s): s is string => typeof s === 'string')) stop = stopValue;
  else if (stopValue !== undefined && stopValue !== null) throw badRequest('"stop" must be a string or a list of strings');
  const sampling: SamplingOptions = {
    ...(maxTokens !== undefined ? { maxTokens } : {}),
    ...(temperature !== undefined ? { temperature } : {}),
    ...(topP !== undefined ? { topP } : {}),
    ...(seed !== undefined ? { seed } : {}),
    ...(stop !== undefined && stop.length > 0 ? { stop } : {}),
  };
  return { model: typeof model === 'string' ? model : undefined, stream, includeUsage, sampling };
}

function readToolList(value: JsonValue | undefined): Tool[] {
  if (value === undefined || value === null) return [];
  const { tools, problems } = readTools(value);
  const first = problems[0];
  if (first !== undefined) throw badRequest(`"tools": ${first.message}`);
  // vLLM's request model refuses these field types too; the field is named for the client.
  for (const tool of tools) {
    const problem = toolShapeProblems(tool)[0];
    if (problem !== undefined) throw badRequest(`"tools[${tool.index}].${problem.path.join('.')}": ${problem.message}`);
  }
  return tools;
}

export function readChatRequest(text: string): ChatInput {
  const body = readObject(text);
  const rawMessages = body.get('messages');
  if (!Array.isArray(rawMessages)) throw badRequest('"messages" must be a list of chat messages');
  let messages: ChatMessage[];
  try {
    messages = readMessages(rawMessages);
  } catch (error) {
    if (error instanceof InputError) throw badRequest(`"messages": ${error.message}`);
    throw error;
  }
  if (messages.length === 0) throw badRequest('"messages" must not be empty');
  const tools = readToolList(body.get('tools'));
  const choice = body.get('tool_choice');
  if (choice !== undefined && choice !== null && choice !== 'auto' && choice !== 'none' && choice !== 'required') {
    throw badRequest('"tool_choice" must be "auto", "none" or "required" (a named function is not supported)');
  }
  if (choice === 'required' && tools.length === 0) throw badRequest('"tool_choice": "required" needs "tools"');
  const toolChoice = choice === 'none' || choice === 'required' ? choice : 'auto';
  return { ...readCommon(body), messages, tools, toolChoice, grammar: toolChoice === 'required' ? 'tools' : 'none' };
}

export function readCompletionRequest(text: string): CompletionInput {
  const body = readObject(text);
  let prompt = body.get('prompt');
  // The API also takes a list of prompts; one is all a single-sequence engine serves.
  if (Array.isArray(prompt) && prompt.length === 1) prompt = prompt[0];
  if (typeof prompt !== 'string') throw badRequest('"prompt" must be a string');
  return { ...readCommon(body), prompt };
}
