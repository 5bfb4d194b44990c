import type { BlockKind, PromptBlock } from './types';

/**
 * Collects the typed blocks of one prompt. Renderers only ever append, so the prompt is by
 * construction the concatenation of the blocks (the invariant the preview relies on).
 */
export class PromptBuilder {
  private readonly list: PromptBlock[] = [];

  /** Appends a block; empty text adds nothing (an empty block has no span to colour). */
  add(kind: BlockKind, text: string, inContent = false): this {
    if (text !== '') this.list.push(inContent ? { kind, text, inContent } : { kind, text });
    return this;
  }

  addAll(blocks: readonly PromptBlock[]): this {
    for (const block of blocks) this.add(block.kind, block.text, block.inContent ?? false);
    return this;
  }

  get blocks(): PromptBlock[] {
    return this.list.slice();
  }

  get prompt(): string {
    return joinBlocks(this.list);
  }

  /** The text of the blocks marked as part of the v1 user-message content. */
  get content(): string {
    return joinBlocks(this.list.filter((block) => block.inContent === true));
  }
}

export function joinBlocks(blocks: readonly PromptBlock[]): string {
  return blocks.map((block) => block.text).join('');
}

/**
 * `blocks(task, tools, format, query)` of reference §3 step 2: the four bracketed sections
 * shared by fc v1 and general v1. Every block is part of the user-message content.
 */
export function v1Blocks(task: string, tools: string, format: string, query: string): PromptBlock[] {
  const section = (name: string, kind: BlockKind, payload: string): PromptBlock[] => [
    { kind: 'blockMarker', text: `[BEGIN OF ${name}]\n`, inContent: true },
    { kind, text: payload, inContent: true },
    { kind: 'blockMarker', text: `\n[END OF ${name}]\n\n`, inContent: true },
  ];
  return [
    ...section('TASK INSTRUCTION', 'taskInstruction', task),
    ...section('AVAILABLE TOOLS', 'tools', tools),
    ...section('FORMAT INSTRUCTION', 'formatInstruction', format),
    ...section('QUERY', 'query', query),
  ].filter((block) => block.text !== '');
}
