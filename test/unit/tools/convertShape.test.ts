import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { pyJsonDumps } from '../../../src/core/json/pyJsonDumps';
import { parseToolsText } from '../../../src/core/loadInputs';
import { toFlatTool, toSchemaTool } from '../../../src/core/tools/convertShape';
import { readTools } from '../../../src/core/tools/tool';

const W1 = '{"name": "get_weather", "description": "Get the current weather for a location", "parameters": {"type": "object", "properties": {"location": {"type": "string", "description": "The city and state"}, "unit": {"type": "string", "enum": ["celsius", "fahrenheit"], "description": "Unit", "default": "celsius"}, "days": {"type": "array", "items": {"type": "integer"}}}, "required": ["location"]}}';
const FLAT = '{"name": "live_giveaways_by_type", "description": "Retrieve live giveaways.", "parameters": {"type": {"description": "The type of giveaways.", "type": "str", "default": "game"}, "limit": {"description": "How many", "type": "int, optional"}}}';

describe('tool shape conversion: JSON Schema ↔ flat xlam-60k', () => {
  it('writes Python types, ", optional" for non-required, keeps descriptions and defaults, lists what flat cannot say', () => {
    const { tool, lost } = toFlatTool(parseToolsText(`[${W1}]`)[0]!);
    assert.equal(
      pyJsonDumps(tool),
      '{"name": "get_weather", "description": "Get the current weather for a location", "parameters": {"location": {"description": "The city and state", "type": "str"}, "unit": {"description": "Unit", "type": "str, optional", "default": "celsius"}, "days": {"type": "List[int], optional"}}}',
    );
    assert.deepEqual(lost, ['"unit": enum']);
    // The result is recognised as a flat tool.
    assert.equal(readTools(tool ? [tool] : []).tools[0]?.shape, 'flat');
  });

  it('turns flat parameters into a JSON Schema with required from the non-optional types', () => {
    const { tool } = toSchemaTool(parseToolsText(`[${FLAT}]`)[0]!);
    assert.equal(
      pyJsonDumps(tool),
      '{"name": "live_giveaways_by_type", "description": "Retrieve live giveaways.", "parameters": {"type": "object", "properties": {"type": {"description": "The type of giveaways.", "type": "string", "default": "game"}, "limit": {"description": "How many", "type": "integer"}}, "required": ["type"]}}',
    );
  });

  it('round-trips a flat tool through the schema shape unchanged', () => {
    const flat = parseToolsText(`[${FLAT}]`)[0]!;
    const schema = readTools([toSchemaTool(flat).tool]).tools[0]!;
    assert.equal(pyJsonDumps(toFlatTool(schema).tool), FLAT);
  });
});
