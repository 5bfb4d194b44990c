/*
 * The playground page: a strict CSP, one nonced script, the stylesheets, and an empty body the
 * script fills (every label and every user or model text goes in as text). Pure (no vscode import)
 * so a unit test checks the policy.
 */

export interface PlaygroundPageInput {
  /** `webview.cspSource`. */
  cspSource: string;
  /** Fresh per page load: only the script carrying it may run. */
  nonce: string;
  /** `asWebviewUri` of dist/webview/main.js, main.css (the bundle's component styles), playground.css and codicon.css. */
  scriptUri: string;
  styleUri: string;
  codiconUri: string;
}

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (char) => HTML_ESCAPES[char] ?? char);
}

/** Nothing by default; the nonced script; styles and the codicon font from the extension only. */
export function playgroundCsp(cspSource: string, nonce: string): string {
  return `default-src 'none'; script-src 'nonce-${nonce}'; style-src ${cspSource}; font-src ${cspSource}`;
}

export function playgroundHtml(input: PlaygroundPageInput): string {
  const e = escapeHtml;
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${e(playgroundCsp(input.cspSource, input.nonce))}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" id="vscode-codicon-stylesheet" href="${e(input.codiconUri)}">
<link rel="stylesheet" href="${e(input.styleUri)}">
<title>xLAM Playground</title>
</head>
<body class="waiting">
<script nonce="${e(input.nonce)}" src="${e(input.scriptUri)}"></script>
</body>
</html>
`;
}
