import type { Page } from 'playwright-core';

/** What a UI scenario gets: the workbench page, already open on examples/ with our VSIX installed. */
export interface ScenarioContext {
  page: Page;
  /** Saves test-results/e2e/<name>.png and returns its path. */
  screenshot: (name: string) => Promise<string>;
  /** Records a measurement for the run's closing report (e.g. activation time). */
  measure: (name: string, value: string) => void;
}

export interface Scenario {
  name: string;
  run(ctx: ScenarioContext): Promise<void>;
}

export const LOG_CHANNEL = 'xLAM Tool Lab';
/** The line the extension logs at the end of activate() (src/host/strings.ts). */
export const ACTIVATED_LINE = /xLAM Tool Lab activated in (\d+) ms; node-llama-cpp (not loaded|loaded)/;
