import type { JsonValue } from '../json/jsonValue';
import type { Located, Path } from './located';
import { readToolSet, type ToolSet, type ToolSetReader } from './readSuite';
import type { SuiteToolsResolver } from './types';

/** How many tool sets are kept: the record groups cases by tool set, so the recent ones come back. */
const KEPT = 256;

/**
 * Tool sets read once per text: cases whose "tools" are written alike (the same list, the same
 * file) share one set, held once, instead of parsing and holding the list again for each case.
 * The least recently used set goes when more than KEPT are held, so memory stays bounded on a
 * suite where every case has tools of its own.
 */
export class ToolSetCache {
  private readonly sets = new Map<string, ToolSet>();

  constructor(private readonly resolveTools: SuiteToolsResolver) {}

  readonly reader: ToolSetReader = (at: Located, value: JsonValue | undefined, path: Path): ToolSet => {
    const key = keyOf(at, value);
    if (key === undefined) return readToolSet(at, value, path, this.resolveTools);
    let set = this.sets.get(key);
    if (set !== undefined) this.sets.delete(key);
    else set = readToolSet(at, value, path, this.resolveTools);
    this.sets.set(key, set);
    if (this.sets.size > KEPT) this.sets.delete(this.sets.keys().next().value as string);
    return set;
  };
}

/** The value as written: a file's name, or a list's own text. */
function keyOf(at: Located, value: JsonValue | undefined): string | undefined {
  if (typeof value === 'string') return `file ${value}`;
  const node = Array.isArray(value) ? at.doc.nodes.get(value) : undefined;
  if (node === undefined) return undefined;
  const shift = at.doc.text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return `list ${at.doc.text.slice(node.offset + shift, node.offset + shift + node.length)}`;
}
