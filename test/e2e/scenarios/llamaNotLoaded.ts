import assert from 'node:assert/strict';
import { showOutputChannel, waitForOutputLine } from '../harness/workbench';
import { ACTIVATED_LINE, LOG_CHANNEL, type Scenario } from './types';

/**
 * node-llama-cpp is native and heavy: the extension must not load it at activation, only on first
 * local-model use. The extension checks its own module cache at the end of activate() and says
 * so in its activation line, which this scenario reads back after the UI has been used.
 */
export const llamaNotLoaded: Scenario = {
  name: 'log shows node-llama-cpp was not loaded at activation',
  timeoutMs: 30_000,
  async run({ page, screenshot }) {
    const output = await showOutputChannel(page, LOG_CHANNEL);
    const line = await waitForOutputLine(output, ACTIVATED_LINE);
    await screenshot('log-node-llama-cpp-not-loaded');
    assert.match(line, /node-llama-cpp not loaded/);
  },
};
