import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintCallsText, lintToolsText, type Diagnostic } from '../../../src/core/lint';
import { convertToolAt } from '../../../src/host/diagnostics/convertTool';
import { applyTextEdits, proposeFix } from '../../../src/host/diagnostics/fixes';

const lintTools = (text: string): Diagnostic[] => lintToolsText(text, 'x.tools.json');

/** Lints `text`, takes the first diagnostic with `code`, applies its fix; returns the title and new text. */
function fixed(text: string, code: string, lint: (text: string) => Diagnostic[] = lintTools, jsonl = false): { title: string; text: string } {
  const diagnostic = lint(text).find((d) => d.code === code);
  assert.ok(diagnostic, `a ${code} diagnostic in ${text}`);
  const fix = proposeFix(text, diagnostic, { jsonl });
  assert.ok(fix, `a fix for ${code}`);
  return { title: fix.title, text: applyTextEdits(text, fix.edits) };
}

const D = '"description": "Get the current weather in a city"';

describe('proposeFix (quick fixes as minimal edits)', () => {
  it('remove-required deletes the unknown name from "required"', () => {
    const text = `[{"name": "w", ${D}, "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "The city name"}}, "required": ["city", "town"]}}]`;
    const out = fixed(text, 'required-unknown');
    assert.equal(out.title, 'Remove "town" from "required"');
    assert.equal(out.text, text.replace('["city", "town"]', '["city"]'));
  });

  it('add-required adds "required" after "properties", inline or one per line', () => {
    const inline = `[{"name": "w", ${D}, "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "The city name"}}}}]`;
    const out = fixed(inline, 'required-absent');
    assert.equal(out.title, 'Add "required": ["city"]');
    assert.equal(out.text, inline.replace('"The city name"}}', '"The city name"}}, "required": ["city"]'));
    const pretty = `[\n  {\n    "name": "w",\n    ${D},\n    "parameters": {\n      "type": "object",\n      "properties": {\n        "city": {"type": "string", "description": "The city name"}\n      }\n    }\n  }\n]\n`;
    assert.equal(fixed(pretty, 'required-absent').text, pretty.replace('"The city name"}\n      }', '"The city name"}\n      },\n      "required": ["city"]'));
  });

  it('add-required adds to an existing "required" list when a description says the parameter is required', () => {
    const text = `[{"name": "w", ${D}, "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "The city name (required)"}, "days": {"type": "integer", "description": "Days ahead, required"}}, "required": []}}]`;
    const first = fixed(text, 'required-unlisted');
    assert.equal(first.title, 'Add "city" to "required"');
    assert.equal(first.text, text.replace('"required": []', '"required": ["city"]'));
    const second = fixed(first.text, 'required-unlisted');
    assert.equal(second.title, 'Add "days" to "required"');
    assert.equal(second.text, text.replace('"required": []', '"required": ["city", "days"]'));
    assert.deepEqual(
      lintTools(second.text).filter((d) => d.code === 'required-unlisted'),
      [],
    );
  });

  it('add-description inserts a stub after "name" (tool) or "type" (parameter)', () => {
    const tool = `[\n  {\n    "name": "w",\n    "parameters": {"type": "object", "properties": {}}\n  }\n]`;
    const out = fixed(tool, 'tool-description-missing');
    assert.equal(out.title, 'Add a "description" stub');
    assert.equal(out.text, `[\n  {\n    "name": "w",\n    "description": "",\n    "parameters": {"type": "object", "properties": {}}\n  }\n]`);
    const param = `[{"name": "w", ${D}, "parameters": {"type": "object", "properties": {"city": {"type": "string"}}, "required": ["city"]}}]`;
    assert.equal(fixed(param, 'param-description-missing').text, param.replace('{"type": "string"}', '{"type": "string", "description": ""}'));
  });

  it('replace-type writes the standard type name', () => {
    const text = `[{"name": "w", ${D}, "parameters": {"type": "object", "properties": {"city": {"type": "str", "description": "The city name"}}, "required": ["city"]}}]`;
    const out = fixed(text, 'type-nonstandard');
    assert.equal(out.title, 'Replace type "str" with "string"');
    assert.equal(out.text, text.replace('"str"', '"string"'));
  });

  it('rename-key renames a misspelt tool key in place', () => {
    const text = `[{"name": "w", "descripton": "Get the current weather in a city", "parameters": {"type": "object", "properties": {}}}]`;
    const out = fixed(text, 'tool-key-typo');
    assert.equal(out.title, 'Rename "descripton" to "description"');
    assert.equal(out.text, text.replace('"descripton"', '"description"'));
  });

  it('add-wrapper-type adds "type": "function" first', () => {
    const text = `[{"function": {"name": "w", ${D}, "parameters": {"type": "object", "properties": {}}}}]`;
    const out = fixed(text, 'tool-shape');
    assert.equal(out.title, 'Add "type": "function"');
    assert.equal(out.text, text.replace('[{"function"', '[{"type": "function", "function"'));
  });

  const TOOLS = `[{"name": "get_weather", ${D}, "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "The city name"}}, "required": ["city"]}}]`;
  const lintCalls = (text: string): Diagnostic[] => lintCallsText(text, 'x.calls.jsonl', () => TOOLS);

  it('rename-call renames a call to the closest tool (a calls list and raw model text, JSON Lines)', () => {
    const line = '{"tools": "x.tools.json", "format": "xlam2-qwen", "calls": [{"name": "get_wether", "arguments": {"city": "Paris"}}]}';
    const text = `{"tools": "x.tools.json", "format": "xlam2-qwen", "calls": [{"name": "get_weather", "arguments": {"city": "Rome"}}]}\n${line}\n`;
    const out = fixed(text, 'call-unknown-function', lintCalls, true);
    assert.equal(out.title, 'Rename the call "get_wether" to "get_weather"');
    assert.equal(out.text, text.replace('get_wether', 'get_weather'));
    const raw = `{"tools": "x.tools.json", "format": "xlam2-qwen", "output": "[{\\"name\\": \\"get_wether\\", \\"arguments\\": {\\"city\\": \\"Paris\\"}}]"}\n`;
    assert.equal(fixed(raw, 'call-unknown-function', lintCalls, true).text, raw.replace('get_wether', 'get_weather'));
  });

  it('rename-call in raw model text renames the call itself, not the same name written as an argument of an earlier call', () => {
    const output = JSON.stringify([
      { name: 'get_weather', arguments: { city: 'get_wether' } },
      { name: 'get_wether', arguments: { city: 'Paris' } },
    ]);
    const raw = `${JSON.stringify({ tools: 'x.tools.json', format: 'xlam2-qwen', output })}\n`;
    const out = fixed(raw, 'call-unknown-function', lintCalls, true);
    const second = raw.lastIndexOf('get_wether');
    assert.equal(out.text, `${raw.slice(0, second)}get_weather${raw.slice(second + 'get_wether'.length)}`);
    assert.ok(out.text.includes('\\"city\\": \\"get_wether\\"') || out.text.includes('\\"city\\":\\"get_wether\\"'), 'the argument value is kept');
  });

  it('rename-argument and add-argument repair the arguments', () => {
    const text = '{"tools": "x.tools.json", "format": "xlam2-qwen", "calls": [{"name": "get_weather", "arguments": {"cty": "Paris"}}]}\n';
    const renamed = fixed(text, 'call-unexpected-arg', lintCalls, true);
    assert.equal(renamed.title, 'Rename the argument "cty" to "city"');
    assert.equal(renamed.text, text.replace('"cty"', '"city"'));
    const added = fixed(text, 'call-missing-arg', lintCalls, true);
    assert.equal(added.title, 'Add the argument "city"');
    assert.equal(added.text, text.replace('{"cty": "Paris"}', '{"cty": "Paris", "city": null}'));
  });

  it('offers nothing when the text no longer matches the diagnostic', () => {
    const text = `[{"name": "w", ${D}, "parameters": {"type": "object", "properties": {"city": {"type": "str", "description": "The city name"}}, "required": ["city"]}}]`;
    const diagnostic = lintTools(text).find((d) => d.code === 'type-nonstandard');
    assert.ok(diagnostic);
    assert.equal(proposeFix(text.replace('"str"', '"string"'), diagnostic), undefined);
    assert.equal(proposeFix(text, { ...diagnostic, data: { fix: 'no-such-fix' } }), undefined);
  });
});

