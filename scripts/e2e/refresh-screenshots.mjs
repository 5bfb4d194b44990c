// Copies the README's screenshots from the last e2e run (test-results/e2e/) into media/screenshots/,
// so the pictures in the README are what the tests saw:   node scripts/e2e/refresh-screenshots.mjs
// Run `npm run test:e2e` first. A missing picture is an error (the scenario that takes it failed).
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..', '..');
const from = join(root, 'test-results', 'e2e');
const to = join(root, 'media', 'screenshots');
/** e2e screenshot → README picture. */
const PICTURES = {
  'playground-type.png': 'playground.png',
  'playground-completion.png': 'playground-run.png',
  'diagnostics-quick-fix.png': 'diagnostics-quick-fix.png',
  'suite-test-explorer.png': 'suite-test-explorer.png',
  'playground-expected-fail.png': 'playground-expected.png',
};
mkdirSync(to, { recursive: true });
const missing = Object.keys(PICTURES).filter((name) => !existsSync(join(from, name)));
if (missing.length > 0) {
  console.error(`refresh-screenshots: not in ${from}: ${missing.join(', ')} (run "npm run test:e2e" first)`);
  process.exit(1);
}
for (const [source, target] of Object.entries(PICTURES)) {
  copyFileSync(join(from, source), join(to, target));
  console.log(`media/screenshots/${target} ← test-results/e2e/${source}`);
}
