import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { InputError } from '../../../src/core/errors';
import { pyJsonDumps } from '../../../src/core/json/pyJsonDumps';
import { readJsonDocument } from '../../../src/core/json/readJsonDocument';
import { parseMessagesText, parseToolsText } from '../../../src/core/loadInputs';
import { convertToolsForV1 } from '../../../src/core/tools/convertForV1';
import { readTools } from '../../../src/core/tools/tool';

const W1 = '{"name": "get_weather", "description": "Get the current weather for a location", "parameters": {"type": "object", "properties": {"location": {"type": "string", "description": "The city and state, e.g. San Francisco, New York"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "description": "The unit of temperature to return"}}, "required": ["location"]}}';
const FLAT = '{"name": "live_giveaways_by_type", "description": "Retrieve live giveaways from the GamerPower API based on the specified type.", "parameters": {"type": {"description": "The type of giveaways to retrieve (e.g., game, loot, beta).", "type": "str", "default": "game"}}}';

describe('tool shapes', () => {
  it('recognises OpenAI-wrapped, plain and flat xlam-60k tools', () => {
    const tools = parseToolsText(`[{"type": "function", "function": ${W1}}, ${W1}, ${FLAT}]`);
    assert.deepEqual(tools.map((t) => [t.name, t.shape]), [['get_weather', 'openai'], ['get_weather', 'plain'], ['live_giveaways_by_type', 'flat']]);
    // Unwrapping keeps the function object exactly as written.
    assert.equal(pyJsonDumps(tools[0]!.plain), W1);
  });

  it('names the position of an item that is not a tool', () => {
    assert.throws(() => parseToolsText('[\n  {"name": "ok"},\n  {"description": "no name"}\n]', 'bad.tools.json'), (error: unknown) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.describe(), 'bad.tools.json:3:3: tool 1 has no string "name"');
      return true;
    });
  });

  it('says a non-array file is not a tools file', () => {
    assert.throws(() => parseToolsText('{"name": "x"}', 'obj.tools.json'), (error: unknown) => error instanceof InputError && error.describe() === 'obj.tools.json:1:1: a tools file must be a JSON array of tools');
  });

  it('reports problems without throwing from readTools', () => {
    const { tools, problems } = readTools(readJsonDocument('[1, {"name": "a"}]').value);
    assert.equal(tools.length, 1);
    assert.deepEqual(problems, [{ index: 0, message: 'tool 0 is not an object' }]);
  });
});

describe('v1 tool conversion', () => {
  it('card: keeps properties, drops type and required, and reports both', () => {
    const { tools, losses } = convertToolsForV1(parseToolsText(`[${W1}]`), 'card');
    assert.equal(pyJsonDumps(tools), '[{"name": "get_weather", "description": "Get the current weather for a location", "parameters": {"location": {"type": "string", "description": "The city and state, e.g. San Francisco, New York"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "description": "The unit of temperature to return"}}}]');
    assert.deepEqual(losses.map((l) => l.kind), ['type', 'required']);
  });

  it('bfcl: appends "required": true as the last key, skipping absent names', () => {
    const tool = '{"name": "f", "description": "d", "parameters": {"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a", "ghost"]}}';
    const { tools } = convertToolsForV1(parseToolsText(`[${tool}]`), 'bfcl');
    assert.equal(pyJsonDumps(tools), '[{"name": "f", "description": "d", "parameters": {"a": {"type": "string", "required": true}}}]');
  });

  it('passes flat xlam-60k parameters through unchanged, with nothing lost', () => {
    const { tools, losses } = convertToolsForV1(parseToolsText(`[${FLAT}]`), 'card');
    assert.equal(pyJsonDumps(tools), `[${FLAT}]`);
    assert.deepEqual(losses, []);
  });

  it('reports nested $ref and extra schema keys', () => {
    const tool = '{"name": "f", "description": "d", "parameters": {"type": "object", "properties": {"a": {"$ref": "#/$defs/A"}}, "$defs": {"A": {"type": "string"}}}}';
    const { losses } = convertToolsForV1(parseToolsText(`[${tool}]`), 'card');
    assert.deepEqual(losses.map((l) => l.kind).sort(), ['extra-key', 'nested-ref', 'type']);
  });

  it('uses {} for a tool without parameters', () => {
    const { tools } = convertToolsForV1(parseToolsText('[{"name": "ping", "description": "Check"}]'), 'card');
    assert.equal(pyJsonDumps(tools), '[{"name": "ping", "description": "Check", "parameters": {}}]');
  });
});

describe('messages files', () => {
  it('reads roles, raw content and raw tool_calls', () => {
    const messages = parseMessagesText('[{"role": "assistant", "content": null, "tool_calls": {"name": "f", "arguments": "{}"}}]');
    assert.equal(messages[0]?.role, 'assistant');
    assert.equal(messages[0]?.content, null);
    assert.equal(messages[0]?.hasToolCalls, true);
  });

  it('locates a message with an unknown role', () => {
    assert.throws(
      () => parseMessagesText('[\n {"role": "user", "content": "hi"},\n {"role": "robot"}\n]', 'm.json'),
      (error: unknown) => error instanceof InputError && error.describe().startsWith('m.json:3:11: message 1 has role "robot"'),
    );
  });
});
