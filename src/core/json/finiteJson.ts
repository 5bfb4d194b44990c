import { isJsonNumber, isJsonObject, JsonObject, type JsonValue } from './jsonValue';

/** A number JSON cannot hold (NaN, ±Infinity, or a literal like 1e400 that overflows to one). */
export interface NonFiniteNumber {
  /** Where it was, as `calls[0].arguments.x`. */
  path: string;
  lexeme: string;
  /** The string it is shown as: Python's json.dumps spelling of the float. */
  shown: string;
}

/**
 * The value with every non-finite number replaced by a string ("NaN", "Infinity", "-Infinity"),
 * so the output is valid JSON (RFC 8259 has no NaN), plus where each one was. Python's json reads
 * `NaN` and `1e400` as floats and vLLM passes them on: the caller warns that they were strings here.
 */
export function finiteJson(value: JsonValue, path: string): { value: JsonValue; replaced: NonFiniteNumber[] } {
  const replaced: NonFiniteNumber[] = [];
  // Depth is bounded by the readers' MAX_JSON_DEPTH, so recursion is safe here.
  const walk = (v: JsonValue, at: string): JsonValue => {
    if (isJsonNumber(v)) {
      if (Number.isFinite(v.value)) return v;
      const shown = Number.isNaN(v.value) ? 'NaN' : v.value > 0 ? 'Infinity' : '-Infinity';
      replaced.push({ path: at, lexeme: v.lexeme, shown });
      return shown;
    }
    if (Array.isArray(v)) return v.map((item, i) => walk(item, `${at}[${i}]`));
    if (isJsonObject(v)) return new JsonObject(v.entries().map(([key, item]) => [key, walk(item, /^[A-Za-z_][A-Za-z0-9_]*$/.test(key) ? `${at}.${key}` : `${at}[${JSON.stringify(key)}]`)]));
    return v;
  };
  return { value: walk(value, path), replaced };
}
