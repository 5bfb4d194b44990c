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
// prebuilt binaries; any other native package (one whose package.json has `os`/`cpu`/`libc`)
// ships only when it is for the target; build-from-source inputs, TypeScript sources and source
// maps stay out (BUILD_ONLY, TRIM and DEV_FILE below, checked against node-llama-cpp's imports).
// Which prebuilt(s), by --gpu:
//   cpu (default)  the CPU build (on darwin-arm64 the one build there is, which includes Metal).
//                  Small, works on every machine, and the xLAM models this tool targets (1-8B,
//                  quantized) run acceptably on CPU.
//   vulkan         adds the Vulkan build (linux-x64, win32-x64): GPU offload on any vendor's GPU for
//                  a modest size cost; node-llama-cpp falls back to CPU where no Vulkan driver exists.
//   cuda           adds the CUDA builds: NVIDIA only and hundreds of MB, so never the default.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
/**
 * What a VS Code target means for npm's platform fields (`os`, `cpu`, `libc` in package.json).
 * A package that declares them is a native binary for some platforms: it ships only when it
 * matches the target, whatever the build machine installed (npm installs the build machine's
 * optional natives, e.g. @reflink/reflink-linux-x64-gnu, which must not reach a darwin VSIX).
 */
const PLATFORM = {
  'linux-x64': { os: 'linux', cpu: 'x64', libc: 'glibc' },
  'linux-arm64': { os: 'linux', cpu: 'arm64', libc: 'glibc' },
  'linux-armhf': { os: 'linux', cpu: 'arm', libc: 'glibc' },
  'alpine-x64': { os: 'linux', cpu: 'x64', libc: 'musl' },
  'alpine-arm64': { os: 'linux', cpu: 'arm64', libc: 'musl' },
  'darwin-x64': { os: 'darwin', cpu: 'x64' },
  'darwin-arm64': { os: 'darwin', cpu: 'arm64' },
  'win32-x64': { os: 'win32', cpu: 'x64' },
  'win32-arm64': { os: 'win32', cpu: 'arm64' },
};
/** Packages the bundle leaves external (besides `vscode`, which the host provides). */
const RUNTIME_EXTERNALS = ['node-llama-cpp'];
/**
 * Dependencies of node-llama-cpp that only its build-from-source path and its own CLI use. The
 * extension calls getLlama({ build: 'never' }) (src/engines/local/nodeLlamaCpp.ts), so nothing
 * compiles llama.cpp in a user's editor: cmake-js (run as `npm run cmake-js-llama`, never
 * imported) with node-addon-api / node-api-headers (C++ headers for that build), and yargs,
 * validate-npm-package-name and ignore (imported by dist/cli commands only). The import check
 * below fails the packaging if node-llama-cpp's entry point can reach any of them.
 */
const BUILD_ONLY = ['cmake-js', 'node-addon-api', 'node-api-headers', 'yargs', 'validate-npm-package-name', 'ignore'];
/**
 * Paths inside shipped packages that are never used at run time: llama.cpp's source bundle
 * (gitRelease.bundle, ~34 MB), the addon's C++ source, its CMake files, toolchains, xpack (a CMake
 * download) and source patches are all inputs of the build from source; templates/ is the CLI's
 * `init` command. dist/config.js names these folders and only compileLLamaCpp.js, cmake.js,
 * applyLlamaCppRepoPatches.js and the CLI read them. llama/grammars (LlamaGrammar.getFor) and
 * the llama/*.json release info stay.
 */
const TRIM = {
  'node-llama-cpp': ['llama/gitRelease.bundle', 'llama/addon', 'llama/cmake', 'llama/CMakeLists.txt', 'llama/.clang-format', 'llama/toolchains', 'llama/xpack', 'llama/profiles', 'llama/patches', 'templates'],
};
/**
 * Files no shipped package loads at run time, in any package: TypeScript sources and
 * declarations (Node 20 runs no .ts) and source maps (the extension host does not enable them).
 */
