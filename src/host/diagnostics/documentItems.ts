import { parseTree } from 'jsonc-parser';
import { findTooDeep } from '../../core/json/jsonDepth';
import { arrayElements } from '../../core/lint/splitArray';

/*
 * The top-level items of a document (tools of a tools file, entries of a calls file), cached
 * per document version: code actions and hovers ask on every cursor move, and re-parsing a
 * 10 MB file for each took up to a second. Pure (no `vscode`).
 */

export interface ItemSpan {
  offset: number;
  length: number;
}

/** Top-level array items of `text`: the lint's linear splitter, else jsonc-parser's tolerant tree (a broken file). */
export function topLevelItems(text: string): readonly ItemSpan[] | undefined {
  const split = arrayElements(text);
  if (split !== undefined) return split.spans;
  // jsonc-parser recurses once per level: past the shared limit lint has said json-too-deep.
  if (findTooDeep(text) !== undefined) return undefined;
  const root = parseTree(text);
  if (root?.type !== 'array') return undefined;
  return (root.children ?? []).map((child) => ({ offset: child.offset, length: child.length }));
}

/** The item containing `offset` (binary search); undefined between items or outside the array. */
export function itemAt(items: readonly ItemSpan[], offset: number): ItemSpan | undefined {
  let lo = 0;
  let hi = items.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const item = items[mid] as ItemSpan;
    if (offset < item.offset) hi = mid - 1;
    else if (offset >= item.offset + item.length) lo = mid + 1;
    else return item;
  }
  return undefined;
}

/** Documents kept (their text too: `getText()` joins every line of the document each call). */
const MAX_DOCUMENTS = 4;

export interface ParsedDocument {
  text: string;
  items: readonly ItemSpan[] | undefined;
}

/** Text and items per document key and version; `getText` is only called when the version is new. */
export class DocumentItems {
  private readonly cache = new Map<string, ParsedDocument & { version: number }>();
  /** How many times items were computed (tests). */
  computed = 0;

  get(key: string, version: number, getText: () => string): ParsedDocument {
    const hit = this.cache.get(key);
    if (hit !== undefined && hit.version === version) return hit;
    this.computed++;
    const text = getText();
    const entry = { version, text, items: topLevelItems(text) };
    this.cache.delete(key);
    this.cache.set(key, entry);
    for (const [oldest] of this.cache) {
      if (this.cache.size <= MAX_DOCUMENTS) break;
      this.cache.delete(oldest);
    }
    return entry;
  }

  forget(key: string): void {
    this.cache.delete(key);
  }
}
