import type { Page } from 'playwright-core';

/** What a UI scenario gets: the workbench page, already open on examples/ with our VSIX installed. */
export interface ScenarioContext {
  page: Page;
  /** Saves test-results/e2e/<name>.png and returns its path. */
  screenshot: (name: string) => Promise<string>;
  /** Records a measurement for the run's closing report (e.g. activation time). */
  measure: (name: string, value: string) => void;
  /**
   * Registers clean-up (a temp folder, a server) that the runner calls after the scenario, and
   * after it has saved a failed scenario's screenshot, log and Problems list: clean-up that ran
   * first would change what the failure pictures show.
   */
  onCleanup: (cleanup: () => Promise<void> | void) => void;
  /** What the runner saves when a scenario fails (screenshot, extension log, Problems list), into `dir`. */
  saveFailureEvidence: (dir: string, slug: string) => Promise<string[]>;
  /** The test user's data folder on the code-server side (VS Code keeps its backups of unsaved files there). */
  userDataDir: string;
}

export interface Scenario {
  name: string;
  /**
   * The whole scenario's time limit, enforced by the runner. Its slowest run in a soak must stay
   * under half of it (npm run test:e2e:soak), so a limit is a real bound, not a hopeful guess.
   */
  timeoutMs: number;
  run(ctx: ScenarioContext): Promise<void>;
}

export const LOG_CHANNEL = 'xLAM Tool Lab';
/** The line the extension logs at the end of activate() (src/host/strings.ts). */
export const ACTIVATED_LINE = /xLAM Tool Lab activated in (\d+) ms; node-llama-cpp (not loaded|loaded)/;
