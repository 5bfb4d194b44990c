/*
 * What a Compare column may name as its engine, wherever it comes from (a webview message or the
 * playground file): an absolute `.gguf` path, or an http(s) URL without credentials (the API key
 * lives in secret storage), query or fragment. One set of rules, so the file and the pane agree.
 */

/** Why `path` is not a model file a column may name, or undefined. */
export function ggufPathProblem(path: string): string | undefined {
  if (!/^(\/|[A-Za-z]:[\\/]|\\\\)/.test(path)) return 'must be an absolute path';
  if (path.includes('\0') || path.split(/[\\/]/).includes('..')) return 'must be a plain absolute path (no ".." or NUL)';
  return /\.gguf$/i.test(path) ? undefined : 'must name a .gguf file';
}

/** Why `text` is not an endpoint base URL a column may name, or undefined. */
export function endpointUrlProblem(text: string): string | undefined {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'must be a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must start with http:// or https://';
  if (url.username !== '' || url.password !== '') return 'must not hold credentials';
  return url.search === '' && url.hash === '' ? undefined : 'takes no ?query or #fragment';
}
