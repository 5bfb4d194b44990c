/*
 * The Prompt pane: the rendered prompt as coloured blocks with visible special characters, the
 * per-kind table with token counts, and the total against the context size as a budget bar.
 */
import { FORMAT_IDS, LOCAL_RENDER_MAX_CHARS, PROMPT_BLOCK_SHOWN_MAX_CHARS, VARIANTS, type FormatId, type HostToWebviewMessage } from '../src/shared/playgroundProtocol';
import { charCount, formatShare, summarizeBlocks } from './blockSummary';
import { button, fill, h } from './dom';
import { T } from './strings';
import { visiblePieces } from './visibleText';

type Rendered = Extract<HostToWebviewMessage, { type: 'promptRendered' }>;

export interface PromptPaneHost {
  setFormat(format: string, variant: string): void;
  openAsDocument(): void;
  exportCode(): void;
}

export class PromptPane {
  readonly root: HTMLElement;
  private readonly format = h('vscode-single-select', { id: 'format-select', title: T.format });
  private readonly variant = h('vscode-single-select', { id: 'variant-select', title: T.variant });
  private readonly budgetText = h('span', { id: 'prompt-budget', class: 'budget-text' });
  private readonly budgetBar = h('span', { class: 'budget-fill' });
  private readonly countsNote = h('span', { id: 'prompt-counts-note', class: 'note' });
  private readonly staleNote = h('div', { id: 'prompt-stale', class: 'stale-note', attrs: { hidden: true } }, T.stale);
  private readonly blocks = h('pre', { id: 'prompt-blocks', class: 'blocks', attrs: { 'aria-label': T.prompt } });
  private readonly kinds = h('tbody', { id: 'prompt-kinds' });
  private readonly totals = h('tr', {});
  private readonly warnings = h('ul', { id: 'prompt-warnings', class: 'notes', dataset: { empty: T.none } });
  private renders = 0;
  private shownBlocks: Rendered['blocks'] = [];
  private docFormat = 'auto';
  private docVariant = 'auto';

  constructor(private readonly host: PromptPaneHost) {
    this.format.addEventListener('change', () => this.onFormat());
    this.variant.addEventListener('change', () => this.host.setFormat(this.docFormat, this.variant.value));
    this.root = h(
      'section',
      { class: 'pane prompt-pane' },
      h(
        'div',
        { class: 'toolbar' },
        h('label', { class: 'field' }, T.format, this.format),
        h('label', { class: 'field' }, T.variant, this.variant),
        button(T.openAsDocument, 'go-to-file', () => this.host.openAsDocument(), { secondary: true, id: 'open-prompt-document' }),
        button(T.exportCode, 'code', () => this.host.exportCode(), { secondary: true, id: 'export-code', title: T.exportCodeTitle }),
      ),
      h('div', { class: 'budget' }, h('span', { class: 'budget-track' }, this.budgetBar), this.budgetText, this.countsNote),
      this.staleNote,
      h(
        'div',
        { class: 'prompt-layout' },
        this.blocks,
        h(
          'aside',
          { class: 'summary' },
          h('table', { class: 'kinds' }, h('thead', {}, h('tr', {}, h('th', {}, T.kind), h('th', { class: 'num' }, T.blocks), h('th', { class: 'num' }, 'Tokens'), h('th', { class: 'num' }, T.chars), h('th', {}, T.share))), this.kinds, h('tfoot', {}, this.totals)),
          h('h3', {}, T.warnings),
          this.warnings,
        ),
      ),
    );
    this.fillFormats('auto', 'auto');
  }

  private onFormat(): void {
    const format = this.format.value;
    const variants = format === 'auto' ? [] : VARIANTS[format as FormatId];
    const variant = this.docVariant === 'auto' || variants.includes(this.docVariant) ? this.docVariant : 'auto';
    this.host.setFormat(format, variant);
  }

  /** The document's format and variant choices. */
  showChoice(format: string, variant: string): void {
    if (format === this.docFormat && variant === this.docVariant) return;
    this.docFormat = format;
    this.docVariant = variant;
    this.fillFormats(format, variant);
  }

  private fillFormats(format: string, variant: string): void {
    const option = (value: string, selected: boolean): HTMLElement => h('vscode-option', { attrs: { value, selected } }, value);
    fill(this.format, ...['auto', ...FORMAT_IDS].map((value) => option(value, value === format)));
    const variants = format === 'auto' ? [...new Set(Object.values(VARIANTS).flat())] : VARIANTS[format as FormatId];
    fill(this.variant, ...['auto', ...variants].map((value) => option(value, value === variant)));
    this.format.value = format;
    this.variant.value = variant;
  }

  setStale(stale: boolean): void {
    this.staleNote.hidden = !stale;
    this.root.classList.toggle('stale', stale);
  }

