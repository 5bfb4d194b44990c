import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_JSON_DEPTH } from '../../../src/core/json/jsonDepth';
import { setField } from '../../../src/core/playground/edits';
import { syntaxProblem } from '../../../src/core/playground/jsonEdits';
import { readPlaygroundDocument } from '../../../src/core/playground/readPlaygroundDocument';
import { inlineToolsText } from '../../../src/host/playground/toolsText';
import { documentStateMessage } from '../../../src/host/playground/viewModel';

/** A playground whose mock result nests `levels` arrays deep (jsonc-parser's recursive parse overflows near 5,000). */
const deep = (levels: number): string => `{"version": 1, "tools": [], "messages": [], "mocks": {"x": [{"result": ${'['.repeat(levels)}${']'.repeat(levels)}}]}}`;

test('a playground nested 5,000 deep: the views get the located error, never a stack overflow', () => {
  const text = deep(5000);
  const read = readPlaygroundDocument(text, 'deep.playground.json');
  assert.equal(read.ok, false);
  assert.match(read.problems[0]?.message ?? '', /json-too-deep/);
  const state = documentStateMessage(text, 'deep.playground.json', read, inlineToolsText(text));
  assert.equal(state.document, null);
  assert.equal(state.stale, true);
  assert.equal(inlineToolsText(text), null);
  assert.match(syntaxProblem(text) ?? '', /nested deeper than 995 levels/);
  const edit = setField(text, ['grammar'], false);
  assert.equal(edit.ok, false, 'an edit is refused with a reason, not a crash');
});

test('at the limit the same file is read and shown', () => {
  // The mock result's arrays sit at levels 5 and deeper: 4 levels above them.
  const text = deep(MAX_JSON_DEPTH - 4);
  const read = readPlaygroundDocument(text, 'edge.playground.json');
  assert.equal(read.ok, true, JSON.stringify(read.problems[0]));
  assert.notEqual(documentStateMessage(text, 'edge.playground.json', read, inlineToolsText(text)).document, null);
  assert.equal(syntaxProblem(text), undefined);
});
