/*
 * The numbers of the legend: tokens and characters per block kind, their share of the prompt, the
 * total. Pure (no DOM), so node:test imports it.
 */
import type { BlockKind } from '../src/shared/playgroundProtocol';

/** A block as the summary reads it (tokens absent: counted as 0). */
export interface BlockPayload {
  kind: BlockKind;
  text: string;
  tokens?: number;
}

export interface KindRow {
  kind: BlockKind;
  /** How many blocks of this kind. */
  blocks: number;
  tokens: number;
  chars: number;
  /** chars / total, 0 when the prompt is empty. */
  share: number;
}

export interface BlockSummary {
  /** One row per kind present, in order of first appearance in the prompt. */
  rows: KindRow[];
  totalChars: number;
  totalTokens: number;
  totalBlocks: number;
}

/**
 * Characters as Python's `len` counts them (code points), since the serving stack is Python;
 * an astral character such as an emoji is one, not two UTF-16 units.
 */
export function charCount(text: string): number {
  let count = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const next = text.charCodeAt(i + 1);
    if (code >= 0xd800 && code <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) i++;
    count++;
  }
  return count;
}

export function summarizeBlocks(blocks: readonly BlockPayload[]): BlockSummary {
  const byKind = new Map<BlockKind, KindRow>();
  let totalChars = 0;
  let totalTokens = 0;
  for (const block of blocks) {
    const chars = charCount(block.text);
    const tokens = block.tokens ?? 0;
    totalChars += chars;
    totalTokens += tokens;
    const row = byKind.get(block.kind);
    if (row === undefined) byKind.set(block.kind, { kind: block.kind, blocks: 1, tokens, chars, share: 0 });
    else {
      row.blocks++;
      row.tokens += tokens;
      row.chars += chars;
    }
  }
  // The share is of tokens when there are any (what the context budget is spent in), else of characters.
  const rows = [...byKind.values()].map((row) => ({ ...row, share: totalTokens > 0 ? row.tokens / totalTokens : totalChars === 0 ? 0 : row.chars / totalChars }));
  return { rows, totalChars, totalTokens, totalBlocks: blocks.length };
}

/** "12.3%"; a non-zero share never shows as "0.0%". */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.0005) return '<0.1%';
  return `${(share * 100).toFixed(1)}%`;
}
