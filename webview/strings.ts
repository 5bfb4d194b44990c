/** The webview's few generated phrases; static labels come in the page from src/host/strings.ts. */
export const WEBVIEW_STRINGS = {
  blockTooltip: (kind: string, chars: number) => `${kind} · ${chars} ${chars === 1 ? 'char' : 'chars'}`,
  blockDetail: (kind: string, chars: number, index: number, count: number) => `${kind} · ${chars} ${chars === 1 ? 'char' : 'chars'} · block ${index + 1} of ${count}`,
  blockCount: (blocks: number) => `${blocks} ${blocks === 1 ? 'block' : 'blocks'}`,
  lossLine: (tool: string, detail: string) => `${tool}: ${detail}`,
  errorLine: (where: string, message: string) => `${where}: ${message}`,
} as const;
