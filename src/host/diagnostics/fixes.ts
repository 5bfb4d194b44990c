import { findNodeAtLocation, modify, parseTree, type Edit, type FormattingOptions, type Node } from 'jsonc-parser';
import { findTooDeep } from '../../core/json/jsonDepth';
import type { Diagnostic, JsonPath } from '../../core/lint';
import { STRINGS } from '../strings';
import type { ItemSpan } from './documentItems';

/*
 * Quick fixes for lint diagnostics, as minimal text edits (jsonc-parser's `modify`). Pure: no
 * `vscode`, so unit tests check the exact resulting text.
 */

/** A replacement of `[offset, offset + length)` of the document text. */
export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

export interface FixProposal {
  title: string;
  edits: TextEdit[];
}

export interface FixOptions {
  /** The document is JSON Lines: `relatedPath` is relative to the diagnostic's line. */
  jsonl?: boolean;
  /**
   * The document's top-level items (documentItems.ts, cached per version): a fix whose path starts
   * at an item parses that item only, not the whole (possibly 10 MB) document.
   */
  items?: readonly ItemSpan[];
  insertSpaces?: boolean;
  tabSize?: number;
  eol?: string;
}

/** The fix a diagnostic's `data` describes, or undefined when it has none or no longer applies. */
export function proposeFix(text: string, diagnostic: Pick<Diagnostic, 'data' | 'relatedPath' | 'range'>, options: FixOptions = {}): FixProposal | undefined {
  const data = diagnostic.data;
  if (data === undefined) return undefined;
  try {
    let base = 0;
    let scope = text;
    let scoped: Pick<Diagnostic, 'data' | 'relatedPath' | 'range'> = diagnostic;
    const head = diagnostic.relatedPath?.[0];
    if (options.jsonl === true) {
      base = diagnostic.range.start.offset - (diagnostic.range.start.column - 1);
      const end = text.indexOf('\n', base);
      scope = text.slice(base, end < 0 ? text.length : end).replace(/\r$/, '');
    } else if (typeof head === 'number' && options.items?.[head] !== undefined) {
      const item = options.items[head];
      base = item.offset;
      scope = text.slice(item.offset, item.offset + item.length);
      scoped = { ...diagnostic, relatedPath: diagnostic.relatedPath?.slice(1) ?? [] };
    }
    const formatting: FormattingOptions = options.jsonl === true ? { insertSpaces: true, tabSize: 2, eol: '\n' } : { insertSpaces: options.insertSpaces ?? true, tabSize: options.tabSize ?? 2, eol: options.eol ?? '\n' };
    const proposal = fixInScope({ scope, base, whole: text }, scoped, formatting);
    if (proposal === undefined || proposal.edits.length === 0) return undefined;
    const edits = proposal.edits.map((edit) => ({
      offset: edit.offset + (proposal.absolute ? 0 : base),
      length: edit.length,
      content: options.jsonl === true && !proposal.absolute ? oneLine(edit.content) : edit.content,
    }));
    return { title: proposal.title, edits };
  } catch {
    return undefined;
  }
}

/** Applies non-overlapping edits (any order) to a text. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  let out = text;
  // Stable ascending order, applied from the end: edits at one offset keep their given order.
  const sorted = [...edits].sort((a, b) => a.offset - b.offset);
  for (let i = sorted.length - 1; i >= 0; i--) {
    const edit = sorted[i] as TextEdit;
    out = out.slice(0, edit.offset) + edit.content + out.slice(edit.offset + edit.length);
  }
  return out;
}

interface ScopedProposal {
  title: string;
  edits: Edit[];
  /** The edits are offsets of the whole text, not of the scope (JSON Lines). */
  absolute?: boolean;
}

function oneLine(content: string): string {
  return content.replace(/\r?\n[ \t]*/g, ' ');
}

/** The text a fix parses (the document, one JSONL line or one top-level item) and where it starts. */
interface Scope {
  scope: string;
  base: number;
  whole: string;
}

