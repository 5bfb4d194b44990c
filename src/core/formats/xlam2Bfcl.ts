import { isJsonObject, JsonObject, type JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import { parsePythonJson } from '../json/parsePythonJson';
import type { ChatMessage } from '../messages';
import type { Tool } from '../tools/tool';
import { PromptBuilder } from './blocks';
import { pyStr } from './pyRepr';
import { finish } from './renderSupport';
import type { RenderResult } from './types';
import { callFunction, callsOf, LLAMA, QWEN_BFCL, warnContentDroppedForCalls, writePlainTurn, writeSystemTurn, X2_SYSTEM_BFCL } from './xlam2';

/**
 * `bfcl`: gorilla's salesforce_{qwen,llama}.py `_format_prompt` (reference §5). It is plain
 * Python string building, so unlike the vLLM templates it uses `json.dumps` defaults
 * (ensure_ascii), always writes the format instruction, and never adds "\n" after a turn end.
 */
export function renderXlam2Bfcl(format: 'xlam2-qwen' | 'xlam2-llama', tools: readonly Tool[], messages: readonly ChatMessage[]): RenderResult {
  const dialect = format === 'xlam2-qwen' ? QWEN_BFCL : LLAMA;
  const warnings: string[] = [];
  const builder = new PromptBuilder();
  const { rest, offset } = writeSystemTurn(
    builder,
    dialect,
    tools,
    messages,
    {
      defaultSystem: X2_SYSTEM_BFCL,
      formatAfterCustomSystem: true,
      toolsNone: false,
      // BFCL dumps its tools as given; ours are the plain (unwrapped) objects as written.
      toolText: (tool) => pyJsonDumps(tool.plain, { indent: 4 }),
      label: `${format} bfcl`,
    },
    warnings,
  );

  rest.forEach((message, i) => {
    const index = i + offset;
    if (message.role === 'tool') {
      builder.add('roleMarker', dialect.open(dialect.toolRole));
      builder.add('toolResult', toolResultText(message, index, warnings));
      builder.add('roleMarker', dialect.close);
      return;
    }
    const calls = message.hasToolCalls ? callsOf(message, index, warnings) : undefined;
    if (calls === undefined) {
      writePlainTurn(builder, dialect, message, index, warnings);
      return;
    }
    warnContentDroppedForCalls(message, index, warnings);
    const written = calls.flatMap((call, j) => {
      const where = `message ${index} call ${j}`;
      const fn = callFunction(call, where, warnings);
      return fn === undefined ? [] : [new JsonObject([['name', fn.get('name') ?? null], ['arguments', parsedArguments(fn.get('arguments'), where, warnings)]])];
    });
    builder.add('roleMarker', dialect.open('assistant'));
    builder.add('toolCall', pyJsonDumps(written));
    builder.add('roleMarker', dialect.close);
  });

  builder.add('generationPrompt', dialect.open('assistant'));
  return finish(format, 'bfcl', builder, { warnings, losses: [] });
}

/** `json.dumps(content)` for a dict or list, else the content itself (the handler concatenates it). */
function toolResultText(message: ChatMessage, index: number, warnings: string[]): string {
  const content = message.content;
  if (isJsonObject(content) || Array.isArray(content)) return pyJsonDumps(content);
  if (typeof content !== 'string') warnings.push(`message ${index} (tool): content is neither text nor JSON; it is written as Python's str() of it`);
  return pyStr(content);
}

/**
 * The handler does `json.loads(function["arguments"])`: OpenAI-style string arguments become
 * objects again. Object arguments are taken as already parsed.
 */
function parsedArguments(args: JsonValue | undefined, where: string, warnings: string[]): JsonValue {
  if (typeof args !== 'string') {
    if (args === undefined) warnings.push(`${where} has no "arguments"; null is written`);
    return args ?? null;
  }
  // Python's json.loads itself: NaN, 1.0, repeated keys and lone surrogates as Python reads them.
  const parsed = parsePythonJson(args);
  if (parsed.ok) return parsed.value;
  warnings.push(`${where}: "arguments" is not valid JSON (${parsed.message}); the handler would raise, so it is written as a string`);
  return args;
}
