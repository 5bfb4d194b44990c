import { findNodeAtLocation, parseTree, type Node as JsonNode, type ParseError } from 'jsonc-parser';
import { findTooDeep } from '../../core/json/jsonDepth';
import { fromPlain, jsonEquals, type JsonValue } from '../../core/json/jsonValue';
import { InputError } from '../../core/errors';
import { compactJson } from '../../core/json/pyJsonDumps';
import { readJsonDocument } from '../../core/json/readJsonDocument';

/*
 * The Tools pane's text: the inline tools list as the file writes it, de-indented, so the pane and
 * the lint agree on lines and columns. No vscode import: unit-tested in plain Node.
 */

/** The parsed tree of a playground text, or undefined when it does not parse (or is too deep to). */
function treeOf(text: string): JsonNode | undefined {
  // parseTree recurses: a text nested past the shared limit has no values to show (the reader says why).
  if (findTooDeep(text) !== undefined) return undefined;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  return root?.type === 'object' && errors.length === 0 ? root : undefined;
}

/** A value's text as the file writes it, de-indented to its property's line (so lines and columns are the pane's own). */
function deindentedSlice(text: string, node: JsonNode): string {
  const slice = text.slice(node.offset, node.offset + node.length);
  const property = node.parent ?? node;
  const lineStart = text.lastIndexOf('\n', property.offset) + 1;
  const base = /^[ \t]*/.exec(text.slice(lineStart, property.offset))?.[0] ?? '';
  if (base === '') return slice;
  return slice
    .split('\n')
    .map((line, i) => (i > 0 && line.startsWith(base) ? line.slice(base.length) : line))
    .join('\n');
}

/** The inline tools of a playground text, de-indented; null when they are a {path} or the text does not parse. */
export function inlineToolsText(text: string): string | null {
  return toolsTextIn(text, treeOf(text));
}

/**
 * The Tools and Mocks panes' texts from one parse of the document (the host's update, on every
 * edit): the inline tools as inlineToolsText gives them, and each tool's mock rules as the file
 * writes them (numbers as written: `1.0` stays `1.0`; none when the text does not parse).
 */
export function paneTexts(text: string): { toolsText: string | null; mockTexts: Record<string, string> } {
  const root = treeOf(text);
  return { toolsText: toolsTextIn(text, root), mockTexts: mockTextsIn(text, root) };
}

function toolsTextIn(text: string, root: JsonNode | undefined): string | null {
  const node = root === undefined ? undefined : findNodeAtLocation(root, ['tools']);
  return node?.type === 'array' ? deindentedSlice(text, node) : null;
}

function mockTextsIn(text: string, root: JsonNode | undefined): Record<string, string> {
  const mocks = root === undefined ? undefined : findNodeAtLocation(root, ['mocks']);
  const texts: Record<string, string> = {};
  if (mocks?.type !== 'object') return texts;
  for (const property of mocks.children ?? []) {
    const [key, value] = property.children ?? [];
    if (key?.type === 'string' && typeof key.value === 'string' && value !== undefined) {
      Object.defineProperty(texts, key.value, { value: deindentedSlice(text, value), enumerable: true, writable: true, configurable: true });
    }
  }
  return texts;
}

/** One canonical text per JSON value (order kept, numbers by lexeme): "same tools" without comparing formatting. */
export function canonicalTools(value: JsonValue): string {
  return compactJson(value);
}

/** The canonical form of a tools text, or undefined when it is not JSON. */
export function canonicalToolsText(toolsText: string): string | undefined {
  try {
    return canonicalTools(readJsonDocument(toolsText).value);
  } catch {
    return undefined;
  }
}

/** The canonical form of the document's `tools` value, or undefined. */
export function canonicalDocumentTools(text: string): string | undefined {
  const tools = inlineToolsText(text);
  return tools === null ? undefined : canonicalToolsText(tools);
}

/**
 * The Mocks pane's rules as typed (numbers as written), checked against the `rules` the protocol
 * validated: the same values, or a refusal that says where the text is not JSON.
 */
export function typedMockRules(text: string, rules: unknown): { ok: true; value: JsonValue } | { ok: false; error: string } {
  let value: JsonValue;
  try {
    value = readJsonDocument(text, 'mocks').value;
  } catch (error) {
    return { ok: false, error: error instanceof InputError ? error.describe() : String(error) };
  }
  return jsonEquals(value, fromPlain(rules)) ? { ok: true, value } : { ok: false, error: 'the rules text does not hold the rules that came with it' };
}
