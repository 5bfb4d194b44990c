import { isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue';
import type { ChatMessage } from '../messages';
import type { Tool } from '../tools/tool';
import { PromptBuilder } from './blocks';
import { pyStr } from './pyRepr';
import { finish } from './renderSupport';
import type { RenderResult } from './types';
import { QWEN_VLLM, tojson, writeCallsKeyBody, writePlainTurn, writeSystemTurn, X2_SYSTEM_VLLM } from './xlam2';

/**
 * `vllm` Qwen: vLLM's examples/tool_chat_template_xlam_qwen.jinja rendered with Hugging Face's
 * Jinja settings (reference §5). Each branch below mirrors one branch of the template.
 *
 * An empty tool list renders as `tools` = none: no format instruction and no tools, as golden C4
 * shows. (The template itself would write the instruction for `tools=[]`; passing no tools is
 * what "no tools" means to a user, and `apply_chat_template` callers pass None then.)
 */
export function renderXlam2QwenVllm(tools: readonly Tool[], messages: readonly ChatMessage[]): RenderResult {
  const dialect = QWEN_VLLM;
  const warnings: string[] = [];
  const builder = new PromptBuilder();
  const { rest, offset } = writeSystemTurn(
    builder,
    dialect,
    tools,
    messages,
    {
      defaultSystem: X2_SYSTEM_VLLM,
      formatAfterCustomSystem: false,
      toolsNone: tools.length === 0,
      toolText: (tool) => tojson(tool.plain, 4),
      label: 'xlam2-qwen vllm',
    },
    warnings,
  );

  rest.forEach((message, i) => {
    const index = i + offset;
    if (message.role === 'tool') {
      builder.add('roleMarker', dialect.open('tool'));
      builder.add('toolResult', toolResultText(message, index, warnings));
      builder.add('roleMarker', dialect.close);
    } else if (message.hasToolCalls) {
      builder.add('roleMarker', dialect.open('assistant'));
      writeCallsKeyBody(builder, message, index, warnings, (fn, where) => callText(fn, where, warnings));
      builder.add('roleMarker', dialect.close);
    } else {
      writePlainTurn(builder, dialect, message, index, warnings);
    }
  });

  builder.add('generationPrompt', dialect.open('assistant'));
  return finish('xlam2-qwen', 'vllm', builder, { warnings, losses: [] });
}

/**
 * One call: `tojson(call.function)`, which writes whatever the function object holds, so string
 * arguments stay a string and come out re-quoted.
 */
function callText(fn: JsonObject, where: string, warnings: string[]): string {
  if (typeof fn.get('arguments') === 'string') {
    warnings.push(
      `${where}: "arguments" is a JSON string; the vLLM Qwen template writes it re-quoted as a string ("arguments": "{\\"…"), unlike the objects the model was trained on; give arguments as an object`,
    );
  }
  return tojson(fn);
}

/**
 * A tool result: `content.content` when the content is an object with that key (a nested result),
 * then objects and lists through `tojson`, other values as Jinja prints them.
 */
function toolResultText(message: ChatMessage, index: number, warnings: string[]): string {
  let content: JsonValue | undefined = message.content;
  if (isJsonObject(content) && content.has('content')) content = content.get('content');
  if (content === undefined) {
    // Jinja's Undefined counts as iterable, so the template would pass it to tojson and fail.
    warnings.push(`message ${index} (tool) has no content; the vLLM template would fail on it; nothing is written`);
    return '';
  }
  if (isJsonObject(content) || Array.isArray(content)) return tojson(content);
  return pyStr(content);
}
