/**
 * An independent check of a GBNF grammar for left recursion (what llama.cpp refuses with
 * "unsupported grammar, left recursion detected"): a rule that can reach itself at its start
 * without writing a character. Tests use it as the oracle for the grammar compiler.
 */

interface Element {
  /** A rule name, or undefined for a terminal. */
  rule?: string;
  /** A parenthesised group's alternatives. */
  group?: Element[][];
  /** May match nothing (`?`, `*`, `{0,n}`). */
  optional: boolean;
}

function parseAlternatives(body: string, at: { i: number }): Element[][] {
  const alternatives: Element[][] = [[]];
  while (at.i < body.length) {
    const c = body[at.i] as string;
    if (c === ' ') {
      at.i++;
    } else if (c === '|') {
      alternatives.push([]);
      at.i++;
    } else if (c === ')') {
      at.i++;
      break;
    } else {
      let element: Element;
      if (c === '"' || c === '[') {
        const close = c === '"' ? '"' : ']';
        let j = at.i + 1;
        while (j < body.length && body[j] !== close) j += body[j] === '\\' ? 2 : 1;
        at.i = j + 1;
        element = { optional: false };
      } else if (c === '(') {
        at.i++;
        element = { group: parseAlternatives(body, at), optional: false };
      } else {
        const match = /^[a-zA-Z0-9-]+/.exec(body.slice(at.i));
        if (match === null) throw new Error(`cannot read GBNF at "${body.slice(at.i, at.i + 20)}"`);
        at.i += match[0].length;
        element = { rule: match[0], optional: false };
      }
      const quantifier = /^(\?|\*|\+|\{(\d+)(,\d*)?\})/.exec(body.slice(at.i));
      if (quantifier !== null) {
        at.i += quantifier[0].length;
        element.optional = quantifier[1] === '?' || quantifier[1] === '*' || quantifier[2] === '0';
      }
      (alternatives[alternatives.length - 1] as Element[]).push(element);
    }
  }
  return alternatives;
}

/** Rule names a rule may start with, and whether it may match nothing (fixpoint over all rules). */
export function leftRecursiveRules(gbnf: string): string[] {
  const rules = new Map<string, Element[][]>();
  for (const line of gbnf.split('\n')) {
    const sep = line.indexOf(' ::= ');
    if (sep > 0) rules.set(line.slice(0, sep), parseAlternatives(line.slice(sep + 5), { i: 0 }));
  }
  const nullable = new Set<string>();
  const isNullable = (alts: Element[][]): boolean =>
    alts.some((seq) => seq.every((e) => e.optional || (e.rule !== undefined && nullable.has(e.rule)) || (e.group !== undefined && isNullable(e.group))));
  for (let changed = true; changed; ) {
    changed = false;
    for (const [name, alts] of rules) {
      if (!nullable.has(name) && isNullable(alts)) {
        nullable.add(name);
        changed = true;
      }
    }
  }
  const starts = (alts: Element[][], out: Set<string>): void => {
    for (const seq of alts) {
      for (const e of seq) {
        if (e.rule !== undefined) out.add(e.rule);
        if (e.group !== undefined) starts(e.group, out);
        const empty = e.optional || (e.rule !== undefined && nullable.has(e.rule)) || (e.group !== undefined && isNullable(e.group));
        if (!empty) break;
      }
    }
  };
  const edges = new Map<string, Set<string>>();
  for (const [name, alts] of rules) {
    const out = new Set<string>();
    starts(alts, out);
    edges.set(name, out);
  }
  const recursive: string[] = [];
  for (const name of rules.keys()) {
    const seen = new Set<string>();
    const todo = [...(edges.get(name) ?? [])];
    for (let next = todo.pop(); next !== undefined; next = todo.pop()) {
      if (next === name) {
        recursive.push(name);
        break;
      }
      if (seen.has(next)) continue;
      seen.add(next);
      todo.push(...(edges.get(next) ?? []));
    }
  }
  return recursive;
}