const DEV_FILE = /\.(?:[mc]?ts|map)$/i;
const DEV_FILE_GLOB = '!(*.ts|*.mts|*.cts|*.map|*.TS|*.MTS|*.CTS|*.MAP)';

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
const platform = PLATFORM[target];
if (!platform) fail('reading arguments', `unknown --target "${target}" (one of ${Object.keys(PLATFORM).join(', ')})`);

/** npm's rule for `os`/`cpu`/`libc` lists: absent or empty allows all, `!x` excludes x. */
function allows(list, value) {
  if (!Array.isArray(list) || list.length === 0) return true;
  if (value === undefined) return true;
  if (list.includes(value)) return true;
  if (list.includes(`!${value}`)) return false;
  return list.every((entry) => entry.startsWith('!'));
}

function matchesTarget(pkg) {
  return allows(pkg.os, platform.os) && allows(pkg.cpu, platform.cpu) && (platform.libc === undefined || allows(pkg.libc, platform.libc));
}

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
 * host's business and are not followed), minus BUILD_ONLY packages, keeping only the target's
 * @node-llama-cpp/* prebuilts and only natives whose platform fields match the target.
 * Walked by hand because vsce's and npm's own listings cannot drop other targets' binaries.
 */
function shippedFolders(name) {
  const prebuilt = PREBUILT[target]?.[gpu];
  if (name === 'node-llama-cpp' && !prebuilt) fail('choosing node-llama-cpp prebuilts', `no --gpu ${gpu} build of node-llama-cpp for ${target}`);
  const wanted = new Set((prebuilt ?? []).map((p) => `@node-llama-cpp/${p}`));
  const folders = new Set();
  const visit = (pkgName, fromDir, optional) => {
    if (pkgName.startsWith('@node-llama-cpp/') && !wanted.has(pkgName)) return;
    if (BUILD_ONLY.includes(pkgName)) return;
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
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
    if (!matchesTarget(pkg)) {
      if (wanted.has(pkgName)) fail('choosing node-llama-cpp prebuilts', `${pkgName} is for ${pkg.os}/${pkg.cpu}, not ${target}`);
      return;
    }
    folders.add(dir);
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep, dir, false);
    for (const dep of Object.keys(pkg.optionalDependencies ?? {})) visit(dep, dir, true);
  };
  visit(name, root, false);
  return [...folders];
}

const posix = (path) => relative(root, path).split(sep).join('/');

/** Whether a file under the package folder `dir` (its path relative to `dir`) is left out. */
function trimmed(pkgName, pathInPackage) {
  const parts = pathInPackage.split('/');
  if (parts[0] === 'node_modules') return true; // nested packages ship as folders of their own
  if ((TRIM[pkgName] ?? []).some((path) => pathInPackage === path || pathInPackage.startsWith(`${path}/`))) return true;
  return DEV_FILE.test(parts[parts.length - 1] ?? '');
}

/**
 * Ignore-file negations that ship `folders` minus what `trimmed` leaves out. Negations win over
 * any ignore in vsce, so leaving something out means negating only the rest, and vsce matches
 * every candidate file against every pattern (compiling each one anew), so the patterns must be
 * few: folders with nothing of TRIM inside are negated in groups, one extglob per parent folder
 * that names the packages and skips DEV_FILE names and nested node_modules; a package with TRIM
 * paths is expanded entry by entry along them.
 */
function negations(folders) {
  const groups = new Map();
  const lines = [];
  const whole = (folder) => {
    const parent = posix(dirname(folder));
    const name = folder.slice(dirname(folder).length + 1);
    if (!/^[\w.-]+$/.test(name)) throw new Error(`unexpected package folder name ${name}`);
    groups.set(parent, [...(groups.get(parent) ?? []), name]);
  };
  const expand = (folder, specialParts) =>
    readdirSync(folder, { withFileTypes: true }).forEach((entry) => {
      const here = specialParts.filter((parts) => parts[0] === entry.name);
      const full = join(folder, entry.name);
      if (here.some((parts) => parts.length === 1)) return;
      if (!entry.isDirectory()) {
        if (!DEV_FILE.test(entry.name)) lines.push(`!${posix(full)}`);
      } else if (here.length > 0) {
        expand(full, here.map((parts) => parts.slice(1)));
      } else {
        lines.push(`!${posix(full)}/**/${DEV_FILE_GLOB}`);
      }
    });
  for (const dir of folders) {
    const pkgName = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).name;
    if (TRIM[pkgName]) expand(dir, ['node_modules', ...TRIM[pkgName]].map((path) => path.split('/')));
    else whole(dir);
  }
  for (const [parent, names] of groups) {
    const pkgs = `@(${names.join('|')})`;
    lines.push(`!${parent}/${pkgs}/${DEV_FILE_GLOB}`, `!${parent}/${pkgs}/!(node_modules)/**/${DEV_FILE_GLOB}`);
  }
  return lines;
}

