import assert from 'node:assert/strict';
import { errorNotifications, showOutputChannel, waitForOutputLine } from '../harness/workbench';
import { ACTIVATED_LINE, LOG_CHANNEL, type Scenario } from './types';

/**
 * The extension activates on its own (workspaceContains:**\/*.tools.json) with no error shown,
 * and its log channel says so with its own activation time.
 */
export const activation: Scenario = {
  name: 'activates on examples/ with its log line and no error notification',
  timeoutMs: 60_000,
  async run({ page, screenshot, measure }) {
    const output = await showOutputChannel(page, LOG_CHANNEL);
    const line = await waitForOutputLine(output, ACTIVATED_LINE, 60_000);
    await screenshot('activation-output');
    measure('activation time (from the extension log)', `${ACTIVATED_LINE.exec(line)?.[1] ?? '?'} ms`);
    assert.deepEqual(await errorNotifications(page), [], 'no error notification after activation');
  },
};
