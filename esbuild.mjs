// Builds the extension host bundle, the CLI and the webview bundle.
//   node esbuild.mjs [--watch] [--production]
import * as esbuild from 'esbuild';
import { chmodSync, existsSync, mkdirSync } from 'node:fs';

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
  },
].filter((options) => (options.entryPoints ?? []).every((entry) => existsSync(entry)));

mkdirSync('dist', { recursive: true });
if (watch) {
  for (const options of targets) {
    const context = await esbuild.context(options);
    await context.watch();
  }
} else {
  await Promise.all(targets.map((options) => esbuild.build(options)));
}
