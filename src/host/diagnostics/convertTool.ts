import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { findTooDeep } from '../../core/json/jsonDepth';
import { STRINGS } from '../strings';
import { readJsonDocument } from '../../core/json/readJsonDocument';
import { pyJsonDumps } from '../../core/json/pyJsonDumps';
import { toFlatTool, toSchemaTool } from '../../core/tools/convertShape';
import { readTool, type Tool } from '../../core/tools/tool';
import { itemAt, topLevelItems } from './documentItems';
import type { FixProposal } from './fixes';

/*
 * The refactors "convert a tool between OpenAI-wrapped and plain" (keeping the user's text of the
 * inner object) and "between JSON Schema and flat xlam-60k parameters": one edit replacing the
 * tool (a top-level item of a tools array). Pure.
 */

/**
 * The conversions offered for the tool at `offset`; none outside a tool. `items`: the document's
 * top-level items when the caller has them cached (documentItems.ts): only the tool is parsed.
 */
export function convertToolAt(text: string, offset: number, indentUnit = '  ', eol = '\n', items = topLevelItems(text)): FixProposal[] {
  const span = items === undefined ? undefined : itemAt(items, offset);
  if (span === undefined) return [];
  const original = text.slice(span.offset, span.offset + span.length);
  if (findTooDeep(original) !== undefined) return [];
  const item = parseTree(original);
  if (item?.type !== 'object') return [];
  const inner = findNodeAtLocation(item, ['function']);
  const type = findNodeAtLocation(item, ['type']);
  const slice = (node: Node): string => original.slice(node.offset, node.offset + node.length);
  const replace = (content: string) => [{ offset: span.offset, length: span.length, content }];
  if (inner?.type === 'object' && type?.value === 'function') {
    return [{ title: STRINGS.lint.convert.toPlain, edits: replace(dedent(slice(inner), indentUnit, eol)) }];
  }
  if (findNodeAtLocation(item, ['name']) === undefined || inner !== undefined) return [];
  const start = text.lastIndexOf('\n', span.offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(start, span.offset))?.[0] ?? '';
  const shape = shapeConversion(original, indent, indentUnit, eol);
  if (!original.includes('\n')) {
    return [{ title: STRINGS.lint.convert.toOpenAi, edits: replace(`{"type": "function", "function": ${original}}`) }, ...(shape ? [{ title: shape.title, edits: replace(shape.content) }] : [])];
  }
  const nested = original.split(/\r?\n/).join(`${eol}${indentUnit}`);
  const wrapped = `{${eol}${indent}${indentUnit}"type": "function",${eol}${indent}${indentUnit}"function": ${nested}${eol}${indent}}`;
  return [{ title: STRINGS.lint.convert.toOpenAi, edits: replace(wrapped) }, ...(shape ? [{ title: shape.title, edits: replace(shape.content) }] : [])];
}

/**
 * Between JSON Schema parameters and the flat xlam-60k ones: the tool is rewritten (its text
 * cannot be kept), laid out with the file's indent unit at the tool's own indentation.
 */
function shapeConversion(original: string, indent: string, indentUnit: string, eol: string): { title: string; content: string } | undefined {
  let tool: Tool | string;
  try {
    tool = readTool(readJsonDocument(original).value, 0);
  } catch {
    return undefined;
  }
  if (typeof tool === 'string' || tool.parameters === undefined) return undefined;
  const flat = tool.shape === 'flat';
  const converted = flat ? toSchemaTool(tool) : toFlatTool(tool);
  const json = pyJsonDumps(converted.tool, { indent: indentUnit === '\t' ? 1 : indentUnit.length, ensureAscii: false });
  const text = (indentUnit === '\t' ? json.replace(/^ +/gm, (spaces) => '\t'.repeat(spaces.length)) : json).split('\n').join(`${eol}${indent}`);
  return { title: flat ? STRINGS.lint.convert.toSchema : STRINGS.lint.convert.toFlat(converted.lost.length), content: text };
}

/** Removes one indent unit from every line but the first (the inner object moves up a level). */
function dedent(text: string, unit: string, eol: string): string {
  const lines = text.split(/\r?\n/);
  return lines.map((line, i) => (i > 0 && line.startsWith(unit) ? line.slice(unit.length) : line)).join(eol);
}
