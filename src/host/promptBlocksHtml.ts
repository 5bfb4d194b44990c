import { STRINGS } from './strings';

/*
 * The Prompt Blocks page. Pure (no vscode import) so a unit test and a headless-browser check
 * can build the same page the panel shows. The page holds only static labels; the webview script
 * fills in everything else as text.
 */

export interface PromptBlocksPageInput {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh per page load: only the script carrying it may run. */
  nonce: string;
  /** `asWebviewUri` of dist/webview/main.js and media/promptBlocks.css. */
  scriptUri: string;
  styleUri: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** The Content-Security-Policy: nothing by default, the nonced script, styles from the extension. */
export function promptBlocksCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource}`;
}

export function promptBlocksHtml(input: PromptBlocksPageInput): string {
  const t = STRINGS.promptBlocks;
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(promptBlocksCsp(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${e(input.styleUri)}">
<title>${e(t.pageTitle)}</title>
</head>
<body class="waiting">
<header class="toolbar">
  <span class="field source-field" title="${e(t.toolsFile)}"><span id="source" class="source"></span></span>
  <label class="field">${e(t.format)} <select id="format"></select></label>
  <label class="field">${e(t.variant)} <select id="variant"></select></label>
  <label class="field query-field">${e(t.query)} <input id="query" type="text" spellcheck="false" autocomplete="off"></label>
  <p id="hover" class="hover" data-empty="${e(t.hoverHint)}" aria-live="polite"></p>
</header>
<div id="error" class="error" role="alert" hidden><span id="error-text"></span> <button id="go-to-error" type="button" hidden>${e(t.goToError)}</button></div>
<p id="waiting" class="waiting-note">${e(t.waiting)}</p>
<main class="layout">
  <section class="prompt">
    <pre id="blocks" class="blocks" aria-label="${e(t.promptLabel)}"></pre>
  </section>
  <aside id="summary" class="summary">
    <h2>${e(t.legend)}</h2>
    <table id="kinds" class="kinds">
      <thead><tr><th scope="col">${e(t.kind)}</th><th scope="col" class="num">${e(t.blocks)}</th><th scope="col" class="num">${e(t.chars)}</th><th scope="col">${e(t.share)}</th></tr></thead>
      <tbody id="kinds-body"></tbody>
      <tfoot><tr><th scope="row">${e(t.total)}</th><td></td><td id="total" class="num"></td><td></td></tr></tfoot>
    </table>
    <h2>${e(t.warnings)}</h2>
    <ul id="warnings" class="notes" data-empty="${e(t.none)}"></ul>
    <h2>${e(t.losses)}</h2>
    <ul id="losses" class="notes" data-empty="${e(t.none)}"></ul>
    <h2>${e(t.stop)}</h2>
    <ul id="stops" class="stops" data-empty="${e(t.none)}"></ul>
  </aside>
</main>
<script nonce="${e(input.nonce)}" src="${e(input.scriptUri)}"></script>
</body>
</html>
`;
}
