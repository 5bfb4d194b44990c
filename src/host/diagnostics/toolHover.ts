import { renderQuery } from '../../core/formats/render';
import type { FormatId } from '../../core/formats/types';
import { parsePythonJson } from '../../core/json/parsePythonJson';
import { readTool } from '../../core/tools/tool';
import { STRINGS } from '../strings';
import { itemAt, topLevelItems } from './documentItems';

/*
 * The hover on a tool of a *.tools.json: how it renders in the fc v1 and xLAM-2 prompts and a
 * token estimate. Pure (no `vscode`); the provider wraps the markdown.
 */

const SAMPLE_QUERY = 'query';

export interface ToolHover {
  name: string;
  /** The tool's text in each prompt's tools block. */
  fcV1: string;
  /** xLAM-2 Qwen (vllm); `xlam2Llama` only when the Llama prompt shows the tool differently. */
  xlam2: string;
  xlam2Llama?: string;
  /** The tool's top-level span in the document. */
  offset: number;
  length: number;
}

/**
 * The tool (top-level array item) at `offset`, rendered; undefined outside a tool or for a
 * non-tool. `items`: the document's cached top-level items (documentItems.ts).
 */
export function toolHoverAt(text: string, offset: number, items = topLevelItems(text)): ToolHover | string | undefined {
  const span = items === undefined ? undefined : itemAt(items, offset);
  if (span === undefined || text.charCodeAt(span.offset) !== 123) return undefined;
  const parsed = parsePythonJson(text.slice(span.offset, span.offset + span.length));
  if (!parsed.ok) return undefined;
  const tool = readTool(parsed.value, 0);
  if (typeof tool === 'string') return tool;
  try {
    const hover: ToolHover = { name: tool.name, fcV1: toolsBlock('fc-v1', tool), xlam2: toolsBlock('xlam2-qwen', tool), offset: span.offset, length: span.length };
    const llama = toolsBlock('xlam2-llama', tool);
    if (llama !== hover.xlam2) hover.xlam2Llama = llama;
    return hover;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function toolsBlock(format: FormatId, tool: Parameters<typeof renderQuery>[1][number]): string {
  const rendered = renderQuery(format, [tool], SAMPLE_QUERY);
  return rendered.blocks
    .filter((block) => block.kind === 'tools')
    .map((block) => block.text)
    .join('')
    .trim();
}

/** Characters ÷ 4, rounded up: an estimate, not a tokenizer count. */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

/** The hover's markdown (code fences sized past any backtick run in the text). */
export function toolHoverMarkdown(hover: ToolHover | string): string {
  const strings = STRINGS.lint.hover;
  if (typeof hover === 'string') return strings.notRenderable(hover);
  return [
    strings.tool(hover.name),
    '',
    strings.fcV1,
    fence(hover.fcV1, 'json'),
    '',
    hover.xlam2Llama === undefined ? strings.xlam2 : strings.xlam2Qwen,
    fence(hover.xlam2, 'json'),
    '',
    ...(hover.xlam2Llama === undefined ? [] : [strings.xlam2Llama, fence(hover.xlam2Llama, 'json'), '']),
    strings.tokens(estimateTokens(hover.fcV1), estimateTokens(hover.xlam2)),
  ].join('\n');
}

function fence(text: string, language: string): string {
  const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((run) => run[0].length));
  const ticks = '`'.repeat(longest + 1);
  return `${ticks}${language}\n${text}\n${ticks}`;
}
