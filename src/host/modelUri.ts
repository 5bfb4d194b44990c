/*
 * What "xLAM: Download Model…" accepts, checked as the user types. The download itself is
 * src/engines/local/resolveModel.ts. Pure: unit-tested.
 */

/** Undefined when `text` is an hf: URI or an http(s) URL of a model, else what is wrong with it. */
export function modelUriProblem(text: string): string | undefined {
  const uri = text.trim();
  if (/^(hf|huggingface):/i.test(uri)) {
    return /^(hf|huggingface):[^\s/:]+\/[^\s/:]+(:[^\s/:]+|\/\S+)?$/i.test(uri) ? undefined : 'an hf: URI looks like hf:user/repo, hf:user/repo:Q4_K_M or hf:user/repo/file.gguf';
  }
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    return 'not a URI: use hf:user/repo:QUANT or https://host/path/model.gguf (a local file: "xLAM: Select Model File…")';
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return `only hf: URIs and https:// URLs are downloaded (got ${url.protocol}//)`;
  return undefined;
}
