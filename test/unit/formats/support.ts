import assert from 'node:assert/strict';
import { readJsonDocument } from '../../../src/core/json/readJsonDocument';
import { readMessages, type ChatMessage } from '../../../src/core/messages';
import { renderPrompt } from '../../../src/core/formats/render';
import type { RenderInput, RenderResult } from '../../../src/core/formats/types';
import { readTools, type Tool } from '../../../src/core/tools/tool';

/** Tools from a tools-file text, as the extension reads them (order and number lexemes kept). */
export function toolsOf(text: string): Tool[] {
  const { tools, problems } = readTools(readJsonDocument(text).value);
  assert.deepEqual(problems, []);
  return tools;
}

export function messagesOf(text: string): ChatMessage[] {
  return readMessages(readJsonDocument(text).value);
}

/**
 * renderPrompt plus the invariants every result must keep: the blocks concatenate to the
 * prompt, no block is empty, and a v1 `content` is exactly its blocks marked `inContent`.
 */
export function render(input: RenderInput): RenderResult {
  const result = renderPrompt(input);
  checkInvariants(result);
  return result;
}

export function checkInvariants(result: RenderResult): void {
  assert.equal(result.blocks.map((block) => block.text).join(''), result.prompt, 'blocks must concatenate to the prompt');
  for (const block of result.blocks) assert.notEqual(block.text, '', `empty ${block.kind} block`);
  if (result.content !== undefined) {
    const inContent = result.blocks.filter((block) => block.inContent === true).map((block) => block.text).join('');
    assert.equal(inContent, result.content, 'content must be the inContent blocks');
  }
}

/** Shorthand: one format/variant, tools and messages given as file texts. */
export function renderTexts(format: RenderInput['format'], variant: string | undefined, toolsText: string, messagesText: string): RenderResult {
  const input: RenderInput = { format, tools: toolsOf(toolsText), messages: messagesOf(messagesText) };
  if (variant !== undefined) input.variant = variant;
  return render(input);
}

/** The text of every block of a kind, in order. */
export function textsOf(result: RenderResult, kind: string): string[] {
  return result.blocks.filter((block) => block.kind === kind).map((block) => block.text);
}

/** A messages-file text from plain objects. */
export function msgs(...items: unknown[]): string {
  return JSON.stringify(items);
}
