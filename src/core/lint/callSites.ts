import { isJsonObject, type JsonValue } from '../json/jsonValue';
import { rawDecode } from '../json/parsePythonJson';
import type { ParsedCall } from '../parse/types';
import type { CallSite } from './callRules';
import type { WrittenCall } from './callsEntry';
import type { Span } from './diagnostic';
import type { Locator } from './jsonTree';
import { stringSubSpan } from './textUtil';

/** A call from `calls`: every span is exact. */
export function writtenSite(call: WrittenCall, loc: Locator): CallSite {
  const args = call.args;
  const argsKey = call.item.has('arguments') ? 'arguments' : 'parameters';
  return {
    name: call.name,
    args,
    anchor: loc.value(call.item, 'name') ?? call.span,
    argsSpan: loc.value(call.item, argsKey),
    argKey: (key) => (isJsonObject(args) ? loc.key(args, key) : undefined),
    argValue: (key) => (isJsonObject(args) ? loc.value(args, key) : undefined),
    path: call.path,
  };
}

/**
 * Calls parsed out of an `output` string. The parsers return values, not positions, so each call
 * is found again in the decoded output: its name as a JSON string after the previous call, its
 * argument keys after its name, each value's extent by decoding it. Positions inside the output
 * map through the JSON escapes of the string literal to the document. Not found: `fallback`.
 */
export function outputSites(text: string, outputSpan: Span | undefined, output: string, calls: readonly ParsedCall[], fallback: Span | undefined): CallSite[] {
  let cursor = 0;
  const sub = (from: number, to: number): Span | undefined => (outputSpan === undefined ? fallback : stringSubSpan(text, outputSpan, from, to));
  return calls.map((call) => {
    const args: JsonValue = call.arguments;
    const needle = JSON.stringify(call.name);
    const at = output.indexOf(needle, cursor);
    if (at < 0) return { name: call.name, args, anchor: fallback, argsSpan: undefined, argKey: () => undefined, argValue: () => undefined };
    const afterName = at + needle.length;
    cursor = afterName;
    const keyAt = (key: string): [number, number] | undefined => {
      const quoted = JSON.stringify(key);
      const found = output.indexOf(quoted, afterName);
      return found < 0 ? undefined : [found, found + quoted.length];
    };
    return {
      name: call.name,
      args,
      anchor: sub(at, afterName),
      argsSpan: undefined,
      argKey: (key) => {
        const found = keyAt(key);
        return found === undefined ? undefined : sub(found[0], found[1]);
      },
      argValue: (key) => {
        const found = keyAt(key);
        if (found === undefined) return undefined;
        const colon = /^\s*:\s*/.exec(output.slice(found[1], found[1] + 64));
        if (colon === null) return undefined;
        const start = found[1] + colon[0].length;
        const decoded = rawDecode(output, start, { maxDepth: 200 });
        return decoded.ok ? sub(start, decoded.end) : sub(start, start + 1);
      },
    };
  });
}
