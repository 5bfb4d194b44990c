import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { parseTree, type Node } from 'jsonc-parser';
import { isJsonObject, toPlain, type JsonValue } from '../../../src/core/json/jsonValue';
import { Locator, parseJsonTree, type JsonTree } from '../../../src/core/lint/jsonTree';

/** JSON text with repeated keys, objects past the parser's scan size (8 keys), nesting, spacing. */
const { value: json } = fc.letrec<{ value: string }>((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom('1', '1.0', '-2e3', 'true', 'null', '"s"', '"a\\"b"', '"é"'),
    fc.array(tie('value'), { maxLength: 4 }).map((items) => `[${items.join(',')}]`),
    fc
      .array(fc.tuple(fc.constantFrom('a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j', 'k', '1', '__proto__', 'a\\u0062'), tie('value'), fc.constantFrom('', ' ', '\n  ')), { maxLength: 14 })
      .map((members) => `{${members.map(([key, value, space]) => `${space}"${key}"${space}:${space}${value}`).join(',')}}`),
  ),
}));

/** Every object's members (last occurrence of each key) and array items, checked against jsonc-parser's tree. */
function checkSpans(tree: JsonTree, value: JsonValue, node: Node): void {
  const loc = new Locator(tree);
  assert.deepEqual(loc.container(value as object), { offset: node.offset, length: node.length });
  if (Array.isArray(value)) {
    (node.children ?? []).forEach((child, i) => {
      assert.deepEqual(loc.item(value, i), { offset: child.offset, length: child.length });
      checkChild(tree, value[i] as JsonValue, child);
    });
    return;
  }
  assert.ok(isJsonObject(value));
  const last = new Map<string, Node>();
  for (const property of node.children ?? []) {
    const [key, child] = property.children as [Node, Node];
    last.set(key.value as string, child);
  }
  assert.deepEqual(value.keys(), [...last.keys()], 'keys in order of first appearance');
  for (const [name, child] of last) {
    const key = child.parent?.children?.[0] as Node;
    assert.deepEqual(loc.key(value, name), { offset: key.offset, length: key.length });
    assert.deepEqual(loc.value(value, name), { offset: child.offset, length: child.length });
    checkChild(tree, value.get(name) as JsonValue, child);
  }
}

function checkChild(tree: JsonTree, value: JsonValue, node: Node): void {
  if (node.type === 'object' || node.type === 'array') checkSpans(tree, value, node);
}

/** Every key that a later repeat in its object overrides, overridden values searched too. */
function overridden(node: Node, out: Array<{ name: string; offset: number }> = []): Array<{ name: string; offset: number }> {
  const seen = new Map<string, number>();
  for (const child of node.children ?? []) {
    if (child.type === 'property') {
      const [key, value] = child.children as [Node, Node];
      const name = key.value as string;
      const earlier = seen.get(name);
      if (earlier !== undefined) out.push({ name, offset: earlier });
      seen.set(name, key.offset);
      overridden(value, out);
    } else {
      overridden(child, out);
    }
  }
  return out;
}

describe('the lint parser (parseJsonTree)', () => {
  it('reads values as JSON.parse does and places every member as jsonc-parser does, repeated keys included', () => {
    fc.assert(
      fc.property(json, fc.constantFrom('', ' ', '\n'), (body, pad) => {
        const text = `${pad}${body}${pad}`;
        const parsed = parseJsonTree(text);
        assert.ok(parsed.ok, text);
        assert.deepEqual(toPlain(parsed.tree.value), JSON.parse(text));
        const root = parseTree(text) as Node;
        assert.deepEqual(parsed.tree.span, { offset: root.offset, length: root.length });
        checkChild(parsed.tree, parsed.tree.value, root);
        const duplicates = overridden(root);
        // Each repeat reports the occurrence it overrides (order aside: ours is by closing).
        const byOffset = (a: { offset: number }, b: { offset: number }) => a.offset - b.offset;
        assert.deepEqual(parsed.tree.duplicates.map((d) => ({ name: d.name, offset: d.key.offset })).sort(byOffset), duplicates.sort(byOffset));
      }),
      { numRuns: 1500, seed: 12 },
    );
  });

  it('a failed parse leaves nothing behind for the next one', () => {
    assert.equal(parseJsonTree('{"a": [1, {"b": 2,').ok, false);
    const parsed = parseJsonTree('{"c": [3]}');
    assert.ok(parsed.ok);
    assert.deepEqual(toPlain(parsed.tree.value), { c: [3] });
    assert.deepEqual(new Locator(parsed.tree).value(parsed.tree.value as never, 'c'), { offset: 6, length: 3 });
  });
});
