import { findNodeAtLocation, parseTree, printParseErrorCode, type Node, type ParseError } from 'jsonc-parser';
import { InputError, locate, type SourceLocation } from '../errors';
import { checkJsonDepth } from './jsonDepth';
import { JsonNumber, JsonObject, type JsonValue } from './jsonValue';

/** A parsed JSON file: the value, and where each container and number came from. */
export interface JsonDocument {
  text: string;
  file?: string;
  value: JsonValue;
  /** Source node of every object and array in `value` (for positions in diagnostics). */
  nodes: WeakMap<object, Node>;
  root: Node;
}

/**
 * Reads a JSON file the way Python's `json.load` would see it (order, int vs float lexemes),
 * with positions. Comments and trailing commas are errors: the Python side would reject them.
 * Nesting past MAX_JSON_DEPTH is the located `json-too-deep` error, checked first: jsonc-parser
 * and `convert` recurse once per level.
 */
export function readJsonDocument(text: string, file?: string): JsonDocument {
  checkJsonDepth(text, file);
  const errors: ParseError[] = [];
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const shift = text.length - body.length;
  const root = parseTree(body, errors, { allowTrailingComma: false, disallowComments: true, allowEmptyContent: false });
  const first = errors[0];
  if (first !== undefined || root === undefined) {
    const offset = (first?.offset ?? 0) + shift;
    const what = first ? describeParseError(printParseErrorCode(first.error)) : 'empty document';
    throw new InputError(`invalid JSON: ${what}`, locate(text, offset, file));
  }
  const nodes = new WeakMap<object, Node>();
  const value = convert(root, body, nodes);
  return file === undefined ? { text, value, nodes, root } : { text, file, value, nodes, root };
}

function describeParseError(code: string): string {
  // jsonc-parser names errors in PascalCase; people read words.
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

function convert(node: Node, text: string, nodes: WeakMap<object, Node>): JsonValue {
  switch (node.type) {
    case 'object': {
      const obj = new JsonObject();
      for (const prop of node.children ?? []) {
        const [keyNode, valueNode] = prop.children ?? [];
        if (keyNode === undefined || valueNode === undefined) continue;
        obj.set(String(keyNode.value), convert(valueNode, text, nodes));
      }
      nodes.set(obj, node);
      return obj;
    }
    case 'array': {
      const arr = (node.children ?? []).map((child) => convert(child, text, nodes));
      nodes.set(arr, node);
      return arr;
    }
    case 'number':
      return new JsonNumber(text.slice(node.offset, node.offset + node.length));
    case 'string':
      return String(node.value);
    case 'boolean':
      return node.value === true;
    default:
      return null;
  }
}

/** The location of the value at `path` in a document, or of the document start if absent. */
export function locatePath(doc: JsonDocument, path: ReadonlyArray<string | number>): SourceLocation {
  let node: Node | undefined = doc.root;
  for (let depth = path.length; depth >= 0; depth--) {
    node = findNodeAtLocation(doc.root, path.slice(0, depth));
    if (node !== undefined) break;
  }
  const shift = doc.text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return locate(doc.text, (node?.offset ?? 0) + shift, doc.file);
}
