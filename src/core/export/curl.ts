import type { RenderResult } from '../formats/types';
import { jsonText } from './literals';
import { requestBody, serveHint } from './requestBody';
import { exportModeOf, type ExportInput } from './types';

/** The heredoc delimiter: no line of indented JSON can equal it (every JSON line starts with a space or a bracket). */
export const CURL_BODY_END = 'XLAM_REQUEST';

/**
 * A POSIX shell script: one curl call with the request body in a quoted heredoc, so the shell
 * passes its bytes unchanged (no expansion); `--data-binary` keeps its newlines.
 */
export function curlScript(input: ExportInput, rendered: RenderResult): string {
  const { path, body } = requestBody(input, rendered);
  const what = exportModeOf(input) === 'raw' ? 'our exact prompt to /v1/completions' : 'the messages and tools to /v1/chat/completions';
  return [
    '#!/bin/sh',
    `# xLAM Tool Lab export: ${rendered.format} (${rendered.variant}), ${what}.`,
    ...serveHint(input, rendered).map((line) => `# ${line}`),
    '# OPENAI_BASE_URL and OPENAI_API_KEY override the server and key.',
    'BASE_URL="${OPENAI_BASE_URL:-http://localhost:8000/v1}"',
    `curl -sS "$BASE_URL${path}" \\`,
    "  -H 'Content-Type: application/json' \\",
    '  -H "Authorization: Bearer ${OPENAI_API_KEY:-EMPTY}" \\',
    `  --data-binary @- <<'${CURL_BODY_END}'`,
    jsonText(body),
    CURL_BODY_END,
    '',
  ].join('\n');
}
