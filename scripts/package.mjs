// Packages the extension as a platform-specific VSIX with @vscode/vsce.
//   node scripts/package.mjs [--target linux-x64|linux-arm64|darwin-arm64|darwin-x64|win32-x64|...]
//                            [--gpu cpu|vulkan|cuda]
// Writes dist-vsix/xlam-tool-lab-<target>.vsix (a fixed name, so scripts and docs can point at it)
// and prints its path and size.
//
// What ships: .vscodeignore lists the static files. The bundle (dist/extension.js) inlines every
// dependency except the externals `vscode` and `node-llama-cpp`. node-llama-cpp is ESM with native
// binaries and is import()ed lazily on first local-model use, so when it is a dependency it ships
// as a package: itself, its runtime dependency closure, and only the target's @node-llama-cpp/*
// prebuilt binaries. Which prebuilt(s), by --gpu:
//   cpu (default)  the CPU build (on darwin-arm64 the one build there is, which includes Metal).
//                  Small, works on every machine, and the xLAM models this tool targets (1-8B,
//                  quantized) run acceptably on CPU.
//   vulkan         adds the Vulkan build (linux-x64, win32-x64): GPU offload on any vendor's GPU for
//                  a modest size cost; node-llama-cpp falls back to CPU where no Vulkan driver exists.
//   cuda           adds the CUDA builds: NVIDIA only and hundreds of MB, so never the default.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

const root = join(fileURLToPath(import.meta.url), '..', '..');
process.chdir(root);

/** @node-llama-cpp/* prebuilt packages per VS Code target and --gpu choice. */
const PREBUILT = {
  'linux-x64': { cpu: ['linux-x64'], vulkan: ['linux-x64', 'linux-x64-vulkan'], cuda: ['linux-x64', 'linux-x64-cuda', 'linux-x64-cuda-ext'] },
  'linux-arm64': { cpu: ['linux-arm64'] },
  'linux-armhf': { cpu: ['linux-armv7l'] },
  'darwin-arm64': { cpu: ['mac-arm64-metal'] },
  'darwin-x64': { cpu: ['mac-x64'] },
  'win32-x64': { cpu: ['win-x64'], vulkan: ['win-x64', 'win-x64-vulkan'], cuda: ['win-x64', 'win-x64-cuda', 'win-x64-cuda-ext'] },
  'win32-arm64': { cpu: ['win-arm64'] },
};
/** Packages the bundle leaves external (besides `vscode`, which the host provides). */
const RUNTIME_EXTERNALS = ['node-llama-cpp'];
/**
 * Paths inside shipped packages that are never used at run time. node-llama-cpp's
 * llama/gitRelease.bundle (~34 MB) is llama.cpp's source for building from source, which an
 * installed extension never does (it uses the shipped prebuilt), so it stays out of the VSIX.
 */
const TRIM = { 'node-llama-cpp': ['llama/gitRelease.bundle'] };

function fail(step, message) {
  console.error(`package: ${step} failed: ${message}`);
  process.exit(1);
}