describe('proposeFix removals', () => {
  it('removes a first, middle or only item with its comma', () => {
    const base = (required: string): string => `[{"name": "w", ${D}, "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "The city name"}}, "required": ${required}}}]`;
    assert.equal(fixed(base('["town", "city"]'), 'required-unknown').text, base('["city"]'));
    assert.equal(fixed(base('["city", "town", "city"]'), 'required-unknown').text, base('["city", "city"]'));
  });

  it('replace-type to any drops "type"', () => {
    const text = `[{"name": "w", ${D}, "parameters": {"type": "object", "properties": {"v": {"description": "Any value at all", "type": "str"}}, "required": ["v"]}}]`;
    const diagnostic = lintTools(text).find((d) => d.code === 'type-nonstandard');
    assert.ok(diagnostic?.data);
    const fix = proposeFix(text, { ...diagnostic, data: { ...diagnostic.data, to: 'any' } });
    assert.ok(fix);
    assert.equal(fix.title, 'Remove type "str" (any value)');
    assert.equal(applyTextEdits(text, fix.edits), text.replace(', "type": "str"', ''));
  });
});

describe('convertToolAt (refactor: OpenAI-wrapped ↔ plain)', () => {
  const plainPretty = '[\n  {\n    "name": "w",\n    "parameters": {}\n  }\n]\n';
  const wrappedPretty = '[\n  {\n    "type": "function",\n    "function": {\n      "name": "w",\n      "parameters": {}\n    }\n  }\n]\n';

  it('wraps a plain tool and unwraps it again, keeping the layout', () => {
    const [wrap] = convertToolAt(plainPretty, plainPretty.indexOf('name'));
    assert.ok(wrap);
    assert.equal(wrap.title, 'Convert tool to OpenAI-wrapped {"type": "function", "function": …}');
    assert.equal(applyTextEdits(plainPretty, wrap.edits), wrappedPretty);
    const [unwrap] = convertToolAt(wrappedPretty, wrappedPretty.indexOf('"w"'));
    assert.ok(unwrap);
    assert.equal(unwrap.title, 'Convert tool to plain {name, description, parameters}');
    assert.equal(applyTextEdits(wrappedPretty, unwrap.edits), plainPretty);
  });

  it('works inline and offers nothing outside a tool', () => {
    const inline = '[{"name": "w", "parameters": {}}]';
    const [wrap] = convertToolAt(inline, 3);
    assert.ok(wrap);
    assert.equal(applyTextEdits(inline, wrap.edits), '[{"type": "function", "function": {"name": "w", "parameters": {}}}]');
    assert.deepEqual(convertToolAt(inline, 0), []);
    assert.deepEqual(convertToolAt('{"name": "w"}', 3), []);
  });
});

