import type { GenerateRequestCommon } from '../engine/types';
import { VARIANTS, type FormatId } from '../formats/types';
import type { Tool } from '../tools/tool';
import type { PlaygroundDocument } from './types';

/** What a run of the playground asks an engine for, besides the conversation. */
export type PlaygroundRequest = Omit<GenerateRequestCommon, 'signal' | 'onText'>;

/** A format (and maybe variant) proposed from outside the file: the loaded model's, or the settings'. */
export interface ProposedFormat {
  format: FormatId;
  variant?: string;
}

/**
 * The format and variant a run uses. `auto` takes the proposal (the loaded model's GGUF facts,
 * modelFamily.ts), else `fallback`; an `auto` variant is the proposal's when the format came from
 * it, else the family default. A concrete variant that the resolved family lacks (possible with an
 * `auto` format) falls back to the default, with a note saying so.
 */
export function resolveFormat(doc: Pick<PlaygroundDocument, 'format' | 'variant'>, proposed: ProposedFormat | undefined, fallback: FormatId): { format: FormatId; variant: string | undefined; notes: string[] } {
  const notes: string[] = [];
  const format = doc.format !== 'auto' ? doc.format : (proposed?.format ?? fallback);
  let variant: string | undefined;
  if (doc.variant !== 'auto') {
    if (VARIANTS[format].includes(doc.variant)) variant = doc.variant;
    else notes.push(`variant "${doc.variant}" does not apply to ${format}; using its default`);
  } else if (doc.format === 'auto' && proposed !== undefined && proposed.format === format && proposed.variant !== undefined && VARIANTS[format].includes(proposed.variant)) {
    variant = proposed.variant;
  }
  return { format, variant, notes };
}

/** The engine request of a playground document with its tools loaded and its format resolved. */
export function playgroundRequest(doc: PlaygroundDocument, tools: readonly Tool[], resolved: { format: FormatId; variant: string | undefined }): PlaygroundRequest {
  const { temperature, topP, maxTokens, seed } = doc.sampling;
  return {
    format: resolved.format,
    ...(resolved.variant !== undefined ? { variant: resolved.variant } : {}),
    tools,
    sampling: { ...(temperature !== undefined ? { temperature } : {}), ...(topP !== undefined ? { topP } : {}), ...(maxTokens !== undefined ? { maxTokens } : {}), ...(seed !== undefined ? { seed } : {}) },
    grammar: doc.grammar ? 'tools' : 'none',
  };
}
