// Runs the compiled node:test files of one suite (unit, model, …) with node's built-in runner.
// Node 20's runner takes explicit files, not globs, so we list them here.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const suite = process.argv[2] ?? 'unit';
const root = join('out', 'test', suite);

function collect(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return collect(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

let files;
try {
  files = collect(root).sort();
} catch {
  console.error(`no compiled tests under ${root}: run "npm run compile-tests" first`);
  process.exit(2);
}
if (files.length === 0) {
  console.error(`no test files under ${root}`);
  process.exit(2);
}
const extra = process.argv.slice(3);
const result = spawnSync(process.execPath, ['--enable-source-maps', '--test', ...extra, ...files], { stdio: 'inherit' });
process.exit(result.status ?? 1);
