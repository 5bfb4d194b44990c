import { findTooDeep, TOO_DEEP_MESSAGE } from '../json/jsonDepth';
import { applyEdits, modify, parseTree, type FormattingOptions, type ParseError } from 'jsonc-parser';
import type { JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import type { FieldPath } from './types';

/** A replacement of `[offset, offset + length)` of the document text (a WorkspaceEdit's unit). */
export interface TextEdit {
  offset: number;
  length: number;
  content: string;
}

/** The edits of one operation, or why it cannot be done on this text. */
export type EditResult = { ok: true; edits: TextEdit[] } | { ok: false; error: string };

/** Applies edits (as returned here: non-overlapping) to a text, e.g. to preview or test them. */
export function applyTextEdits(text: string, edits: readonly TextEdit[]): string {
  return applyEdits(text, [...edits]);
}

/** The document's own indentation and line ends, so an edit looks like the rest of the file. */
export function detectFormatting(text: string): FormattingOptions {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const indented = /^([ \t]+)\S/m.exec(text);
  const lead = indented?.[1] ?? '  ';
  if (lead.startsWith('\t')) return { insertSpaces: false, tabSize: 4, eol };
  return { insertSpaces: true, tabSize: Math.min(Math.max(lead.length, 1), 8), eol };
}

/** The first syntax error of a text, or undefined when it is one valid JSON value. */
export function syntaxProblem(text: string): string | undefined {
  // jsonc-parser recurses: nesting past the shared limit is refused before it can overflow the stack.
  if (findTooDeep(text) !== undefined) return `the file is ${TOO_DEEP_MESSAGE}: fix it in the text editor first`;
  const errors: ParseError[] = [];
  const root = parseTree(text, errors, { allowTrailingComma: false, disallowComments: true });
  if (root === undefined || errors.length > 0) return 'the file is not valid JSON: fix it in the text editor first';
  return undefined;
}

/**
 * The edits that set (or, with `undefined`, remove) the value at `path`, creating missing parents.
 * Only the changed span is touched, so the rest of the text (formatting, key order, number
 * lexemes) stays as written and undo in the editor is one step.
 *
 * jsonc-parser serialises new values with JSON.stringify, which reorders integer-like keys and
 * prints 1.0 as 1. Values here may reach a prompt (tools, arguments, results), so jsonc-parser only
 * places a marker string, and the marker is replaced by pyJsonDumps' text of the ordered value,
 * indented to where it lands.
 */
export function setJsonValue(text: string, path: FieldPath, value: JsonValue | undefined, options: { insert?: boolean } = {}): EditResult {
  const invalid = syntaxProblem(text);
  if (invalid !== undefined) return { ok: false, error: invalid };
  const formatting = detectFormatting(text);
  const modification = { formattingOptions: formatting, ...(options.insert === true ? { isArrayInsertion: true } : {}) };
  if (value === undefined) return { ok: true, edits: modify(text, path, undefined, modification) };
  let marker = 'xlam-playground-value';
  while (text.includes(marker)) marker += '-';
  const quoted = `"${marker}"`;
  const edits = modify(text, path, marker, modification);
  const after = applyEdits(text, edits);
  const at = after.indexOf(quoted);
  const target = edits.find((edit) => edit.content.includes(quoted));
  if (at < 0 || target === undefined) return { ok: false, error: `cannot place a value at ${path.join('.')}` };
  const lineStart = after.lastIndexOf('\n', at) + 1;
  const indent = /^[ \t]*/.exec(after.slice(lineStart, at))?.[0] ?? '';
  const serialized = indented(value, formatting, indent);
  return { ok: true, edits: edits.map((edit) => (edit === target ? { ...edit, content: edit.content.replace(quoted, () => serialized) } : edit)) };
}

/** pyJsonDumps with the document's indentation; lines after the first continue at `base`. */
function indented(value: JsonValue, formatting: FormattingOptions, base: string): string {
  const size = formatting.tabSize ?? 2;
  const text = pyJsonDumps(value, { indent: size, ensureAscii: false });
  // JSON text has no raw newline inside strings, so every line's leading spaces are indentation.
  const lines = text.split('\n').map((line, i) => {
    const lead = /^ */.exec(line)?.[0].length ?? 0;
    const pad = formatting.insertSpaces === false ? '\t'.repeat(Math.floor(lead / size)) : ' '.repeat(lead);
    return i === 0 ? line : base + pad + line.slice(lead);
  });
  return lines.join(formatting.eol ?? '\n');
}
