/*
 * The prompt of the text being typed in the Tools pane, rendered here at once instead of after the
 * round trip to the host (measured in code-server: about 50 ms to the host, 40 ms of token
 * counting there, 60-90 ms back). It runs the same core functions the host runs on the same
 * text (the document with its tools replaced, as the host's edit makes it), so the bytes are the
 * ones the host will show; the host's own render follows and replaces it, with exact token
 * counts. No DOM here: the unit tests run it in Node beside the host's view model.
 */
import { renderPrompt } from '../src/core/formats/render';
import { replaceToolsText } from '../src/core/playground/edits';
import { applyTextEdits } from '../src/core/playground/jsonEdits';
import { readPlaygroundDocument } from '../src/core/playground/readPlaygroundDocument';
import { LOCAL_RENDER_MAX_CHARS, type HostToWebviewMessage } from '../src/shared/playgroundProtocol';

export type Rendered = Extract<HostToWebviewMessage, { type: 'promptRendered' }>;

export { LOCAL_RENDER_MAX_CHARS };

/** What the last host render rests on: the document text and the prompt it rendered to. */
export interface LocalPromptBase {
  docText: string;
  fileName: string;
  rendered: Rendered;
}

/**
 * The prompt with the Tools pane's `toolsText`, in the host's last format and variant; undefined
 * when it cannot be made here (not JSON yet, tools in a file, a bad document, too big): the pane
 * then waits for the host, as before. Token counts are the last exact ones for blocks whose text
 * is unchanged, else about four characters a token, and marked approximate until the host's come.
 */
export function localPrompt(base: LocalPromptBase, toolsText: string): Rendered | undefined {
  if (base.docText.length + toolsText.length > LOCAL_RENDER_MAX_CHARS) return undefined;
  try {
    const edit = replaceToolsText(base.docText, toolsText);
    if (!edit.ok) return undefined;
    const read = readPlaygroundDocument(applyTextEdits(base.docText, edit.edits), base.fileName);
    if (!read.ok || read.document.tools.kind !== 'inline') return undefined;
    const { rendered } = base;
    const result = renderPrompt({ format: rendered.format, variant: rendered.variant, tools: read.document.tools.tools, messages: read.document.messages });
    if (result.format !== rendered.format || result.variant !== rendered.variant) return undefined;
    const blocks = result.blocks.map((block, i) => {
      const before = rendered.blocks[i];
      const tokens = before !== undefined && before.kind === block.kind && before.text === block.text ? before.tokens : Math.ceil(block.text.length / 4);
      return { kind: block.kind, text: block.text, tokens };
    });
    return { ...rendered, blocks, totalTokens: blocks.reduce((sum, block) => sum + block.tokens, 0), approximate: true };
  } catch {
    // Whatever the core refuses here, the host refuses too, and says why.
    return undefined;
  }
}
