import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { engineStatusView } from '../../../src/host/engineStatusText';

describe('engineStatusView', () => {
  it('shows kind, model, backend and state', () => {
    const local = engineStatusView({ state: 'idle', info: { kind: 'local', model: 'tiny.gguf', backend: 'cpu' }, details: 'llama' });
    assert.equal(local.text, '$(chip) xLAM local · tiny.gguf · cpu · idle');
    assert.match(local.tooltip, /Model: tiny.gguf\nBackend: cpu\nllama\nState: idle/);
    assert.equal(local.error, false);
    const remote = engineStatusView({ state: 'generating', info: { kind: 'remote', model: 'xLAM-2-8b', backend: 'http://10.0.0.5:8000/v1' } });
    assert.equal(remote.text, '$(loading~spin) xLAM remote · xLAM-2-8b · 10.0.0.5:8000 · generating');
  });

  it('says when nothing is loaded, while loading, and on error', () => {
    assert.equal(engineStatusView({ state: 'none' }).text, '$(circle-slash) xLAM: no model');
    assert.equal(engineStatusView({ state: 'loading', loading: 'tiny.gguf' }).text, '$(loading~spin) xLAM: loading tiny.gguf…');
    const failed = engineStatusView({ state: 'error', error: 'no model file at /x.gguf' });
    assert.equal(failed.text, '$(error) xLAM: error');
    assert.match(failed.tooltip, /Error: no model file at \/x.gguf/);
    assert.equal(failed.error, true);
  });
});