function fixInScope(where: Scope, diagnostic: Pick<Diagnostic, 'data' | 'relatedPath' | 'range'>, formatting: FormattingOptions): ScopedProposal | undefined {
  const { scope, whole } = where;
  const data = diagnostic.data;
  if (data === undefined) return undefined;
  const path = diagnostic.relatedPath;
  if (findTooDeep(scope) !== undefined) return undefined;
  const root = parseTree(scope);
  const at = (p: JsonPath): Node | undefined => (root === undefined ? undefined : findNodeAtLocation(root, p));
  // Without formatting options: jsonc-parser's formatter rewrites whole lines (and mangles removals).
  const set = (p: JsonPath, value: unknown): Edit[] => {
    if (value !== undefined) return modify(scope, p, value, {});
    const node = at(p);
    return node === undefined ? [] : removal(node.parent?.type === 'property' ? node.parent : node);
  };
  const add = (object: JsonPath, key: string, value: unknown, after: readonly string[]): Edit[] => {
    const node = at(object);
    return node?.type === 'object' ? insertProperty(where, node, key, value, after, formatting) : [];
  };
  const str = (key: string): string | undefined => (typeof data[key] === 'string' ? (data[key]) : undefined);
  const titles = STRINGS.lint.fix;
  switch (data.fix) {
    case 'remove-required': {
      const name = str('name');
      if (path === undefined || name === undefined || at(path)?.value !== name) return undefined;
      return { title: titles.removeRequired(name), edits: set(path, undefined) };
    }
    case 'add-required': {
      const names = Array.isArray(data.names) ? data.names : undefined;
      if (path === undefined || names === undefined || path[path.length - 1] !== 'properties') return undefined;
      const target = [...path.slice(0, -1), 'required'];
      const existing = at(target);
      if (existing === undefined) return { title: titles.addRequired(names), edits: add(path.slice(0, -1), 'required', names, ['properties']) };
      // "required" is there: add the names it does not list yet, at its end.
      if (existing.type !== 'array') return undefined;
      const listed = new Set((existing.children ?? []).map((child) => child.value as unknown));
      const missing = names.filter((name) => !listed.has(name));
      if (missing.length === 0) return undefined;
      const last = existing.children?.[existing.children.length - 1];
      const items = missing.map((name) => JSON.stringify(name)).join(', ');
      const edit = last === undefined ? { offset: existing.offset + 1, length: 0, content: items } : { offset: last.offset + last.length, length: 0, content: `, ${items}` };
      return { title: titles.addToRequired(missing), edits: [edit] };
    }
    case 'add-description': {
      if (path === undefined || at(path)?.type !== 'object' || at([...path, 'description']) !== undefined) return undefined;
      return { title: titles.addDescription, edits: add(path, 'description', '', ['name', 'type']) };
    }
    case 'replace-type': {
      const from = str('from');
      const to = str('to');
      if (path === undefined || from === undefined || to === undefined || at(path)?.value !== from) return undefined;
      if (to === 'any') {
        const typePath = typeof path[path.length - 1] === 'number' ? path.slice(0, -1) : path;
        return { title: titles.dropType(from), edits: set(typePath, undefined) };
      }
      return { title: titles.replaceType(from, to), edits: set(path, to) };
    }
    case 'rename-key': {
      const from = str('from');
      const to = str('to');
      const key = path === undefined ? undefined : at(path)?.parent?.children?.[0];
      if (from === undefined || to === undefined || key === undefined || key.value !== from) return undefined;
      const parent = path === undefined ? undefined : at(path.slice(0, -1));
      if (parent?.children?.some((property) => property.children?.[0]?.value === to) === true) return undefined;
      return { title: titles.renameKey(from, to), edits: [{ offset: key.offset, length: key.length, content: JSON.stringify(to) }] };
    }
    case 'add-wrapper-type': {
      if (path === undefined || at(path)?.type !== 'object' || at([...path, 'type']) !== undefined) return undefined;
      return { title: titles.addWrapperType, edits: add(path, 'type', 'function', []) };
    }
    case 'rename-call':
    case 'rename-argument': {
      const from = str('from');
      const to = str('to');
      if (from === undefined || to === undefined) return undefined;
      const title = data.fix === 'rename-call' ? titles.renameCall(from, to) : titles.renameArgument(from, to);
      if (path !== undefined && at(path)?.value === from) return { title, edits: set(path, to) };
      // No JSON path (a call inside raw model text): rename the name inside the diagnostic's range.
      const start = diagnostic.range.start.offset;
      const found = whole.slice(start, diagnostic.range.end.offset).indexOf(from);
      if (found < 0) return undefined;
      return { title, edits: [{ offset: start + found, length: from.length, content: to }], absolute: true };
    }
    case 'add-argument': {
      const name = str('name');
      if (path === undefined || name === undefined) return undefined;
      const args = at([...path, 'arguments']);
      if (args?.type !== 'object' || at([...path, 'arguments', name]) !== undefined) return undefined;
      const keys = args.children?.map((property) => String(property.children?.[0]?.value)) ?? [];
      return { title: titles.addArgument(name), edits: add([...path, 'arguments'], name, null, keys) };
    }
    default:
      return undefined;
  }
}

