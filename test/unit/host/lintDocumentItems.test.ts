import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { lintToolsText } from '../../../src/core/lint';
import { convertToolAt } from '../../../src/host/diagnostics/convertTool';
import { DocumentItems, itemAt, topLevelItems } from '../../../src/host/diagnostics/documentItems';
import { applyTextEdits, proposeFix } from '../../../src/host/diagnostics/fixes';
import { toolHoverAt } from '../../../src/host/diagnostics/toolHover';

const D = '"description": "Get the current weather in a city"';
const tool = (i: number) => `  {"name": "t${i}", ${D}, "parameters": {"type": "object", "properties": {"city": {"type": "str", "description": "The city name"}}, "required": ["city"]}}`;
const TEXT = `[\n${Array.from({ length: 50 }, (_, i) => tool(i)).join(',\n')}\n]\n`;

describe('top-level items, cached per document version (code actions and hovers on large files)', () => {
  it('items are the tools; itemAt finds the one under the cursor, none between tools', () => {
    const items = topLevelItems(TEXT);
    assert.equal(items?.length, 50);
    const at = TEXT.indexOf('"t7"');
    const item = items === undefined ? undefined : itemAt(items, at);
    assert.equal(TEXT.slice(item?.offset, (item?.offset ?? 0) + (item?.length ?? 0)), tool(7).trim());
    assert.equal(items === undefined ? 'none' : itemAt(items, 1), undefined);
    assert.deepEqual(topLevelItems('[{"a": 1,}, {"b": 2}]')?.length, 2, 'a broken file: the tolerant tree');
    assert.equal(topLevelItems('{"a": 1}'), undefined);
  });

  it('the document is read and split once per version', () => {
    const cache = new DocumentItems();
    let reads = 0;
    const getText = () => {
      reads++;
      return TEXT;
    };
    const first = cache.get('file:///a.tools.json', 1, getText);
    assert.equal(cache.get('file:///a.tools.json', 1, getText), first);
    assert.equal(cache.get('file:///a.tools.json', 1, getText), first);
    assert.deepEqual([reads, cache.computed], [1, 1]);
    cache.get('file:///a.tools.json', 2, getText);
    assert.deepEqual([reads, cache.computed], [2, 2], 'a new version is read again');
    cache.forget('file:///a.tools.json');
    cache.get('file:///a.tools.json', 2, getText);
    assert.equal(reads, 3);
  });

  it('hover, refactor and quick fix with cached items give exactly what they give on the whole text', () => {
    const items = topLevelItems(TEXT);
    const at = TEXT.indexOf('"t31"');
    assert.deepEqual(toolHoverAt(TEXT, at, items), toolHoverAt(TEXT, at));
    assert.deepEqual(convertToolAt(TEXT, at, '  ', '\n', items), convertToolAt(TEXT, at));
    const diagnostic = lintToolsText(TEXT).filter((d) => d.code === 'type-nonstandard')[31];
    assert.ok(diagnostic);
    const scoped = proposeFix(TEXT, diagnostic, items === undefined ? {} : { items });
    assert.deepEqual(scoped, proposeFix(TEXT, diagnostic));
    assert.ok(scoped);
    assert.equal(applyTextEdits(TEXT, scoped.edits), TEXT.replace(tool(31), tool(31).replace('"str"', '"string"')));
  });

  it('a fix scoped to one item keeps the indentation of the document (the item starts mid-line)', () => {
    const text = '[\n  {\n    "name": "w",\n    "parameters": {"type": "object", "properties": {}}\n  }\n]';
    const diagnostic = lintToolsText(text).find((d) => d.code === 'tool-description-missing');
    assert.ok(diagnostic);
    const items = topLevelItems(text);
    const fix = proposeFix(text, diagnostic, items === undefined ? {} : { items });
    assert.ok(fix);
    assert.equal(applyTextEdits(text, fix.edits), '[\n  {\n    "name": "w",\n    "description": "",\n    "parameters": {"type": "object", "properties": {}}\n  }\n]');
  });
});