  /** `local`: rendered here from the text being typed; the host's render (exact counts) follows. */
  show(message: Rendered, local = false): void {
    if (!local) this.renders++;
    this.blocks.dataset.renders = String(this.renders);
    this.blocks.dataset.source = local ? 'local' : 'host';
    this.blocks.dataset.format = message.format;
    this.blocks.dataset.variant = message.variant;
    // The same texts with new counts (a worker's exact counts of a big prompt): only the counts change.
    if (sameTexts(this.shownBlocks, message.blocks)) recount(this.blocks, message.blocks);
    else renderBlocks(this.blocks, message.blocks);
    this.shownBlocks = message.blocks;
    const summary = summarizeBlocks(message.blocks);
    fill(
      this.kinds,
      ...summary.rows.map((row) => {
        const bar = h('span', { class: 'bar', dataset: { kind: row.kind } });
        // CSSOM, not a style attribute: allowed by the CSP's style-src.
        bar.style.width = `${(row.share * 100).toFixed(2)}%`;
        return h(
          'tr',
          { dataset: { kind: row.kind } },
          h('th', { attrs: { scope: 'row' } }, h('span', { class: 'swatch', dataset: { kind: row.kind } }), row.kind),
          h('td', { class: 'num' }, String(row.blocks)),
          h('td', { class: 'num tokens' }, String(row.tokens)),
          h('td', { class: 'num' }, String(row.chars)),
          h('td', { class: 'share' }, h('span', { class: 'share-label' }, formatShare(row.share)), h('span', { class: 'track' }, bar)),
        );
      }),
    );
    fill(this.totals, h('th', { attrs: { scope: 'row' } }, T.total), h('td', { class: 'num' }, String(summary.totalBlocks)), h('td', { id: 'prompt-total-tokens', class: 'num' }, String(message.totalTokens)), h('td', { class: 'num' }, String(summary.totalChars)), h('td', {}));
    this.budgetText.textContent = T.budget(message.totalTokens, message.contextSize);
    const share = message.contextSize ? Math.min(1, message.totalTokens / message.contextSize) : 0;
    this.budgetBar.style.width = `${(share * 100).toFixed(2)}%`;
    this.budgetBar.classList.toggle('over', message.contextSize !== null && message.totalTokens > message.contextSize);
    this.countsNote.textContent = local || message.counting ? T.counting : message.approximate ? T.approximate : T.exact;
    this.countsNote.classList.toggle('approximate', message.approximate);
    fill(this.warnings, ...message.warnings.map((warning) => h('li', {}, warning)));
    this.setStale(false);
  }
}

function sameTexts(a: Rendered['blocks'], b: Rendered['blocks']): boolean {
  return a.length === b.length && a.length > 0 && a.every((block, i) => block.kind === b[i]?.kind && block.text === b[i]?.text);
}

/** New token counts on the blocks already shown (a big prompt's DOM is not rebuilt for them). */
function recount(container: HTMLElement, blocks: Rendered['blocks']): void {
  const spans = container.querySelectorAll<HTMLElement>(':scope > .block');
  blocks.forEach((block, index) => {
    const span = spans[index];
    if (span === undefined) return;
    span.dataset.tokens = String(block.tokens);
    span.title = T.blockTooltip(block.kind, block.tokens, Number(span.dataset.chars ?? 0));
  });
}

/** One `.block` span per block; special characters as `.mark` spans that keep their real text. */
export function renderBlocks(container: HTMLElement, blocks: Rendered['blocks']): void {
  const fragment = document.createDocumentFragment();
  // A browser lays out megabytes of text in seconds: a huge prompt's long blocks show head and tail.
  const elide = blocks.reduce((sum, block) => sum + block.text.length, 0) > LOCAL_RENDER_MAX_CHARS;
  blocks.forEach((block, index) => {
    const chars = charCount(block.text);
    const span = h('span', { class: 'block', title: T.blockTooltip(block.kind, block.tokens, chars), dataset: { kind: block.kind, index: String(index), tokens: String(block.tokens), chars: String(chars) } });
    const cut = elide && block.text.length > PROMPT_BLOCK_SHOWN_MAX_CHARS ? elision(block.text) : undefined;
    appendPieces(span, cut?.head ?? block.text);
    if (cut !== undefined) {
      span.append(h('span', { class: 'elided', dataset: { chars: String(cut.left) } }, T.elided(cut.left)));
      appendPieces(span, cut.tail);
    }
    fragment.append(span);
  });
  container.replaceChildren(fragment);
  container.dataset.blockCount = String(blocks.length);
}


function appendPieces(span: HTMLElement, text: string): void {
  for (const piece of visiblePieces(text)) {
    if ('special' in piece) span.append(h('span', { class: `mark ${piece.special}`, dataset: { glyph: piece.glyph } }, piece.text));
    else span.append(document.createTextNode(piece.text));
  }
}

/** The first 80% and last 20% of the shown length, never splitting a surrogate pair. */
function elision(text: string): { head: string; tail: string; left: number } {
  const isLow = (at: number): boolean => /[\uDC00-\uDFFF]/.test(text.charAt(at));
  let headEnd = Math.floor(PROMPT_BLOCK_SHOWN_MAX_CHARS * 0.8);
  if (isLow(headEnd)) headEnd--;
  let tailStart = text.length - (PROMPT_BLOCK_SHOWN_MAX_CHARS - headEnd);
  if (isLow(tailStart)) tailStart++;
  return { head: text.slice(0, headEnd), tail: text.slice(tailStart), left: tailStart - headEnd };
}
