/*
 * Small runtime checks for webview messages: each returns undefined when the value fits, or a
 * reason naming where it does not ("message.edit.path[2]: …"). No `vscode`, no DOM: the host, the
 * webview bundle and node:test share them. Values from a webview are untrusted (a webview is a web
 * page), so containers are checked for exact own keys, plain prototypes, depth and size.
 */

/** `undefined`: fits; a string: why not. `at` names the place for the reason. */
export type Check = (value: unknown, at: string) => string | undefined;

export type Checked<T> = { ok: true; value: T } | { ok: false; reason: string };

export function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

const own = (value: object, key: string): boolean => Object.prototype.hasOwnProperty.call(value, key);

export const string =
  (maxLength: number, minLength = 0): Check =>
  (value, at) =>
    typeof value === 'string' && value.length <= maxLength && value.length >= minLength ? undefined : `${at} must be a string of ${minLength > 0 ? `${minLength} to ` : 'at most '}${maxLength} characters`;

export const integer =
  (min: number, max: number): Check =>
  (value, at) =>
    Number.isSafeInteger(value) && (value as number) >= min && (value as number) <= max ? undefined : `${at} must be an integer from ${min} to ${max}`;

export const finiteNumber: Check = (value, at) => (typeof value === 'number' && Number.isFinite(value) ? undefined : `${at} must be a finite number`);

export const nonNegative: Check = (value, at) => (typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : `${at} must be a number ≥ 0`);

export const boolean: Check = (value, at) => (typeof value === 'boolean' ? undefined : `${at} must be true or false`);

export const oneOf =
  (choices: readonly unknown[]): Check =>
  (value, at) =>
    choices.includes(value) ? undefined : `${at} must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`;

export const nullable =
  (check: Check): Check =>
  (value, at) =>
    value === null ? undefined : check(value, at);

export const arrayOf =
  (item: Check, maxItems: number): Check =>
  (value, at) => {
    if (!Array.isArray(value)) return `${at} must be a list`;
    if (value.length > maxItems) return `${at} has more than ${maxItems} items`;
    for (let i = 0; i < value.length; i++) {
      const reason = item(value[i], `${at}[${i}]`);
      if (reason !== undefined) return reason;
    }
    return undefined;
  };

/** Marks a field that may be absent (but not present as `undefined`: a clone keeps such keys). */
export interface Optional {
  optional: Check;
}
export const optional = (check: Check): Optional => ({ optional: check });

/** An object with exactly these own keys (optional ones may be missing), each checked. */
export const object =
  (fields: Record<string, Check | Optional>): Check =>
  (value, at) => {
    if (!isRecord(value)) return `${at} must be an object`;
    for (const key of Object.keys(value)) if (!own(fields, key)) return `${at} has an unknown field "${key}"`;
    for (const [key, field] of Object.entries(fields)) {
      const isOptional = typeof field !== 'function';
      if (!own(value, key)) {
        if (isOptional) continue;
        return `${at} is missing "${key}"`;
      }
      const reason = (isOptional ? field.optional : field)(value[key], `${at}.${key}`);
      if (reason !== undefined) return reason;
    }
    return undefined;
  };

/** A map of string keys to checked values (e.g. argument name → value). */
export const recordOf =
  (item: Check, maxKeys: number): Check =>
  (value, at) => {
    if (!isRecord(value)) return `${at} must be an object`;
    const keys = Object.keys(value);
    if (keys.length > maxKeys) return `${at} has more than ${maxKeys} keys`;
    for (const key of keys) {
      const reason = item(value[key], `${at}[${JSON.stringify(key)}]`);
      if (reason !== undefined) return reason;
    }
    return undefined;
  };

/**
 * A plain JSON value (null, boolean, finite number, string, list, plain object) no deeper than
 * `maxDepth` and with at most `maxNodes` values: structured clone can carry cycles, Maps and
 * NaN, none of which is JSON. Iterative, so no input reaches the stack limit.
 */
export const jsonValue =
  (maxDepth: number, maxNodes: number): Check =>
  (value, at) => {
    const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
    let nodes = 0;
    while (stack.length > 0) {
      const { value: item, depth } = stack.pop() as { value: unknown; depth: number };
      if (++nodes > maxNodes) return `${at} has more than ${maxNodes} values`;
      if (item === null || typeof item === 'boolean' || typeof item === 'string') continue;
      if (typeof item === 'number') {
        if (!Number.isFinite(item)) return `${at} holds a number JSON cannot write (${String(item)})`;
        continue;
      }
      if (depth >= maxDepth) return `${at} is nested deeper than ${maxDepth} levels`;
      if (Array.isArray(item)) for (const child of item as unknown[]) stack.push({ value: child, depth: depth + 1 });
      else if (isRecord(item)) for (const child of Object.values(item)) stack.push({ value: child, depth: depth + 1 });
      else return `${at} holds a value that is not JSON (${typeof item})`;
    }
    return undefined;
  };

/** A message of a union: `type` picks the fields' check from the table. */
export function checkMessage<T>(table: Readonly<Record<string, Record<string, Check | Optional>>>, value: unknown): Checked<T> {
  if (!isRecord(value)) return { ok: false, reason: 'a message must be an object' };
  const type = value.type;
  if (typeof type !== 'string' || !own(table, type)) return { ok: false, reason: `unknown message type ${JSON.stringify(type) ?? 'undefined'}` };
  const reason = object({ type: oneOf([type]), ...table[type] })(value, type);
  return reason === undefined ? { ok: true, value: value as T } : { ok: false, reason };
}
