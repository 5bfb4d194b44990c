import { homedir } from 'node:os';
import { join } from 'node:path';
import { urlFileName } from '../engines/local/resolveModel';
import { UsageError } from './args';
import type { CliIo } from './io';

/** What `--model` names: a GGUF on disk, a GGUF to download, or an OpenAI-compatible endpoint. */
export type ModelRef = { kind: 'file'; path: string } | { kind: 'download'; uri: string } | { kind: 'endpoint'; baseURL: string };

/**
 * `hf:` URIs and URLs of a `.gguf` file (or a Hugging Face `/resolve/` link) are models to
 * download; any other http(s) URL is an endpoint's base URL; everything else is a file path.
 */
export function classifyModelRef(model: string): ModelRef {
  if (/^(hf|huggingface):/i.test(model)) return { kind: 'download', uri: model };
  if (!/^https?:\/\//i.test(model)) return { kind: 'file', path: model };
  let url: URL;
  try {
    url = new URL(model);
  } catch {
    throw new UsageError(`--model "${model}" is not a valid URL`);
  }
  if (url.hostname === '') throw new UsageError(`--model "${model}" has no host`);
  const isGgufFile = urlFileName(model) !== undefined || /\.gguf$/i.test(url.pathname) || /\/resolve\/[^/]+\/.+/.test(url.pathname);
  return isGgufFile ? { kind: 'download', uri: model } : { kind: 'endpoint', baseURL: model };
}

/** Where the CLI keeps downloaded models: `--models-dir`, else the user's cache folder. */
export function modelsDirectory(given: string | undefined, env: NodeJS.ProcessEnv = process.env): string {
  if (given !== undefined) return given;
  const cache = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(cache, 'xlam-tool-lab', 'models');
}

/** Download progress on stderr, at most one line per whole percent (or per 64 MB without a size). */
export function progressPrinter(io: CliIo, uri: string): (p: { downloadedBytes: number; totalBytes: number }) => void {
  let last = -1;
  return ({ downloadedBytes, totalBytes }) => {
    const step = totalBytes > 0 ? Math.floor((downloadedBytes / totalBytes) * 100) : Math.floor(downloadedBytes / (64 * 1024 * 1024));
    if (step === last) return;
    last = step;
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    io.stderr(totalBytes > 0 ? `downloading ${uri}: ${step}% (${mb(downloadedBytes)} of ${mb(totalBytes)} MB)\n` : `downloading ${uri}: ${mb(downloadedBytes)} MB\n`);
  };
}
