import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EngineError } from '../../../src/core/engine/types';
import { MAX_JSON_DEPTH } from '../../../src/core/json/jsonDepth';
import { MAX_BODY_BYTES } from '../../../src/server/httpIo';
import { startOpenAiServer, type OpenAiServer } from '../../../src/server/openaiServer';
import { rawRequest, type RawAnswer } from '../../support/rawHttp';
import { renderingEngine } from '../../support/renderingEngine';
import { ScriptedEngine } from '../../support/scriptedEngine';

/*
 * Issue 15 through real HTTP on 127.0.0.1: every bad request is a 4xx naming the field or the
 * offset, never a 500 or a reset connection, and the server answers a valid request afterwards.
 */
function post(server: OpenAiServer, path: string, body: string | Buffer, headers?: Record<string, string>): Promise<RawAnswer> {
  return rawRequest(`${server.baseURL}${path}`, body, headers !== undefined ? { headers } : {});
}

const message = (answer: RawAnswer): string => (JSON.parse(answer.body) as { error: { message: string } }).error.message;
const TOOL = { type: 'function', function: { name: 'f', description: 'd', parameters: { type: 'object', properties: {} } } };
const chat = (extra: object = {}) => JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], ...extra });

/** A chat body nesting exactly `depth` levels, deepest inside a tool's parameter schema. */
function deepChat(depth: number): string {
  // body(1) tools(2) tool(3) function(4) parameters(5) properties(6) x(7): the rest is {"a": …}.
  let inner = '{}';
  for (let level = 8; level <= depth; level++) inner = `{"a": ${inner}}`;
  return `{"messages": [{"role": "user", "content": "hi"}], "tool_choice": "required", "tools": [{"type": "function", "function": {"name": "f", "description": "d", "parameters": {"type": "object", "properties": {"x": ${inner}}}}}]}`;
}

describe('serve on bad input', () => {
  let server: OpenAiServer;
  before(async () => {
    server = await startOpenAiServer({ engine: renderingEngine(), modelId: 'm', format: 'xlam2-qwen' });
  });
  after(() => server.close());

  it(`a body nested ${MAX_JSON_DEPTH} levels is served (rendered, grammar compiled); one more is 400 json-too-deep at its offset`, async () => {
    const ok = await post(server, '/chat/completions', deepChat(MAX_JSON_DEPTH));
    assert.equal(ok.status, 200, ok.body);
    const text = deepChat(MAX_JSON_DEPTH + 1);
    const deep = await post(server, '/chat/completions', text);
    assert.equal(deep.status, 400);
    assert.match(message(deep), new RegExp(`json-too-deep at offset ${text.lastIndexOf('{}')}`));
  });

  it('a 20 MB body is 413, answered (not a reset connection), and the server still serves', async () => {
    const big = Buffer.alloc(20 * 1024 * 1024, 0x20);
    const answer = await post(server, '/chat/completions', big);
    assert.equal(answer.status, 413);
    assert.match(message(answer), new RegExp(`over ${MAX_BODY_BYTES} bytes`));
    assert.equal((await post(server, '/chat/completions', chat())).status, 200);
  });

  it('content-type text/plain (or a form) is 415; none, or application/json with a charset, is JSON', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded']) {
      const answer = await post(server, '/chat/completions', chat(), { 'content-type': type });
      assert.equal(answer.status, 415);
      assert.match(message(answer), /is not JSON: send the body as application\/json/);
    }
    assert.equal((await post(server, '/chat/completions', chat(), {})).status, 200);
    assert.equal((await post(server, '/chat/completions', chat(), { 'content-type': 'application/json; charset=utf-8' })).status, 200);
  });

  it('fields of the wrong type are 400 naming the field and what was found', async () => {
    const cases: Array<[object, RegExp]> = [
      [{ messages: [{ role: 5, content: 'x' }] }, /"messages": message 0 has role the number 5; expected one of/],
      [{ tools: [{ ...TOOL, function: { ...TOOL.function, description: 5 } }] }, /"tools\[0\]\.function\.description": "description" must be a string, not the number 5/],
      [{ tools: [{ ...TOOL, function: { ...TOOL.function, parameters: 'x' } }] }, /"tools\[0\]\.function\.parameters": .* not a string/],
      [{ tools: [{ ...TOOL, function: { ...TOOL.function, parameters: { type: 'object', properties: [] } } }] }, /"tools\[0\]\.function\.parameters\.properties": .* must be an object, not an array/],
    ];
    for (const [extra, expected] of cases) {
      const answer = await post(server, '/chat/completions', JSON.stringify({ messages: [{ role: 'user', content: 'hi' }], ...extra }));
      assert.equal(answer.status, 400, answer.body);
      assert.match(message(answer), expected);
    }
  });

  it('a grammar the engine refuses is 400 with the reason, not 500', async () => {
    const refusing = new ScriptedEngine();
    refusing.generate = () => Promise.reject(new EngineError('grammar-rejected', 'llama.cpp refused the grammar compiled from these tools (left recursion)'));
    const other = await startOpenAiServer({ engine: refusing, modelId: 'm', format: 'xlam2-qwen' });
    try {
      const answer = await post(other, '/chat/completions', chat({ tools: [TOOL], tool_choice: 'required' }));
      assert.equal(answer.status, 400);
      assert.match(message(answer), /"tools": grammar-rejected: llama\.cpp refused the grammar .*left recursion/);
    } finally {
      await other.close();
    }
  });
});
