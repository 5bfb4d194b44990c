import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { before, describe, it } from 'node:test';
import * as oniguruma from 'vscode-oniguruma';
import * as textmate from 'vscode-textmate';
import { renderQuery } from '../../../src/core/formats/render';
import { parseToolsText } from '../../../src/core/loadInputs';

/**
 * The `xlam-prompt` TextMate grammar, tokenized by the same engine VS Code uses (vscode-textmate
 * with Oniguruma), on real rendered prompts.
 */
const ROOT = resolve(__dirname, '../../../..');
const tools = parseToolsText(readFileSync(join(ROOT, 'examples/weather.tools.json'), 'utf8'));

let grammar: textmate.IGrammar;

before(async () => {
  const wasm = readFileSync(join(ROOT, 'node_modules/vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({ createOnigScanner: (patterns) => new oniguruma.OnigScanner(patterns), createOnigString: (text) => new oniguruma.OnigString(text) }),
    loadGrammar: (scope) => Promise.resolve(scope === 'source.xlam-prompt' ? textmate.parseRawGrammar(readFileSync(join(ROOT, 'syntaxes/xlam-prompt.tmLanguage.json'), 'utf8'), 'grammar.json') : null),
  });
  const loaded = await registry.loadGrammar('source.xlam-prompt');
  assert.ok(loaded);
  grammar = loaded;
});

/** Every (token text, innermost scope) of a prompt. */
function tokens(prompt: string): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let state = textmate.INITIAL;
  for (const line of prompt.split('\n')) {
    const result = grammar.tokenizeLine(line, state);
    for (const token of result.tokens) out.push([line.slice(token.startIndex, token.endIndex), token.scopes[token.scopes.length - 1] as string]);
    state = result.ruleStack;
  }
  return out;
}

function scopeOf(all: Array<[string, string]>, text: string): string | undefined {
  return all.find(([t]) => t === text)?.[1];
}

describe('xlam-prompt syntax highlighting', () => {
  it('marks the [BEGIN OF …] block markers, role markers and deepseek special tokens (fc v1)', () => {
    const all = tokens(renderQuery('fc-v1', tools, 'Weather in Paris?').prompt);
    assert.equal(scopeOf(all, '[BEGIN OF AVAILABLE TOOLS]'), 'markup.heading.block-marker.xlam-prompt');
    assert.equal(scopeOf(all, '[END OF QUERY]'), 'markup.heading.block-marker.xlam-prompt');
    assert.equal(scopeOf(all, '### Instruction:'), 'entity.name.tag.role.xlam-prompt');
    assert.equal(scopeOf(all, '<\uff5cbegin\u2581of\u2581sentence\uff5c>'), 'keyword.control.special-token.xlam-prompt');
  });

  it('marks JSON keys, strings and numbers inside the tools block', () => {
    const all = tokens(renderQuery('fc-v1', tools, 'q').prompt);
    assert.equal(scopeOf(all, '"name"'), 'support.type.property-name.json.xlam-prompt');
    assert.ok(all.some(([t, s]) => t.includes('Get the current weather') && s === 'string.quoted.double.json.xlam-prompt'));
  });

  it('marks ChatML and Llama 3 turn tokens and their roles (xLAM-2)', () => {
    const qwen = tokens(renderQuery('xlam2-qwen', tools, 'q').prompt);
    assert.equal(scopeOf(qwen, '<|im_start|>'), 'keyword.control.special-token.xlam-prompt');
    assert.equal(scopeOf(qwen, 'system'), 'entity.name.tag.role.xlam-prompt');
    assert.equal(scopeOf(qwen, '<|im_end|>'), 'keyword.control.special-token.xlam-prompt');
    const llama = tokens(renderQuery('xlam2-llama', tools, 'q').prompt);
    assert.equal(scopeOf(llama, '<|start_header_id|>'), 'keyword.control.special-token.xlam-prompt');
    assert.equal(scopeOf(llama, 'user'), 'entity.name.tag.role.xlam-prompt');
  });

  it('leaves plain prose unscoped', () => {
    const all = tokens(renderQuery('fc-v1', tools, 'Weather in Paris?').prompt);
    assert.equal(scopeOf(all, 'Weather in Paris?'), 'source.xlam-prompt');
  });
});