function run(step, command, args) {
  const result = spawnSync(command, args, { stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  if (result.error || result.status !== 0) {
    fail(step, `${result.error?.message ?? `exit ${result.status}`}\n${`${result.stdout}${result.stderr}`.trim()}`);
  }
  return result.stdout;
}

const { values } = parseArgs({ options: { target: { type: 'string', default: 'linux-x64' }, gpu: { type: 'string', default: 'cpu' } } });
const { target, gpu } = values;
if (!['cpu', 'vulkan', 'cuda'].includes(gpu)) fail('reading arguments', `--gpu must be cpu, vulkan or cuda (got "${gpu}")`);

/** Where node would find package `name` when required from the package folder `fromDir`. */
function resolvePackage(name, fromDir) {
  for (let dir = fromDir; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', name);
    if (existsSync(join(candidate, 'package.json'))) return candidate;
    if (dir === root || dirname(dir) === dir) return undefined;
  }
}

/**
 * The node_modules folders to ship for one runtime external: the package and everything its
 * `dependencies` and `optionalDependencies` resolve to, transitively (peer dependencies are the
 * host's business and are not followed), keeping only the target's @node-llama-cpp/* prebuilts.
 * Walked by hand because vsce's and npm's own listings cannot drop other targets' binaries.
 */
function shippedFolders(name) {
  const prebuilt = PREBUILT[target]?.[gpu];
  if (name === 'node-llama-cpp' && !prebuilt) fail('choosing node-llama-cpp prebuilts', `no --gpu ${gpu} build of node-llama-cpp for ${target}`);
  const wanted = new Set((prebuilt ?? []).map((p) => `@node-llama-cpp/${p}`));
  const folders = new Set();
  const visit = (pkgName, fromDir, optional) => {
    if (pkgName.startsWith('@node-llama-cpp/') && !wanted.has(pkgName)) return;
    const dir = resolvePackage(pkgName, fromDir);
    if (dir === undefined) {
      // npm installs only the host's optional prebuilts; another target's must be fetched first.
      if (wanted.has(pkgName)) {
        const version = JSON.parse(readFileSync(join(fromDir, 'package.json'), 'utf8')).version;
        fail('finding prebuilt binaries', `${pkgName} is not installed (npm installs only the host's); run: npm install --no-save --force ${pkgName}@${version}`);
      }
      if (optional) return;
      fail(`collecting ${name}'s dependencies`, `${pkgName} (needed from ${relative(root, fromDir)}) is not installed; run npm ci`);
    }
    if (folders.has(dir)) return;
    folders.add(dir);
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  visit(name, root, false);
  return [...folders];
}

/**
 * Ignore-file negations that ship `dir` minus its TRIM paths. Negations win over any ignore in
 * vsce, so a trimmed path is left out by negating its siblings (recursively along the trimmed
 * path) instead of the whole folder.
 */
function negations(dir) {
  const posix = (path) => relative(root, path).split(sep).join('/');
  const pkgName = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
  const trims = (TRIM[pkgName] ?? []).map((path) => path.split('/'));
  const expand = (folder, trimParts) => {
    if (trimParts.length === 0) return [`!${posix(folder)}/**`];
    return readdirSync(folder, { withFileTypes: true }).flatMap((entry) => {
      const here = trimParts.filter((parts) => parts[0] === entry.name);
      const full = join(folder, entry.name);
      if (here.some((parts) => parts.length === 1)) return [];
      if (here.length > 0 && entry.isDirectory()) return expand(full, here.map((parts) => parts.slice(1)));
      return [entry.isDirectory() ? `!${posix(full)}/**` : `!${posix(full)}`];
    });
  };
  return expand(dir, trims);
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const externals = RUNTIME_EXTERNALS.filter((name) => manifest.dependencies?.[name] !== undefined);

// A clean production build: no source maps, minified, and nothing stale from a dev build.
rmSync('dist', { recursive: true, force: true });
run('building (node esbuild.mjs --production)', process.execPath, ['esbuild.mjs', '--production']);
if (!existsSync('dist/extension.js')) fail('building', 'dist/extension.js was not produced');

const outDir = 'dist-vsix';
mkdirSync(outDir, { recursive: true });
const out = join(outDir, `${manifest.name}-${target}.vsix`);
rmSync(out, { force: true });

// No `repository` in package.json yet: allow that, and keep README's relative links as they are
// (vsce would otherwise need a repository URL to rewrite them into absolute ones).
const vsceArgs = ['package', '--target', target, '--out', out, '--allow-missing-repository', '--no-rewrite-relative-links'];
if (externals.length === 0) {
  // Nothing from node_modules is needed at run time: skip vsce's `npm list` walk entirely.
  vsceArgs.push('--no-dependencies');
} else {
  // vsce includes production dependencies only in its dependency mode, filtered by the ignore
  // file; negations win over `**` there, so we list exactly the folders to keep.
  const keep = externals.flatMap(shippedFolders).flatMap(negations);
  const ignoreFile = join(outDir, `.vscodeignore-${target}`);
  writeFileSync(ignoreFile, `${readFileSync('.vscodeignore', 'utf8')}\n# runtime externals for ${target} (${gpu})\n${keep.join('\n')}\n`);
  vsceArgs.push('--ignoreFile', ignoreFile);
}
const vsce = join('node_modules', '@vscode', 'vsce', 'vsce');
run(`vsce ${vsceArgs.join(' ')}`, process.execPath, [vsce, ...vsceArgs]);

const bytes = statSync(out).size;
console.log(`package: ${relative(root, out)} (${target}, ${(bytes / 1024).toFixed(1)} KiB${externals.length ? `, node-llama-cpp ${gpu}` : ''})`);
