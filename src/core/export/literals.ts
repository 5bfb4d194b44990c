import type { JsonValue } from '../json/jsonValue';
import { pyJsonDumps } from '../json/pyJsonDumps';
import { pyReprString } from '../formats/pyRepr';

/*
 * Source literals that carry our values exactly into another language. Long texts are split after
 * each newline into adjacent pieces, so an exported prompt reads line by line.
 */

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** The text cut after each "\n" (the pieces concatenate to it; "" is one empty piece). */
export function linePieces(text: string): string[] {
  const pieces = text.match(/[^\n]*\n|[^\n]+$/g);
  return pieces === null ? [''] : pieces;
}

/**
 * JSON text of a value as Python's json.dumps writes it (order, `1.0`, big integers kept), indented.
 * Non-ASCII stays readable unless a lone surrogate is present, which UTF-8 source cannot hold.
 */
export function jsonText(value: JsonValue, indent = 2): string {
  const raw = pyJsonDumps(value, { indent, ensureAscii: false });
  return LONE_SURROGATE.test(raw) ? pyJsonDumps(value, { indent, ensureAscii: true }) : raw;
}

/** A Python expression for the text: `repr()` pieces (Python joins adjacent literals). */
export function pyStringExpr(text: string, indent = ''): string {
  const pieces = linePieces(text).map(pyReprString);
  if (pieces.length === 1) return pieces[0] as string;
  return `(\n${pieces.map((piece) => `${indent}    ${piece}`).join('\n')}\n${indent})`;
}

/**
 * `json.loads(r'''…''')` of the value: Python then holds exactly the dicts, lists, ints and floats
 * our JSON model holds, so its json.dumps writes our bytes. A raw triple-quoted string keeps the
 * JSON escapes as written; if the text has `'''`, every `'` is written as the JSON escape \u0027.
 */
export function pyJsonLoads(value: JsonValue): string {
  let text = jsonText(value);
  if (text.includes("'''")) text = text.split("'").join('\\u0027');
  return `json.loads(r'''\n${text}\n''')`;
}

/** A TypeScript expression for the text: JSON string pieces joined with `+`. */
export function tsStringExpr(text: string, indent = ''): string {
  const pieces = linePieces(text).map((piece) => JSON.stringify(piece));
  if (pieces.length === 1) return pieces[0] as string;
  return pieces.map((piece, i) => (i === 0 ? piece : `${indent}${piece}`)).join(' +\n');
}
