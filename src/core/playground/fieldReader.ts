import { locate } from '../errors';
import { isJsonNumber, type JsonValue } from '../json/jsonValue';
import { locatePath, type JsonDocument } from '../json/readJsonDocument';
import type { FieldPath, PlaygroundProblem } from './types';

/** Collects located problems while the reader walks a parsed playground document. */
export class FieldReader {
  readonly problems: PlaygroundProblem[] = [];

  constructor(readonly doc: JsonDocument) {}

  error(path: FieldPath, message: string): void {
    this.add('error', path, message);
  }

  warning(path: FieldPath, message: string): void {
    this.add('warning', path, message);
  }

  get hasErrors(): boolean {
    return this.problems.some((problem) => problem.severity === 'error');
  }

  private add(severity: PlaygroundProblem['severity'], path: FieldPath, message: string): void {
    this.problems.push({ severity, message: `${describePath(path)}: ${message}`, path: [...path], location: locatePath(this.doc, path) });
  }
}

/** A problem before there is a document (syntax, depth), at a text offset. */
export function textProblem(text: string, offset: number, message: string, file?: string): PlaygroundProblem {
  return { severity: 'error', message, path: [], location: locate(text, offset, file) };
}

/** `tools[2].parameters` style, as people read JSON paths; the root is "the document". */
export function describePath(path: readonly (string | number)[]): string {
  if (path.length === 0) return 'the document';
  return path.map((part, i) => (typeof part === 'number' ? `[${part}]` : /^[A-Za-z_$][\w$]*$/.test(part) ? `${i === 0 ? '' : '.'}${part}` : `[${JSON.stringify(part)}]`)).join('');
}

/** A finite number value, or undefined for anything else. */
export function numberOf(value: JsonValue | undefined): number | undefined {
  return isJsonNumber(value) && Number.isFinite(value.value) ? value.value : undefined;
}

/** A safe integer written as an integer (`2`, not `2.0`), or undefined. */
export function integerOf(value: JsonValue | undefined): number | undefined {
  return isJsonNumber(value) && value.isInteger && Number.isSafeInteger(value.value) ? value.value : undefined;
}

/** JSON's name for a value's type, for messages. */
export function typeName(value: JsonValue | undefined): string {
  if (value === undefined) return 'missing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (isJsonNumber(value)) return 'a number';
  if (typeof value === 'object') return 'an object';
  return `a ${typeof value}`;
}
