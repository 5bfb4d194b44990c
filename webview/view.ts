/*
 * DOM rendering of the Prompt Blocks panel. Every piece of prompt or user text goes in as a text
 * node (textContent / createTextNode), never as HTML. Colours come from CSS (`.block[data-kind]`).
 */
import type { BlockPayload, LossPayload } from '../src/shared/promptBlocksProtocol';
import { charCount, formatShare, summarizeBlocks } from './blockSummary';
import { WEBVIEW_STRINGS } from './strings';
import { visiblePieces } from './visibleText';

export function element<T extends HTMLElement>(id: string, type: new () => T): T {
  const found = document.getElementById(id);
  if (!(found instanceof type)) throw new Error(`webview page lacks #${id}`);
  return found;
}

/** One `.block` span per block; special characters as `.mark` spans that keep their real text. */
export function renderBlocks(container: HTMLElement, blocks: readonly BlockPayload[]): void {
  const fragment = document.createDocumentFragment();
  blocks.forEach((block, index) => {
    const span = document.createElement('span');
    const chars = charCount(block.text);
    span.className = 'block';
    span.dataset.kind = block.kind;
    span.dataset.index = String(index);
    span.dataset.chars = String(chars);
    span.title = WEBVIEW_STRINGS.blockTooltip(block.kind, chars);
    for (const piece of visiblePieces(block.text)) {
      if ('special' in piece) {
        const mark = document.createElement('span');
        mark.className = `mark ${piece.special}`;
        mark.dataset.glyph = piece.glyph;
        mark.textContent = piece.text;
        span.append(mark);
      } else {
        span.append(document.createTextNode(piece.text));
      }
    }
    fragment.append(span);
  });
  container.replaceChildren(fragment);
  container.dataset.blockCount = String(blocks.length);
}

function cell(tag: 'td' | 'th', text: string, className?: string): HTMLTableCellElement {
  const node = document.createElement(tag);
  node.textContent = text;
  if (className !== undefined) node.className = className;
  return node;
}

/** The legend: kind, blocks, chars, share (with a bar), and the total. */
export function renderSummary(body: HTMLTableSectionElement, total: HTMLElement, blocks: readonly BlockPayload[]): void {
  const summary = summarizeBlocks(blocks);
  const rows = summary.rows.map((row) => {
    const tr = document.createElement('tr');
    tr.dataset.kind = row.kind;
    const kindCell = document.createElement('th');
    kindCell.scope = 'row';
    const swatch = document.createElement('span');
    swatch.className = 'swatch';
    swatch.dataset.kind = row.kind;
    kindCell.append(swatch, document.createTextNode(row.kind));
    const shareCell = cell('td', '', 'share');
    const bar = document.createElement('span');
    bar.className = 'bar';
    bar.dataset.kind = row.kind;
    // CSSOM, not a style attribute: allowed by the CSP's style-src.
    bar.style.width = `${(row.share * 100).toFixed(2)}%`;
    const label = document.createElement('span');
    label.className = 'share-label';
    label.textContent = formatShare(row.share);
    const track = document.createElement('span');
    track.className = 'track';
    track.append(bar);
    shareCell.append(label, track);
    tr.append(kindCell, cell('td', String(row.blocks), 'num'), cell('td', String(row.chars), 'num'), shareCell);
    return tr;
  });
  body.replaceChildren(...rows);
  total.textContent = String(summary.totalChars);
  total.title = WEBVIEW_STRINGS.blockCount(summary.totalBlocks);
}

/** A list of plain-text items; an empty list shows its `data-empty` label through CSS. */
export function renderList(list: HTMLElement, items: readonly string[]): void {
  list.replaceChildren(
    ...items.map((text) => {
      const li = document.createElement('li');
      li.textContent = text;
      return li;
    }),
  );
}

export function lossLines(losses: readonly LossPayload[]): string[] {
  return losses.map((loss) => WEBVIEW_STRINGS.lossLine(loss.tool, loss.detail));
}

/** Stop strings with their special characters made visible (they are short: no spans needed). */
export function renderStops(list: HTMLElement, stops: readonly string[]): void {
  list.replaceChildren(
    ...stops.map((stop) => {
      const li = document.createElement('li');
      const code = document.createElement('code');
      code.textContent = visiblePieces(stop)
        .map((piece) => ('special' in piece ? piece.glyph : piece.text))
        .join('');
      li.append(code);
      return li;
    }),
  );
}

/** Highlights every block of one kind (legend hover), or none. */
export function highlightKind(container: HTMLElement, kind: string | undefined): void {
  for (const node of container.querySelectorAll<HTMLElement>('.block.highlight')) node.classList.remove('highlight');
  if (kind === undefined) return;
  for (const node of container.querySelectorAll<HTMLElement>('.block')) {
    if (node.dataset.kind === kind) node.classList.add('highlight');
  }
}

/** The text of the hover line for a block span. */
export function describeBlock(span: HTMLElement, count: number): string | undefined {
  const { kind, chars, index } = span.dataset;
  if (kind === undefined || chars === undefined || index === undefined) return undefined;
  return WEBVIEW_STRINGS.blockDetail(kind, Number(chars), Number(index), count);
}