/** Deletes an array item or object property with the comma that separates it from a sibling. */
function removal(node: Node): Edit[] {
  const siblings = node.parent?.children ?? [];
  const index = siblings.indexOf(node);
  const previous = index > 0 ? siblings[index - 1] : undefined;
  const next = siblings[index + 1];
  const end = node.offset + node.length;
  if (previous !== undefined) return [{ offset: previous.offset + previous.length, length: end - (previous.offset + previous.length), content: '' }];
  if (next !== undefined) return [{ offset: node.offset, length: next.offset - node.offset, content: '' }];
  return [{ offset: node.offset, length: node.length, content: '' }];
}

/**
 * Inserts `"key": value` into an object, after the last of `after` present (else first; `[]`:
 * first), laid out like its siblings: one per line with their indentation, or inline.
 */
function insertProperty(where: Scope, object: Node, key: string, value: unknown, after: readonly string[], formatting: FormattingOptions): Edit[] {
  const text = where.scope;
  // Indentation is read from the whole document: a scope may start mid-line (a top-level item).
  const lineIndent = (offset: number) => wholeLineIndent(where.whole, where.base + offset);
  const properties = object.children ?? [];
  const keys = properties.map((property) => String(property.children?.[0]?.value));
  const index = insertionIndex(keys, after);
  const member = `${JSON.stringify(key)}: ${inlineJson(value)}`;
  const inner = text.slice(object.offset + 1, object.offset + object.length - 1);
  const multiline = inner.includes('\n');
  const first = properties[0];
  if (first === undefined) {
    if (!multiline) return [{ offset: object.offset + 1, length: 0, content: member }];
    const indent = lineIndent(object.offset) + unit(formatting);
    return [{ offset: object.offset + 1, length: 0, content: `${formatting.eol ?? '\n'}${indent}${member}` }];
  }
  const eol = formatting.eol ?? '\n';
  const indent = lineIndent(first.offset);
  if (index === 0) {
    return [{ offset: first.offset, length: 0, content: multiline ? `${member},${eol}${indent}` : `${member}, ` }];
  }
  const previous = properties[Math.min(index, properties.length) - 1] as Node;
  const end = previous.offset + previous.length;
  return [{ offset: end, length: 0, content: multiline ? `,${eol}${indent}${member}` : `, ${member}` }];
}

/** JSON on one line with a space after commas (arrays of names, strings, null). */
function inlineJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(inlineJson).join(', ')}]`;
  return JSON.stringify(value) ?? 'null';
}

/** The whitespace that starts the line holding `offset`, when the line starts there; else none. */
function wholeLineIndent(text: string, offset: number): string {
  const start = text.lastIndexOf('\n', offset - 1) + 1;
  const match = /^[ \t]*/.exec(text.slice(start, offset));
  return match?.[0] ?? '';
}

function unit(formatting: FormattingOptions): string {
  return formatting.insertSpaces === false ? '\t' : ' '.repeat(formatting.tabSize || 2);
}

/** Where a new key goes: after the last of `after` present, else at the start (`[]`: first). */
function insertionIndex(keys: readonly string[], after: readonly string[]): number {
  let index = after.length === 0 ? 0 : keys.length;
  for (const key of after) {
    const at = keys.indexOf(key);
    if (at >= 0) index = at + 1;
  }
  return index;
}
