// @vscode/test-cli configuration (`npx vscode-test`): downloads VS Code and runs the
// extension-host suite in it, with examples/ open. Needs the network to reach VS Code's update
// server, so on machines without it the same suite runs in code-server instead (npm run test:e2e,
// through out/test/exthost/index.js).
import { defineConfig } from '@vscode/test-cli';

export default defineConfig({
  label: 'exthost',
  files: 'out/test/exthost/**/*.test.js',
  version: '1.100.3',
  workspaceFolder: './examples',
  mocha: { ui: 'tdd', timeout: 30000, color: true },
  launchArgs: ['--disable-extensions', '--disable-workspace-trust'],
});
