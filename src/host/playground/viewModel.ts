import { parse, type ParseError } from 'jsonc-parser';
import type { FormatId } from '../../core/formats/types';
import { findTooDeep } from '../../core/json/jsonDepth';
import { renderPrompt } from '../../core/formats/render';
import { lintToolsText } from '../../core/lint';
import { resolveFormat, type ProposedFormat } from '../../core/playground/playgroundRequest';
import type { PlaygroundDocument, PlaygroundReadResult } from '../../core/playground/types';
import { countBlockTokens, estimateBlockTokens, type Tokenizer } from '../../core/tokens/blockTokens';
import type { Tool } from '../../core/tools/tool';
import { LOCAL_RENDER_MAX_CHARS, type HostToWebviewMessage, type PlainJson, type ToolDiagnosticPayload } from '../../shared/playgroundProtocol';

/*
 * What the playground webview is shown, computed from the document text alone: the document state,
 * the rendered prompt with token counts, and the Tools pane's diagnostics. No vscode import, so
 * unit tests run it in plain Node; playgroundSession.ts posts the results.
 */

type Msg<T extends HostToWebviewMessage['type']> = Extract<HostToWebviewMessage, { type: T }>;

export function documentStateMessage(text: string, fileName: string, read: PlaygroundReadResult, toolsText: string | null, mockTexts: Record<string, string> = {}): Msg<'documentState'> {
  // For display only (numbers as JS numbers): the views never write these values back as they are.
  const errors: ParseError[] = [];
  // parse() recurses: past the shared depth limit there is no document to show, only the reader's located error.
  const parsed = findTooDeep(text) === undefined ? (parse(text, errors, { allowTrailingComma: false, disallowComments: true }) as PlainJson | undefined) : undefined;
  const document = errors.length === 0 && parsed !== undefined ? parsed : null;
  const problems = read.problems.map((problem) => ({ severity: problem.severity, message: problem.message, path: problem.path, line: problem.location.line, column: problem.location.column }));
  return { type: 'documentState', document, problems, stale: !read.ok, toolsText, mockTexts, fileName, text: text.length > LOCAL_RENDER_MAX_CHARS ? null : text };
}

/** How to count tokens: a real tokenizer (the loaded model's, or the family's vocabulary), else an estimate. */
export interface TokenCounter {
  tokenize: Tokenizer;
  /** What the counts come from, for the log. */
  source: string;
  /** The GGUF the tokenizer comes from: a big prompt is counted from it in a worker thread. */
  modelPath?: string;
}

/**
 * Prompts longer than this are counted off the extension host's thread (about 1 ms a kilobyte,
 * twice: blocks and whole). Shorter ones are counted here: quicker than a worker's round trip.
 */
export const OFF_THREAD_COUNT_CHARS = 200_000;

export interface PromptInputs {
  doc: Pick<PlaygroundDocument, 'format' | 'variant' | 'messages'>;
  tools: readonly Tool[];
  proposed: ProposedFormat | undefined;
  fallback: FormatId;
  /** The counter for a format (a vocabulary is per family), or undefined to estimate. */
  counter: (format: FormatId) => TokenCounter | undefined;
  contextSize: number | null;
  /** Prompts over this many characters get estimates and `pendingCount` instead of counts (default OFF_THREAD_COUNT_CHARS). */
  offThreadChars?: number;
}

/** The prompt the document renders to, with per-block token counts; the prompt text too (for "Open as document"). */
export function promptMessage(inputs: PromptInputs): { message: Msg<'promptRendered'>; prompt: string; pendingCount?: { modelPath: string; blocks: string[] } } {
  const resolved = resolveFormat(inputs.doc, inputs.proposed, inputs.fallback);
  const result = renderPrompt({ format: resolved.format, ...(resolved.variant !== undefined ? { variant: resolved.variant } : {}), tools: inputs.tools, messages: inputs.doc.messages });
  const counter = inputs.counter(result.format);
  const offThread = counter?.modelPath !== undefined && result.prompt.length > (inputs.offThreadChars ?? OFF_THREAD_COUNT_CHARS) ? counter.modelPath : undefined;
  const counts = counter !== undefined && offThread === undefined ? countBlockTokens(result.blocks, counter.tokenize) : estimateBlockTokens(result.blocks);
  // Apportioned shares of a real count are still real totals; only an estimate is "approximate".
  const approximate = counter === undefined || offThread !== undefined;
  const blocks = result.blocks.map((block, i) => ({ kind: block.kind, text: block.text, tokens: counts.blocks[i] ?? 0 }));
  const warnings = [...resolved.notes, ...result.warnings, ...result.losses.map((loss) => `${loss.tool}: ${loss.detail}`)];
  return {
    message: { type: 'promptRendered', format: result.format, variant: result.variant, blocks, totalTokens: counts.total, contextSize: inputs.contextSize, approximate, counting: offThread !== undefined, warnings },
    prompt: result.prompt,
    ...(offThread !== undefined ? { pendingCount: { modelPath: offThread, blocks: result.blocks.map((block) => block.text) } } : {}),
  };
}

/** The rendered message with the exact counts a worker made for it. */
export function withCounts(message: Msg<'promptRendered'>, counts: { blocks: readonly number[]; total: number }): Msg<'promptRendered'> {
  return { ...message, blocks: message.blocks.map((block, i) => ({ ...block, tokens: counts.blocks[i] ?? 0 })), totalTokens: counts.total, approximate: false, counting: false };
}

/** The Tools pane's diagnostics: the tools-file lint on exactly the pane's text (same codes and messages as the Problems panel). */
export function toolsDiagnosticsMessage(toolsText: string, lintId: string): Msg<'toolsDiagnostics'> {
  const diagnostics: ToolDiagnosticPayload[] = lintToolsText(toolsText, lintId).map((d) => {
    const first = d.relatedPath?.[0];
    return {
      code: d.code,
      message: d.message,
      severity: d.severity,
      range: { start: { line: d.range.start.line, column: d.range.start.column }, end: { line: d.range.end.line, column: d.range.end.column } },
      toolIndex: typeof first === 'number' ? first : null,
    };
  });
  return { type: 'toolsDiagnostics', diagnostics };
}
