import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintToolsText } from '../../../src/core/lint';
import { editorSeverity, resolveRelativePath, sameDiagnostic, zeroBasedRange } from '../../../src/host/diagnostics/mapping';
import { estimateTokens, toolHoverAt, toolHoverMarkdown } from '../../../src/host/diagnostics/toolHover';

describe('lint → editor mapping', () => {
  it('maps severities; every info, fc-v1-loss and grammar-unenforced included, is Information (Problems panel)', () => {
    assert.equal(editorSeverity({ code: 'json-syntax', severity: 'error' }), 'error');
    assert.equal(editorSeverity({ code: 'param-description-missing', severity: 'warning' }), 'warning');
    assert.equal(editorSeverity({ code: 'tool-description-short', severity: 'info' }), 'information');
    assert.equal(editorSeverity({ code: 'fc-v1-loss', severity: 'info' }), 'information');
    assert.equal(editorSeverity({ code: 'grammar-unenforced', severity: 'info' }), 'information');
  });

  it('turns 1-based columns (UTF-16) into 0-based positions', () => {
    const text = '[\n  {"name": "wé😀", "description": 5}\n]';
    const diagnostic = lintToolsText(text, 'x.tools.json').find((d) => d.code === 'tool-shape');
    assert.ok(diagnostic);
    const range = zeroBasedRange(diagnostic.range);
    const start = text.indexOf('5');
    assert.deepEqual(range, { startLine: 1, startCharacter: start - 2, endLine: 1, endCharacter: start - 1 });
    assert.ok(sameDiagnostic(diagnostic, 'tool-shape', diagnostic.message, range));
    assert.ok(!sameDiagnostic(diagnostic, 'tool-shape', diagnostic.message, { ...range, startCharacter: 0 }));
  });

  it('resolves a tools path relative to the calls file', () => {
    assert.equal(resolveRelativePath('/w/samples/a.calls.jsonl', 'travel.tools.json'), '/w/samples/travel.tools.json');
    assert.equal(resolveRelativePath('/w/samples/a.calls.jsonl', '../tools/./t.tools.json'), '/w/tools/t.tools.json');
    assert.equal(resolveRelativePath('/w/a.calls.json', '/abs/t.tools.json'), '/abs/t.tools.json');
  });
});

describe('tool hover', () => {
  const text = '[\n  {"name": "get_weather", "description": "Get the current weather", "parameters": {"type": "object", "properties": {"city": {"type": "string"}}}},\n  42\n]';

  it('renders the tool under the cursor in the fc v1 and xLAM-2 tools blocks', () => {
    const hover = toolHoverAt(text, text.indexOf('city'));
    assert.ok(hover !== undefined && typeof hover !== 'string');
    assert.equal(hover.name, 'get_weather');
    assert.match(hover.fcV1, /"name": "get_weather"/);
    assert.match(hover.xlam2, /"name": "get_weather"/);
    assert.notEqual(hover.fcV1, hover.xlam2);
    const markdown = toolHoverMarkdown(hover);
    assert.match(markdown, /\*\*get_weather\*\*/);
    assert.match(markdown, /Token estimate \(characters ÷ 4, not a tokenizer count\)/);
    assert.ok(markdown.includes(`~${estimateTokens(hover.fcV1)} in fc v1`));
  });

  it('pins the hover: the exact fc v1 and xLAM-2 tools-block text (Qwen and Llama render the tool alike)', () => {
    const tool = '[\n  {"name": "get_weather", "description": "Get the current weather", "parameters": {"type": "object", "properties": {"city": {"type": "string", "description": "City name"}}, "required": ["city"]}}\n]';
    const hover = toolHoverAt(tool, tool.indexOf('city'));
    assert.ok(hover !== undefined && typeof hover !== 'string');
    const fcV1 = '[{"name": "get_weather", "description": "Get the current weather", "parameters": {"city": {"type": "string", "description": "City name"}}}]';
    const xlam2 = [
      '{',
      '    "name": "get_weather",',
      '    "description": "Get the current weather",',
      '    "parameters": {',
      '        "type": "object",',
      '        "properties": {',
      '            "city": {',
      '                "type": "string",',
      '                "description": "City name"',
      '            }',
      '        },',
      '        "required": [',
      '            "city"',
      '        ]',
      '    }',
      '}',
    ].join('\n');
    assert.deepEqual(hover, { name: 'get_weather', fcV1, xlam2, offset: 4, length: tool.length - 6 });
    assert.equal(
      toolHoverMarkdown(hover),
      [
        '**get_weather** — xLAM tool',
        '',
        'In the fc v1 prompt (tools block):',
        '```json',
        fcV1,
        '```',
        '',
        'In the xLAM-2 prompt (Qwen and Llama, vllm):',
        '```json',
        xlam2,
        '```',
        '',
        'Token estimate (characters ÷ 4, not a tokenizer count): ~35 in fc v1, ~82 in xLAM-2.',
      ].join('\n'),
    );
  });

  it('a hover shows the Llama block separately only when it differs from Qwen', () => {
    const markdown = toolHoverMarkdown({ name: 'f', fcV1: 'A', xlam2: 'Q', xlam2Llama: 'L', offset: 0, length: 1 });
    assert.ok(markdown.includes('In the xLAM-2 Qwen prompt (vllm):\n```json\nQ\n```\n\nIn the xLAM-2 Llama prompt (vllm):\n```json\nL\n```'), markdown);
  });

  it('says nothing outside a tool, and why a non-tool cannot render', () => {
    assert.equal(toolHoverAt(text, 0), undefined);
    assert.equal(toolHoverAt('{"name": "x"}', 3), undefined);
    assert.equal(toolHoverAt('[{"nope": 1}]', 3) !== undefined, true);
    assert.equal(estimateTokens('abcde'), 2);
  });
});
