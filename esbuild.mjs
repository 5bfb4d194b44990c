// Builds the extension host bundle, the CLI and the webview bundle.
//   node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { chmodSync, copyFileSync, existsSync, mkdirSync } from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  // Dependencies that check NODE_ENV take their production paths; the dev build leaves it to run time.
  define: production ? { 'process.env.NODE_ENV': '"production"' } : {},
  logLevel: 'info',
  target: 'node20',
  // jsonc-parser's UMD "main" hides its requires from the bundler; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
};

/** Makes `file` executable after every successful build (a watch rebuild writes it anew). */
function executable(file) {
  return {
    name: 'executable',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length === 0 && existsSync(file)) chmodSync(file, 0o755);
      });
    },
  };
}

const targets = [
  {
    ...common,
    entryPoints: ['src/host/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    // node-llama-cpp is ESM with native binaries: it is shipped as a package and import()ed lazily.
    external: ['vscode', 'node-llama-cpp'],
  },
  {
    ...common,
    // Token counts of big prompts, off the extension host's thread (a worker_threads Worker).
    entryPoints: ['src/host/playground/tokenCountWorker.ts'],
    outfile: 'dist/tokenCountWorker.js',
    platform: 'node',
    format: 'cjs',
    external: ['node-llama-cpp'],
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    external: ['node-llama-cpp'],
    banner: { js: '#!/usr/bin/env node' },
    plugins: [executable('dist/cli.js')],
  },
  {
    ...common,
    target: 'es2022',
    entryPoints: ['webview/main.ts'],
    outdir: 'dist/webview',
    platform: 'browser',
    format: 'iife',
    plugins: [],
  },
].filter((options) => (options.entryPoints ?? []).every((entry) => existsSync(entry)));

/**
 * The webview's static files next to its bundle, so its localResourceRoots is dist/webview alone:
 * the page's stylesheet and the codicon font (from @vscode/codicons, never a CDN).
 */
const WEBVIEW_FILES = [
  ['webview/playground.css', 'dist/webview/playground.css'],
  ['node_modules/@vscode/codicons/dist/codicon.css', 'dist/webview/codicons/codicon.css'],
  ['node_modules/@vscode/codicons/dist/codicon.ttf', 'dist/webview/codicons/codicon.ttf'],
];
function copyWebviewFiles() {
  mkdirSync('dist/webview/codicons', { recursive: true });
  for (const [from, to] of WEBVIEW_FILES) copyFileSync(from, to);
}
const webviewFiles = {
  name: 'webview-files',
  setup(build) {
    build.onEnd((result) => {
      if (result.errors.length === 0) copyWebviewFiles();
    });
  },
};
targets.find((options) => options.outdir === 'dist/webview')?.plugins?.push(webviewFiles);

mkdirSync('dist', { recursive: true });
if (watch) {
  for (const options of targets) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(targets.map((options) => esbuild.build(options)));
}
