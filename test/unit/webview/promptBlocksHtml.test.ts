import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { escapeHtml, promptBlocksHtml } from '../../../src/host/promptBlocksHtml';

const PAGE = {
  cspSource: 'https://file+.vscode-resource.vscode-cdn.net',
  nonce: 'abc123+/=',
  scriptUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/dist/webview/main.js',
  styleUri: 'https://file+.vscode-resource.vscode-cdn.net/ext/media/promptBlocks.css',
};

void describe('promptBlocksHtml', () => {
  const html = promptBlocksHtml(PAGE);

  void it('has the strict CSP: nothing by default, the nonced script, styles from the extension', () => {
    const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html)?.[1];
    assert.equal(csp, `default-src 'none'; script-src 'nonce-abc123+/='; style-src ${PAGE.cspSource}`.replace(/'/g, '&#39;'));
  });

  void it('loads exactly one script (with the nonce) and one stylesheet, and no inline style', () => {
    assert.deepEqual([...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]), [`<script nonce="${PAGE.nonce}" src="${PAGE.scriptUri}">`]);
    assert.deepEqual([...html.matchAll(/<link\b[^>]*>/g)].map((m) => m[0]), [`<link rel="stylesheet" href="${PAGE.styleUri}">`]);
    assert.doesNotMatch(html, /<style\b|\sstyle=/);
    assert.doesNotMatch(html, /\son[a-z]+=/, 'no inline event handlers');
  });

  void it('has the elements the webview script and the e2e tests query', () => {
    for (const id of ['format', 'variant', 'query', 'blocks', 'summary', 'error', 'error-text', 'go-to-error', 'kinds-body', 'total', 'warnings', 'losses', 'stops', 'hover', 'source']) {
      assert.match(html, new RegExp(`id="${id}"`), id);
    }
  });

  void it('escapes what it interpolates', () => {
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
    const hostile = promptBlocksHtml({ ...PAGE, scriptUri: '"><script>alert(1)</script>' });
    assert.equal([...hostile.matchAll(/<script\b/g)].length, 1);
  });
});
