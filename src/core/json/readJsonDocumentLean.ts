import { parseTree, visit, type Node } from 'jsonc-parser';
import { checkJsonDepth } from './jsonDepth';
import { JsonNumber, JsonObject, type JsonValue } from './jsonValue';
import { readJsonDocument, type JsonDocument } from './readJsonDocument';

type Container = JsonObject | JsonValue[];

/**
 * readJsonDocument for big files read on the happy path (a 100,000-case suite): the values are
 * built straight from the parser's events, objects and arrays get only their span as their node,
 * and the full syntax tree (two thirds of the memory at that size) is made only if something
 * asks for `root` — a located error. Invalid JSON is readJsonDocument's own error.
 */
export function readJsonDocumentLean(text: string, file?: string): JsonDocument {
  checkJsonDepth(text, file);
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const nodes = new WeakMap<object, Node>();
  const stack: Container[] = [];
  const keys: string[] = [];
  const starts: number[] = [];
  let top: JsonValue | undefined;
  let failed = false;
  const put = (value: JsonValue): void => {
    const parent = stack[stack.length - 1];
    if (parent === undefined) top = value;
    else if (Array.isArray(parent)) parent.push(value);
    else parent.set(keys.pop() as string, value);
  };
  const open = (value: Container, offset: number): void => {
    stack.push(value);
    starts.push(offset);
  };
  const close = (type: 'object' | 'array', offset: number, length: number): void => {
    const value = stack.pop() as Container;
    const start = starts.pop() as number;
    nodes.set(value, { type, offset: start, length: offset + length - start });
    put(value);
  };
  visit(
    body,
    {
      onObjectBegin: (offset) => open(new JsonObject(), offset),
      onObjectProperty: (property) => void keys.push(property),
      onObjectEnd: (offset, length) => close('object', offset, length),
      onArrayBegin: (offset) => open([], offset),
      onArrayEnd: (offset, length) => close('array', offset, length),
      onLiteralValue: (value: unknown, offset, length) => {
        if (typeof value === 'number') put(new JsonNumber(body.slice(offset, offset + length)));
        else put(value as string | boolean | null);
      },
      onError: () => {
        failed = true;
      },
    },
    { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false },
  );
  if (failed || top === undefined) return readJsonDocument(text, file);
  let root: Node | undefined;
  const doc = {
    text,
    value: top,
    nodes,
    get root(): Node {
      root ??= parseTree(body, [], { allowTrailingComma: false, disallowComments: true }) as Node;
      return root;
    },
  };
  return file === undefined ? doc : Object.assign(doc, { file });
}
