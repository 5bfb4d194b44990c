/*
 * The numbers of the legend: characters per block kind, their share of the prompt, the total.
 * Pure (no DOM), so node:test imports it.
 */
import type { BlockKind, BlockPayload } from '../src/shared/promptBlocksProtocol';

export interface KindRow {
  kind: BlockKind;
  /** How many blocks of this kind. */
  blocks: number;
  chars: number;
  /** chars / total, 0 when the prompt is empty. */
  share: number;
}

export interface BlockSummary {
  /** One row per kind present, in order of first appearance in the prompt. */
  rows: KindRow[];
  totalChars: number;
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
  for (const block of blocks) {
    const chars = charCount(block.text);
    totalChars += chars;
    const row = byKind.get(block.kind);
    if (row === undefined) byKind.set(block.kind, { kind: block.kind, blocks: 1, chars, share: 0 });
    else {
      row.blocks++;
      row.chars += chars;
    }
  }
  const rows = [...byKind.values()].map((row) => ({ ...row, share: totalChars === 0 ? 0 : row.chars / totalChars }));
  return { rows, totalChars, totalBlocks: blocks.length };
}

/** "12.3%"; a non-zero share never shows as "0.0%". */
export function formatShare(share: number): string {
  if (share > 0 && share < 0.0005) return '<0.1%';
  return `${(share * 100).toFixed(1)}%`;
}
