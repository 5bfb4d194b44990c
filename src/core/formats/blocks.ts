import type { BlockKind, PromptBlock } from './types';

/**
 * Collects the typed blocks of one prompt. Renderers only ever append, so the prompt is by
 * construction the concatenation of the blocks (the invariant the preview relies on).
 */
export class PromptBuilder {
  private readonly list: PromptBlock[] = [];
  /** The joined prompt while no block has been added since: `finish` and `content` both read it. */
  private joined: string | undefined;

  /** Appends a block; empty text adds nothing (an empty block has no span to colour). */
  add(kind: BlockKind, text: string, inContent = false): this {
    if (text !== '') {
      this.list.push(inContent ? { kind, text, inContent } : { kind, text });
      this.joined = undefined;
    }
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
    return (this.joined ??= joinBlocks(this.list));
  }

  /**
   * The text of the blocks marked as part of the v1 user-message content. They are one run in
   * every v1 renderer, and then the content is a slice of the prompt rather than a second copy
   * of the tools text.
   */
  get content(): string {
    const first = this.list.findIndex((block) => block.inContent === true);
    if (first < 0) return '';
    let start = 0;
    for (let i = 0; i < first; i++) start += (this.list[i] as PromptBlock).text.length;
    let end = start;
    let i = first;
    for (; i < this.list.length && this.list[i]?.inContent === true; i++) end += (this.list[i] as PromptBlock).text.length;
    const contiguous = this.list.slice(i).every((block) => block.inContent !== true);
    return contiguous ? this.prompt.slice(start, end) : joinBlocks(this.list.filter((block) => block.inContent === true));
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
