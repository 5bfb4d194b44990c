import { InputError, type SourceLocation } from '../errors';
import { isJsonObject, JsonNumber, type JsonObject, type JsonValue } from '../json/jsonValue';
import { locatePath, type JsonDocument } from '../json/readJsonDocument';
import { LineIndex } from '../lint/diagnostic';

export type Path = Array<string | number>;

/** Reading helpers that fail with an InputError at the value's place in the suite file. */
export class Located {
  private lines: LineIndex | undefined;

  constructor(readonly doc: JsonDocument) {}

  /** Line and column of an offset, from a line table built once: one scan per case would make a 100,000-case suite quadratic. */
  location(offset: number): SourceLocation {
    this.lines ??= new LineIndex(this.doc.text);
    const { line, column } = this.lines.position(offset);
    return this.doc.file === undefined ? { offset, line, column } : { file: this.doc.file, offset, line, column };
  }

  fail(path: Path, message: string): never {
    throw new InputError(message, locatePath(this.doc, path), path);
  }

  object(value: JsonValue | undefined, path: Path, what: string): JsonObject {
    if (isJsonObject(value)) return value;
    return this.fail(path, `${what} must be an object`);
  }

  /** Rejects keys outside `allowed`: a misspelt key would otherwise be silently ignored. */
  keys(obj: JsonObject, path: Path, allowed: readonly string[], what: string): void {
    for (const key of obj.keys()) {
      if (!allowed.includes(key)) this.fail([...path, key], `unknown key "${key}" in ${what} (expected ${allowed.map((k) => `"${k}"`).join(', ')})`);
    }
  }

  string(obj: JsonObject, key: string, path: Path): string | undefined {
    const value = obj.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string') this.fail([...path, key], `"${key}" must be a string`);
    return value;
  }

  boolean(obj: JsonObject, key: string, path: Path): boolean | undefined {
    const value = obj.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'boolean') this.fail([...path, key], `"${key}" must be true or false`);
    return value;
  }

  number(obj: JsonObject, key: string, path: Path, valid: (n: number) => boolean, rule: string): number | undefined {
    const value = obj.get(key);
    if (value === undefined) return undefined;
    if (!(value instanceof JsonNumber) || !valid(value.value)) this.fail([...path, key], `"${key}" must be ${rule}`);
    return value.value;
  }

  choice<T extends string>(obj: JsonObject, key: string, path: Path, allowed: readonly T[]): T | undefined {
    const value = obj.get(key);
    if (value === undefined) return undefined;
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
      this.fail([...path, key], `"${key}" must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
    }
    return value as T;
  }
}
