import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DS_BOS, DS_DEFAULT_SYSTEM, FC_SYSTEM_BFCL, FC_TASK_BFCL } from '../../../src/core/formats/fcV1';
import { A1_QUERY, GOLDENS, RECORD0, W1_TOOLS } from './goldens';
import { msgs, renderTexts, textsOf } from './support';

const ONE_USER = msgs({ role: 'user', content: A1_QUERY });

/** A tools file exercising number lexemes, key order and empty containers. */
const TRICKY_TOOLS = `[
  {"name": "tune", "description": "Größe 日本 😀 \\u0007", "parameters": {"type": "object", "properties": {
    "b": {"type": "number", "default": 1.0, "maximum": 1e5, "minimum": 1e-5},
    "7": {"type": "object", "properties": {}, "enum": []},
    "nested": {"type": "object", "properties": {"deep": {"type": "array", "items": {"type": "integer", "default": 3}}}}
  }, "required": ["7", "missing"]}}
]`;

void describe('fc-v1 card', () => {
  void it('unwraps OpenAI-wrapped tools to the same prompt as plain ones (golden A1)', () => {
    const wrapped = `[{"type": "function", "function": ${W1_TOOLS.slice(1, -1)}}]`;
    assert.equal(renderTexts('fc-v1', 'card', wrapped, ONE_USER).prompt, GOLDENS.A1);
  });

  void it('passes flat xlam-60k tools through unchanged (record 0)', () => {
    const result = renderTexts('fc-v1', 'card', RECORD0.tools, msgs({ role: 'user', content: RECORD0.query }));
    assert.deepEqual(textsOf(result, 'tools'), [RECORD0.tools]);
    assert.deepEqual(textsOf(result, 'query'), [RECORD0.query]);
    assert.deepEqual(result.losses, []);
  });

  void it('writes Python json.dumps: ensure_ascii, float lexemes, insertion order, empty containers', () => {
    const result = renderTexts('fc-v1', 'card', TRICKY_TOOLS, msgs({ role: 'user', content: 'Größe? 日本' }));
    const [tools] = textsOf(result, 'tools');
    assert.equal(
      tools,
      '[{"name": "tune", "description": "Gr\\u00f6\\u00dfe \\u65e5\\u672c \\ud83d\\ude00 \\u0007", "parameters": {' +
        '"b": {"type": "number", "default": 1.0, "maximum": 100000.0, "minimum": 1e-05}, ' +
        '"7": {"type": "object", "properties": {}, "enum": []}, ' +
        '"nested": {"type": "object", "properties": {"deep": {"type": "array", "items": {"type": "integer", "default": 3}}}}}}]',
    );
    // The query is not JSON: it goes in raw.
    assert.deepEqual(textsOf(result, 'query'), ['Größe? 日本']);
    assert.deepEqual(result.losses.map((loss) => loss.kind), ['type', 'required']);
  });

  void it('renders no tools as []', () => {
    assert.deepEqual(textsOf(renderTexts('fc-v1', 'card', '[]', ONE_USER), 'tools'), ['[]']);
  });

  void it('a system message replaces the deepseek default line, with no separator of its own', () => {
    const result = renderTexts('fc-v1', 'card', W1_TOOLS, msgs({ role: 'system', content: 'You are a tool caller.\n' }, { role: 'user', content: A1_QUERY }));
    assert.equal(result.prompt, GOLDENS.A1.replace(DS_DEFAULT_SYSTEM, 'You are a tool caller.\n'));
    assert.deepEqual(result.warnings, []);
    const glued = renderTexts('fc-v1', 'card', W1_TOOLS, msgs({ role: 'system', content: 'Be brief.' }, { role: 'user', content: A1_QUERY }));
    assert.ok(glued.prompt.startsWith(`${DS_BOS}Be brief.### Instruction:\n`));
    assert.match(glued.warnings.join('\n'), /no separator/);
  });

  void it('keeps only the last user message and warns how many other messages were dropped', () => {
    const result = renderTexts(
      'fc-v1',
      'card',
      W1_TOOLS,
      msgs(
        { role: 'user', content: 'first question' },
        { role: 'assistant', content: null, tool_calls: [{ type: 'function', function: { name: 'get_weather', arguments: '{}' } }] },
        { role: 'tool', content: '{"temp": 1}' },
        { role: 'user', content: A1_QUERY },
      ),
    );
    assert.equal(result.prompt, GOLDENS.A1);
    assert.equal(result.warnings.length, 1);
    assert.match(result.warnings[0] ?? '', /3 messages other than the last user message .* were dropped/);
  });

  void it('warns when there is no user message at all', () => {
    const result = renderTexts('fc-v1', 'card', W1_TOOLS, '[]');
    assert.deepEqual(textsOf(result, 'query'), []);
    assert.match(result.warnings.join('\n'), /no user message/);
  });

  void it('marks the card content as inContent and stops on <|EOT|>', () => {
    const result = renderTexts('fc-v1', undefined, W1_TOOLS, ONE_USER);
    assert.deepEqual(result.stop, ['<|EOT|>']);
    assert.deepEqual(
      result.blocks.filter((block) => block.inContent !== true).map((block) => block.kind),
      ['bos', 'system', 'roleMarker', 'roleMarker', 'generationPrompt'],
    );
  });
});

void describe('fc-v1 bfcl', () => {
  void it('appends "required": true and keeps non-ASCII escaped', () => {
    const result = renderTexts('fc-v1', 'bfcl', TRICKY_TOOLS, ONE_USER);
    const [tools] = textsOf(result, 'tools');
    assert.ok(tools?.includes('"7": {"type": "object", "properties": {}, "enum": [], "required": true}'));
    assert.ok(tools?.includes('Gr\\u00f6\\u00dfe'));
    assert.deepEqual(result.losses.map((loss) => loss.kind), ['type']);
  });

  void it('adds each system message to the task and joins the user messages into the query; others are dropped with a warning', () => {
    const result = renderTexts(
      'fc-v1',
      'bfcl',
      W1_TOOLS,
      msgs(
        { role: 'system', content: 'Use metric.' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello' },
        { role: 'user', content: A1_QUERY },
      ),
    );
    assert.deepEqual(textsOf(result, 'taskInstruction'), [`${FC_TASK_BFCL}\nUse metric.`]);
    assert.deepEqual(textsOf(result, 'query'), [`\nHi\n${A1_QUERY}`]);
    assert.ok(result.prompt.startsWith(`${FC_SYSTEM_BFCL}### Instruction:\n[BEGIN OF TASK INSTRUCTION]\n`));
    assert.ok(result.prompt.endsWith('[END OF QUERY]\n\n\n### Response:'));
    assert.match(result.warnings.join('\n'), /1 assistant or tool message was dropped/);
  });
});
