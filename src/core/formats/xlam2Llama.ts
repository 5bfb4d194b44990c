import { isJsonObject, type JsonObject } from '../json/jsonValue';
import type { ChatMessage } from '../messages';
import type { Tool } from '../tools/tool';
import { PromptBuilder } from './blocks';
import { pyStr } from './pyRepr';
import { finish } from './renderSupport';
import type { RenderResult } from './types';
import { LLAMA, tojson, writeCallsKeyBody, writePlainTurn, writeSystemTurn, X2_SYSTEM_VLLM } from './xlam2';

/**
 * `vllm` Llama: vLLM's examples/tool_chat_template_xlam_llama.jinja (reference §5). Differs from
 * the Qwen template in its markers, in the branch order (a message with `tool_calls` is an
 * assistant turn even if its role is tool), in writing calls piece by piece, and in writing tool
 * and ipython results under `ipython` without unwrapping `content.content`. `custom_tools` is not
 * offered; an empty tool list is `tools` = none, as for Qwen.
 */
export function renderXlam2LlamaVllm(tools: readonly Tool[], messages: readonly ChatMessage[]): RenderResult {
  const dialect = LLAMA;
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
      label: 'xlam2-llama vllm',
    },
    warnings,
  );

  rest.forEach((message, i) => {
    const index = i + offset;
    if (message.hasToolCalls) {
      builder.add('roleMarker', dialect.open('assistant'));
      writeCallsKeyBody(builder, message, index, warnings, (fn, where) => callText(fn, where, warnings));
      builder.add('roleMarker', dialect.close);
    } else if (message.role === 'tool' || message.role === 'ipython') {
      builder.add('roleMarker', dialect.open('ipython'));
      builder.add('toolResult', toolResultText(message, index, warnings));
      builder.add('roleMarker', dialect.close);
    } else {
      writePlainTurn(builder, dialect, message, index, warnings);
    }
  });

  builder.add('generationPrompt', dialect.open('assistant'));
  return finish('xlam2-llama', 'vllm', builder, { warnings, losses: [] });
}

/**
 * One call: `{"name": "` + name + `", "arguments": ` + tojson(arguments) + `}`. The name is
 * concatenated unescaped, as the template does; string arguments come out re-quoted.
 */
function callText(fn: JsonObject, where: string, warnings: string[]): string {
  const name = fn.get('name');
  if (typeof name !== 'string') warnings.push(`${where}: "name" is not a string; the template would fail on it`);
  const args = fn.get('arguments');
  if (args === undefined) warnings.push(`${where} has no "arguments"; the template would fail on it; {} is written`);
  else if (typeof args === 'string') {
    warnings.push(
      `${where}: "arguments" is a JSON string; the vLLM Llama template writes it re-quoted as a string, unlike the objects the model was trained on; give arguments as an object`,
    );
  }
  return `{"name": "${pyStr(name)}", "arguments": ${args === undefined ? '{}' : tojson(args)}}`;
}

/** Objects and lists through `tojson`; anything else as Jinja prints it. */
function toolResultText(message: ChatMessage, index: number, warnings: string[]): string {
  const content = message.content;
  if (content === undefined) {
    warnings.push(`message ${index} (${message.role}) has no content; the vLLM template would fail on it; nothing is written`);
    return '';
  }
  if (isJsonObject(content) || Array.isArray(content)) return tojson(content);
  return pyStr(content);
}
