import { findNodeAtLocation, parseTree, type ParseError } from 'jsonc-parser';
import { findTooDeep } from '../../core/json/jsonDepth';
import type { JsonValue } from '../../core/json/jsonValue';
import { compactJson } from '../../core/json/pyJsonDumps';
import { readJsonDocument } from '../../core/json/readJsonDocument';

/*
 * The Tools pane's text: the inline tools list as the file writes it, de-indented, so the pane and
 * the lint agree on lines and columns. No vscode import: unit-tested in plain Node.
 */

/** The inline tools of a playground text, de-indented; null when they are a {path} or the text does not parse. */
export function inlineToolsText(text: string): string | null {
  // parseTree recurses: a text nested past the shared limit has no tools to show (the reader says why).
  if (findTooDeep(text) !== undefined) return null;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (root?.type !== 'object' || errors.length > 0) return null;
  const node = findNodeAtLocation(root, ['tools']);
  if (node?.type !== 'array') return null;
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