/**
 * The check behind BUILD_ONLY and TRIM: every module node-llama-cpp's entry point can import
 * (static imports, require() and import() of literal names, followed by esbuild) must ship.
 * Imports of packages we never walked (e.g. debug's try/catch require of supports-color, which no
 * package.json declares) were never shipped and are not this check's business.
 */
async function checkImportsShip(name, folders) {
  const { build } = await import(pathToFileURL(join(root, 'node_modules', 'esbuild', 'lib', 'main.js')).href);
  const entry = posix(join(resolvePackage(name, root), 'dist', 'index.js'));
  let metafile;
  try {
    ({ metafile } = await build({ entryPoints: [entry], bundle: true, platform: 'node', format: 'esm', write: false, metafile: true, logLevel: 'silent', outdir: join(outDir, '.imports'), loader: { '.node': 'empty' }, external: ['*.node', '@node-llama-cpp/*', 'electron'] }));
  } catch (error) {
    fail(`following ${name}'s imports`, error instanceof Error ? error.message : String(error));
  }
  const shipped = folders.map(posix);
  const packageOf = (file) => {
    const at = file.lastIndexOf('node_modules/');
    const rest = file.slice(at + 'node_modules/'.length).split('/');
    const pkg = rest[0]?.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
    return { folder: `${file.slice(0, at)}node_modules/${pkg}`, pkg, inside: file.slice(at + 'node_modules/'.length + (pkg ?? '').length + 1) };
  };
  const problems = [];
  for (const file of Object.keys(metafile.inputs)) {
    if (!file.includes('node_modules/')) continue;
    const { folder, pkg, inside } = packageOf(file);
    if (BUILD_ONLY.includes(pkg)) problems.push(`${file} (BUILD_ONLY package ${pkg})`);
    else if (shipped.includes(folder) && trimmed(pkg, inside)) problems.push(`${file} (trimmed)`);
  }
  if (problems.length > 0) fail(`checking that ${name}'s imports ship`, `its entry point imports what the VSIX leaves out:\n  ${problems.join('\n  ')}`);
}

const manifest = JSON.parse(readFileSync('package.json', 'utf8'));
const outDir = 'dist-vsix';
mkdirSync(outDir, { recursive: true });
const externals = RUNTIME_EXTERNALS.filter((name) => manifest.dependencies?.[name] !== undefined);

// A clean production build: no source maps, minified, and nothing stale from a dev build.
rmSync('dist', { recursive: true, force: true });
run('building (node esbuild.mjs --production)', process.execPath, ['esbuild.mjs', '--production']);
if (!existsSync('dist/extension.js')) fail('building', 'dist/extension.js was not produced');

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
  const folders = externals.flatMap(shippedFolders);
  for (const name of externals) await checkImportsShip(name, folders);
  const keep = negations(folders);
  const ignoreFile = join(outDir, `.vscodeignore-${target}`);
  writeFileSync(ignoreFile, `${readFileSync('.vscodeignore', 'utf8')}\n# runtime externals for ${target} (${gpu})\n${keep.join('\n')}\n`);
  vsceArgs.push('--ignoreFile', ignoreFile);
}
const vsce = join('node_modules', '@vscode', 'vsce', 'vsce');
run(`vsce ${vsceArgs.join(' ')}`, process.execPath, [vsce, ...vsceArgs]);

const bytes = statSync(out).size;
console.log(`package: ${relative(root, out)} (${target}, ${(bytes / 1024).toFixed(1)} KiB${externals.length ? `, node-llama-cpp ${gpu}` : ''})`);
