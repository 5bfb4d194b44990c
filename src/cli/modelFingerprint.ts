import { createHash } from 'node:crypto';
import { createReadStream, existsSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { readGgufHeader } from '../engines/local/ggufFile';

/** Where the CLI keeps the SHA-256 of model files it has hashed. */
export function hashCacheFile(env: NodeJS.ProcessEnv = process.env): string {
  const cache = env.XDG_CACHE_HOME !== undefined && env.XDG_CACHE_HOME !== '' ? env.XDG_CACHE_HOME : join(homedir(), '.cache');
  return join(cache, 'xlam-tool-lab', 'model-sha256.json');
}

interface CacheEntry {
  size: number;
  mtimeMs: number;
  sha256: string;
}

function readCache(file: string): Record<string, CacheEntry> {
  try {
    const value = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return typeof value === 'object' && value !== null ? (value as Record<string, CacheEntry>) : {};
  } catch {
    return {};
  }
}

/**
 * The model file's SHA-256, cached by absolute path, size and modification time: hashing a 1 GB
 * model costs seconds, once. Returns whether the cache answered (tests check it).
 */
export async function modelSha256(modelPath: string, cacheFile = hashCacheFile()): Promise<{ sha256: string; cached: boolean }> {
  const path = resolve(modelPath);
  const info = statSync(path);
  const cache = readCache(cacheFile);
  const hit = cache[path];
  if (hit !== undefined && hit.size === info.size && hit.mtimeMs === info.mtimeMs && typeof hit.sha256 === 'string') return { sha256: hit.sha256, cached: true };
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  const sha256 = hash.digest('hex');
  cache[path] = { size: info.size, mtimeMs: info.mtimeMs, sha256 };
  try {
    mkdirSync(dirname(cacheFile), { recursive: true });
    const temp = `${cacheFile}.${process.pid}.tmp`;
    writeFileSync(temp, JSON.stringify(cache));
    renameSync(temp, cacheFile);
  } catch {
    // A cache that cannot be written only costs the next run a rehash.
  }
  return { sha256, cached: false };
}

/** SHA-256 of the chat template a GGUF carries; null without one. */
export async function chatTemplateSha256(modelPath: string): Promise<string | null> {
  const handle = await open(modelPath, 'r');
  try {
    const template = (await readGgufHeader(handle)).metadata.get('tokenizer.chat_template');
    return template?.type === 'string' ? createHash('sha256').update(template.value, 'utf8').digest('hex') : null;
  } finally {
    await handle.close();
  }
}

/** Versions that decide a run's outputs: ours, node-llama-cpp's (local models), Node's. */
export function versions(local: boolean): Record<string, string> {
  const out: Record<string, string> = { xlamLab: packageVersion(__dirname, 'xlam-tool-lab') ?? 'unknown', node: process.versions.node };
  if (local) {
    try {
      out.nodeLlamaCpp = packageVersion(dirname(require.resolve('node-llama-cpp')), 'node-llama-cpp') ?? 'unknown';
    } catch {
      out.nodeLlamaCpp = 'unknown';
    }
  }
  return out;
}

/** The version in the nearest package.json named `name`, walking up from `dir`. */
function packageVersion(dir: string, name: string): string | undefined {
  for (let at = dir; ; at = dirname(at)) {
    const file = join(at, 'package.json');
    if (existsSync(file)) {
      try {
        const pkg = JSON.parse(readFileSync(file, 'utf8')) as { name?: string; version?: string };
        if (pkg.name === name) return pkg.version;
      } catch {
        // keep walking
      }
    }
    if (dirname(at) === at) return undefined;
  }
}
