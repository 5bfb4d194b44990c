import type { ChatMessage } from '../messages';
import type { FormatId } from '../formats/types';
import type { Tool } from '../tools/tool';

/** The languages (and clients) code can be exported for. */
export type ExportLang = 'python-prompt' | 'python-transformers' | 'python-openai' | 'ts-node-llama-cpp' | 'curl';
export const EXPORT_LANGS: readonly ExportLang[] = ['python-prompt', 'python-transformers', 'python-openai', 'ts-node-llama-cpp', 'curl'];

/** How an OpenAI-compatible server is asked: its chat template and tool parser, or our exact prompt. */
export type ExportMode = 'chat' | 'raw';
export const EXPORT_MODES: readonly ExportMode[] = ['chat', 'raw'];

export interface ExportInput {
  lang: ExportLang;
  format: FormatId;
  /** Omitted or empty: the family's default. */
  variant?: string;
  tools: readonly Tool[];
  messages: readonly ChatMessage[];
  /** python-openai and curl; omitted: chat for xLAM-2 (vLLM's xlam parser), raw for v1 (vLLM has no v1 template). */
  mode?: ExportMode;
  /** Constrain output to calls of the tools: a GBNF grammar (node-llama-cpp) or tool_choice "required" (chat). */
  grammar?: boolean;
  maxTokens?: number;
  temperature?: number;
  /** The model the code names (a Hugging Face id or a served model name); omitted: the family's reference model. */
  modelId?: string;
}

export interface ExportResult {
  /** The source text, ending in a newline. */
  code: string;
  /** What the code does not do that the input asked for (e.g. a grammar transformers cannot apply). */
  notes: string[];
  /** The rendered prompt the code reproduces, and the renderer's warnings about it. */
  prompt: string;
  warnings: string[];
}

/** A reference model per family, used when no model id is given. */
export const DEFAULT_MODEL_ID: Record<FormatId, string> = {
  'fc-v1': 'Salesforce/xLAM-1b-fc-r',
  'general-v1': 'Salesforce/xLAM-7b-r',
  'xlam2-qwen': 'Salesforce/xLAM-2-1b-fc-r',
  'xlam2-llama': 'Salesforce/Llama-xLAM-2-8b-fc-r',
};

export const DEFAULT_EXPORT_MAX_TOKENS = 1024;

export function isV1Format(format: FormatId): boolean {
  return format === 'fc-v1' || format === 'general-v1';
}

export function exportModeOf(input: Pick<ExportInput, 'mode' | 'format'>): ExportMode {
  return input.mode ?? (isV1Format(input.format) ? 'raw' : 'chat');
}

/**
 * Why a language cannot be exported for this input, or undefined. Checked before any file is
 * read (the CLI's exit 2) and again by the generator.
 */
export function exportProblem(input: Pick<ExportInput, 'lang' | 'format' | 'mode' | 'grammar'>): string | undefined {
  if (input.lang === 'python-prompt' && !isV1Format(input.format)) {
    return `python-prompt builds the v1 prompts (fc-v1, general-v1); for ${input.format} the model's chat template builds it: use --lang python-transformers (apply_chat_template with tools), or python-openai / curl / ts-node-llama-cpp for our exact prompt`;
  }
  const remote = input.lang === 'python-openai' || input.lang === 'curl';
  if (input.mode !== undefined && !remote) return `--mode applies to python-openai and curl (how the server is asked), not to ${input.lang}`;
  if (remote && input.grammar === true && exportModeOf(input) === 'raw') {
    return 'a grammar with a remote server works in chat mode only (tool_choice "required"); use --mode chat, or drop --grammar';
  }
  return undefined;
}
