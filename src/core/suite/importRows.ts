import { InputError } from '../errors';
import { isJsonObject, type JsonObject, type JsonValue } from '../json/jsonValue';
import { readJsonDocument } from '../json/readJsonDocument';
import { locate } from '../errors';

/** One row of a dataset file, with where it starts (1-based line). */
export interface Row {
  value: JsonObject;
  line: number;
  /** Row number, 1-based, for messages. */
  index: number;
}

/** An importer's error: names the file and the row's line. */
export function rowError(file: string, line: number, message: string): InputError {
  return new InputError(message, { file, line, column: 1, offset: 0 });
}

/**
 * A dataset file's rows: a JSON array of objects, or JSON Lines (one object per line; blank lines
 * skipped). A row that is not an object, or a line that is not JSON, is an error at its line.
 */
export function readRows(text: string, file: string): Row[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  if (body.trimStart().startsWith('[')) {
    const doc = readJsonDocument(text, file);
    if (!Array.isArray(doc.value)) throw rowError(file, 1, 'expected a JSON array of rows');
    return doc.value.map((value, i) => {
      const line = locate(text, doc.nodes.get(value as object)?.offset ?? 0, file).line;
      if (!isJsonObject(value)) throw rowError(file, line, `row ${i + 1} is not an object`);
      return { value, line, index: i + 1 };
    });
  }
  const rows: Row[] = [];
  const lines = body.split('\n');
  lines.forEach((lineText, i) => {
    if (lineText.trim() === '') return;
    let value: JsonValue;
    try {
      value = readJsonDocument(lineText.replace(/\r$/, ''), file).value;
    } catch (error) {
      if (!(error instanceof InputError)) throw error;
      throw new InputError(error.message, { file, line: i + 1, column: error.location?.column ?? 1, offset: 0 });
    }
    if (!isJsonObject(value)) throw rowError(file, i + 1, 'the line is not a JSON object');
    rows.push({ value, line: i + 1, index: rows.length + 1 });
  });
  if (rows.length === 0) throw rowError(file, 1, 'the file has no rows');
  return rows;
}

/** A field that a dataset may hold as JSON text (xlam-60k's "tools", "answers") or as the value itself. */
export function jsonField(row: Row, key: string, file: string): JsonValue {
  const value = row.value.get(key);
  if (value === undefined) throw rowError(file, row.line, `row ${row.index} has no "${key}"`);
  if (typeof value !== 'string') return value;
  try {
    return readJsonDocument(value).value;
  } catch (error) {
    const why = error instanceof InputError ? `${error.message} at column ${error.location?.column ?? '?'} of the string` : String(error);
    throw rowError(file, row.line, `row ${row.index}: "${key}" is a string that is not valid JSON (${why})`);
  }
}