describe('convertToolAt (refactor: JSON Schema ↔ flat xlam-60k parameters)', () => {
  const schemaTool = '[\n  {\n    "name": "w",\n    "parameters": {"type": "object", "properties": {"city": {"type": "string", "enum": ["a"]}}, "required": ["city"]}\n  }\n]\n';
  const flatTool = '[\n  {\n    "name": "w",\n    "parameters": {\n      "city": {\n        "type": "str"\n      }\n    }\n  }\n]\n';

  it('rewrites a schema tool as flat, saying how many keywords it drops, and back again', () => {
    const offers = convertToolAt(schemaTool, schemaTool.indexOf('"w"'));
    const toFlat = offers.find((offer) => offer.title.startsWith('Convert tool to flat'));
    assert.ok(toFlat, JSON.stringify(offers.map((o) => o.title)));
    assert.match(toFlat.title, /drops 1 schema keyword$/);
    const flat = applyTextEdits(schemaTool, toFlat.edits);
    assert.equal(flat, flatTool);
    const back = convertToolAt(flat, flat.indexOf('"w"')).find((offer) => offer.title === 'Convert flat xlam-60k parameters to a JSON Schema');
    assert.ok(back);
    assert.equal(
      applyTextEdits(flat, back.edits),
      '[\n  {\n    "name": "w",\n    "parameters": {\n      "type": "object",\n      "properties": {\n        "city": {\n          "type": "string"\n        }\n      },\n      "required": [\n        "city"\n      ]\n    }\n  }\n]\n',
    );
  });
});
