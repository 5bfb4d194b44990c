import { readdirSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Mocha from 'mocha';

/**
 * The extensionTestsPath entry point: VS Code's extension host require()s this module and calls
 * run(); the host exits when the returned promise settles (rejecting means failure).
 *
 * Used where @vscode/test-cli is not (here: inside code-server's remote extension host, started
 * by test/e2e through the workbench URL's `payload`). @vscode/test-cli runs the same *.test.js
 * files with its own mocha runner (see .vscode-test.mjs).
 *
 * Results also go to the JSON file named by XLAM_EXTHOST_RESULTS, because from a browser-driven
 * extension host the exit code is only seen indirectly by whoever started it.
 */
export interface ExthostResults {
  passed: string[];
  failed: { title: string; error: string }[];
  /** Each test's duration and its own mocha timeout (the soak compares the two). */
  timings?: { title: string; ms: number; timeoutMs: number }[];
}

export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'tdd', color: false, timeout: 30_000, reporter: 'spec' });
  for (const file of readdirSync(__dirname).filter((name) => name.endsWith('.test.js')).sort()) {
    mocha.addFile(join(__dirname, file));
  }
  const results: ExthostResults = { passed: [], failed: [], timings: [] };
  const timed = (test: Mocha.Test): void => {
    results.timings?.push({ title: test.fullTitle(), ms: test.duration ?? 0, timeoutMs: test.timeout() });
  };
  const failures = await new Promise<number>((resolve, reject) => {
    try {
      const runner = mocha.run(resolve);
      runner.on('pass', (test) => {
        results.passed.push(test.fullTitle());
        timed(test);
      });
      runner.on('fail', (test, error: Error) => {
        results.failed.push({ title: test.fullTitle(), error: error.stack ?? error.message });
        if (test instanceof Mocha.Test) timed(test);
      });
    } catch (error) {
      reject(error instanceof Error ? error : new Error(String(error)));
    }
  });
  const resultsFile = process.env.XLAM_EXTHOST_RESULTS;
  if (resultsFile) {
    mkdirSync(dirname(resultsFile), { recursive: true });
    writeFileSync(resultsFile, JSON.stringify(results, null, 2));
  }
  if (failures > 0) throw new Error(`${failures} extension-host test(s) failed`);
}
