import { findNodeAtLocation, parseTree, type Node } from 'jsonc-parser';
import { STRINGS } from '../strings';
import type { FixProposal } from './fixes';

/*
 * The refactor "convert a tool between OpenAI-wrapped and plain": one edit replacing the tool
 * (a top-level item of a tools array), keeping the user's text of the inner object. Pure.
 */

/** The conversions offered for the tool at `offset`; none outside a tool. */
export function convertToolAt(text: string, offset: number, indentUnit = '  ', eol = '\n'): FixProposal[] {
  const root = parseTree(text);
  if (root?.type !== 'array') return [];
  const item = root.children?.find((child) => offset >= child.offset && offset < child.offset + child.length);
  if (item?.type !== 'object') return [];
  const inner = findNodeAtLocation(item, ['function']);
  const type = findNodeAtLocation(item, ['type']);
  const slice = (node: Node): string => text.slice(node.offset, node.offset + node.length);
  if (inner?.type === 'object' && type?.value === 'function') {
    const unwrapped = dedent(slice(inner), indentUnit, eol);
    return [{ title: STRINGS.lint.convert.toPlain, edits: [{ offset: item.offset, length: item.length, content: unwrapped }] }];
  }
  if (findNodeAtLocation(item, ['name']) === undefined || inner !== undefined) return [];
  const original = slice(item);
  if (!original.includes('\n')) {
    return [{ title: STRINGS.lint.convert.toOpenAi, edits: [{ offset: item.offset, length: item.length, content: `{"type": "function", "function": ${original}}` }] }];
  }
  const start = text.lastIndexOf('\n', item.offset - 1) + 1;
  const indent = /^[ \t]*/.exec(text.slice(start, item.offset))?.[0] ?? '';
  const nested = original.split(/\r?\n/).join(`${eol}${indentUnit}`);
  const wrapped = `{${eol}${indent}${indentUnit}"type": "function",${eol}${indent}${indentUnit}"function": ${nested}${eol}${indent}}`;
  return [{ title: STRINGS.lint.convert.toOpenAi, edits: [{ offset: item.offset, length: item.length, content: wrapped }] }];
}

/** Removes one indent unit from every line but the first (the inner object moves up a level). */
function dedent(text: string, unit: string, eol: string): string {
  const lines = text.split(/\r?\n/);
  return lines.map((line, i) => (i > 0 && line.startsWith(unit) ? line.slice(unit.length) : line)).join(eol);
}
