import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openPath } from '../harness/workbench';
import type { Scenario } from './types';

const FILE = 'evidence.tools.json';
/** A tool without a description: the lint's tool-description-missing warning. */
const TOOLS = '[\n  {"name": "lookup", "parameters": {"type": "object", "properties": {}}}\n]\n';

/**
 * The harness's own check of what a failed scenario leaves behind: with a file that has a lint
 * problem open, the runner's evidence step writes a screenshot, the extension's log and the
 * Problems list of the moment, each with real content.
 */
export const failureEvidence: Scenario = {
  name: 'a failed scenario would leave a screenshot, the extension log and the Problems list',
  timeoutMs: 60_000,
  async run({ page, onCleanup, saveFailureEvidence }) {
    const dir = mkdtempSync(join(tmpdir(), 'xlam-e2e-evidence-'));
    onCleanup(() => rmSync(dir, { recursive: true, force: true }));
    writeFileSync(join(dir, FILE), TOOLS);
    await openPath(page, join(dir, FILE), FILE);
    const written = await saveFailureEvidence(dir, 'probe');
    assert.deepEqual(written.map((path) => path.slice(dir.length + 1)).sort(), ['probe-FAILED.log', 'probe-FAILED.png', 'probe-FAILED.problems.txt']);
    assert.ok(statSync(join(dir, 'probe-FAILED.png')).size > 10_000, 'a real screenshot');
    assert.match(readFileSync(join(dir, 'probe-FAILED.log'), 'utf8'), /xLAM Tool Lab activated in \d+ ms/);
    assert.match(readFileSync(join(dir, 'probe-FAILED.problems.txt'), 'utf8'), /tool "lookup" has no description|tool-description-missing/);
  },
};
