import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { buildToolsGrammar } from '../../src/core/grammar/toolsGrammar';
import { parseToolsText } from '../../src/core/loadInputs';
import { userMessage } from '../../src/core/messages';
import type { LocalEngine } from '../../src/engines/local/localEngine';
import { getRuntime } from '../../src/engines/local/nodeLlamaCpp';
import { machineThreadCount } from '../../src/engines/local/threads';
import type { OpenAiServer } from '../../src/server/openaiServer';
import { LEFT_RECURSIVE_SCHEMAS } from '../support/leftRecursiveSchemas';
import { startTinyServer, type TinyServer } from '../support/tinyServer';

/*
 * Issue 15: a recursive `$ref` that reaches itself before any text made node-llama-cpp throw
 * "Failed to parse grammar" (left recursion) from `run --grammar`, and HTTP 500 from `serve`.
 * The compiler now breaks such a cycle (and reports it): llama.cpp must accept every grammar.
 */
const toolsOf = (parameters: object) => parseToolsText(JSON.stringify([{ name: 'f', description: 'd', parameters }]));

describe('recursive $ref grammars on the real llama.cpp', () => {
  let tiny: TinyServer;
  let engine: LocalEngine;
  let server: OpenAiServer;

  before(async () => {
    tiny = await startTinyServer('xlam-grammar-rec-');
    ({ engine, server } = tiny);
  });

  after(() => tiny.close());

  for (const [name, parameters] of Object.entries(LEFT_RECURSIVE_SCHEMAS)) {
    it(`${name}: llama.cpp accepts the grammar`, async () => {
      // The engine's own runtime (same key), so no second Llama is made.
      const llama = await getRuntime({ gpu: 'cpu', maxThreads: machineThreadCount() });
      const built = buildToolsGrammar(toolsOf(parameters), 'xlam2');
      const grammar = await llama.createGrammar({ grammar: built.gbnf });
      assert.ok(grammar);
    });
  }

  it('a run with --grammar on such tools completes, reporting the reference as not enforced', async () => {
    const result = await engine.generate({ format: 'xlam2-qwen', tools: toolsOf(LEFT_RECURSIVE_SCHEMAS['anyOf with itself'] as object), messages: [userMessage('hi')], grammar: 'tools', sampling: { maxTokens: 8 } });
    assert.ok(result.grammar?.dropped.some((d) => /left-recursive/.test(d.keyword)));
  });

  it('serve with tool_choice "required" answers 200 on such tools (was 500)', async () => {
    const tools = [{ type: 'function', function: { name: 'f', description: 'd', parameters: LEFT_RECURSIVE_SCHEMAS['two refs in a ring'] } }];
    const response = await fetch(`${server.baseURL}/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], tools, tool_choice: 'required', max_tokens: 8 }),
    });
    assert.equal(response.status, 200, await response.clone().text());
    await response.json();
  });
});
