import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FORMAT_IDS, VARIANTS, type FormatId } from '../../../src/core/formats/types';
import { replaceToolsText, setField } from '../../../src/core/playground/edits';
import { applyTextEdits } from '../../../src/core/playground/jsonEdits';
import { readPlaygroundDocument } from '../../../src/core/playground/readPlaygroundDocument';
import { seedPlayground } from '../../../src/core/playground/seed';
import { fromPlain } from '../../../src/core/json/jsonValue';
import { inlineToolsText } from '../../../src/host/playground/toolsText';
import { documentStateMessage, promptMessage } from '../../../src/host/playground/viewModel';
import { LOCAL_RENDER_MAX_CHARS, localPrompt, type Rendered } from '../../../webview/localPrompt';

/** The host's render of a document text (as playgroundSession posts it), chars as tokens. */
function hostRender(text: string, format: FormatId, variant: string): Rendered {
  const read = readPlaygroundDocument(text, 'p.playground.json');
  assert.ok(read.ok && read.document.tools.kind === 'inline', JSON.stringify(read.problems));
  const doc = { ...read.document, format, variant };
  return promptMessage({ doc, tools: read.document.tools.tools, proposed: undefined, fallback: 'fc-v1', counter: () => ({ tokenize: (t) => Array.from(t, () => 1), source: 'chars' }), contextSize: 8192 }).message;
}

/** The document text the host has after the Tools pane's edit. */
function edited(text: string, toolsText: string): string {
  const edit = replaceToolsText(text, toolsText);
  assert.ok(edit.ok);
  return applyTextEdits(text, edit.edits);
}

const BASE = (() => {
  // A tool message whose result holds 1.0 and a big integer: the lexemes must survive into the prompt.
  const seeded = seedPlayground({ example: 'weather' });
  const edit = setField(seeded, ['messages', 1], fromPlain({ role: 'tool', name: 'get_weather', content: '{"temp": 1.0, "id": 12345678901234567890}' }));
  assert.ok(edit.ok, 'the tool message goes in');
  const text = applyTextEdits(seeded, edit.edits);
  assert.match(text, /1\.0, \\"id\\": 12345678901234567890/);
  return text;
})();

void describe('the prompt rendered in the webview from the text being typed', () => {
  void it('is byte for byte the host\'s render of the same edit, in every format and variant', () => {
    const tools = inlineToolsText(BASE);
    assert.ok(tools !== null);
    const typed = [tools.replace('"description": "', '"description": "Today: '), tools.replace(/\]\s*$/, ', {"name": "ping", "description": "Check it answers. ünïcödé \\u2028", "parameters": {"type": "object", "properties": {"n": {"type": "number", "default": 1.0}}}}]')];
    let compared = 0;
    for (const format of FORMAT_IDS) {
      for (const variant of VARIANTS[format]) {
        const rendered = hostRender(BASE, format, variant);
        for (const text of typed) {
          const local = localPrompt({ docText: BASE, fileName: 'p.playground.json', rendered }, text);
          assert.ok(local, `${format}/${variant}: rendered here`);
          const host = hostRender(edited(BASE, text), format, variant);
          assert.deepEqual(local.blocks.map((b) => [b.kind, b.text]), host.blocks.map((b) => [b.kind, b.text]), `${format}/${variant}`);
          assert.equal(local.format, host.format);
          assert.equal(local.variant, host.variant);
          assert.equal(local.approximate, true, 'counts are marked approximate until the host has counted');
          compared++;
        }
      }
    }
    assert.ok(compared >= 8, `compared ${compared} renders`);
  });

  void it('keeps the exact counts of unchanged blocks and estimates the changed ones', () => {
    const rendered = hostRender(BASE, 'fc-v1', VARIANTS['fc-v1'][0] ?? '');
    const tools = inlineToolsText(BASE) ?? '';
    const local = localPrompt({ docText: BASE, fileName: 'p.playground.json', rendered }, tools.replace('"description": "', '"description": "X'));
    assert.ok(local);
    local.blocks.forEach((block, i) => {
      const before = rendered.blocks[i];
      if (before?.text === block.text) assert.equal(block.tokens, before.tokens);
      else assert.equal(block.tokens, Math.ceil(block.text.length / 4));
    });
    assert.equal(local.totalTokens, local.blocks.reduce((sum, b) => sum + b.tokens, 0));
  });

  void it('leaves the prompt to the host when the text is not JSON yet, the document is bad, or the text is too big', () => {
    const rendered = hostRender(BASE, 'fc-v1', VARIANTS['fc-v1'][0] ?? '');
    assert.equal(localPrompt({ docText: BASE, fileName: 'p', rendered }, '[{"name": "f",'), undefined);
    assert.equal(localPrompt({ docText: '{"version": 1, "tools": [], "messages": 5}', fileName: 'p', rendered }, '[]'), undefined);
    assert.equal(localPrompt({ docText: '{"version": 99}', fileName: 'p', rendered }, '[]'), undefined);
    assert.equal(localPrompt({ docText: BASE, fileName: 'p', rendered }, `[${' '.repeat(LOCAL_RENDER_MAX_CHARS)}]`), undefined);
  });

  void it('gets the document text from the host only up to the limit (a bigger file waits for the host)', () => {
    assert.equal(documentStateMessage(BASE, 'p', readPlaygroundDocument(BASE, 'p'), null).text, BASE);
    const big = BASE.replace('{', `{"pad": "${'x'.repeat(LOCAL_RENDER_MAX_CHARS)}", `);
    assert.equal(documentStateMessage(big, 'p', readPlaygroundDocument(big, 'p'), null).text, null);
  });
});
