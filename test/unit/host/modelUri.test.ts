import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { modelUriProblem } from '../../../src/host/modelUri';

describe('modelUriProblem (the Download Model input)', () => {
  it('accepts hf: URIs and http(s) URLs', () => {
    for (const ok of ['hf:Salesforce/xLAM-1b-fc-r-gguf', 'hf:user/repo:Q4_K_M', 'hf:user/repo/model.Q8_0.gguf', 'huggingface:user/repo', 'https://example.com/m.gguf', 'http://127.0.0.1:8080/models/tiny.gguf']) {
      assert.equal(modelUriProblem(ok), undefined, ok);
    }
  });

  it('says what is wrong with anything else', () => {
    assert.match(modelUriProblem('hf:just-a-name') ?? '', /hf:user\/repo/);
    assert.match(modelUriProblem('ftp://example.com/m.gguf') ?? '', /only hf: URIs and https/);
    assert.match(modelUriProblem('/home/me/m.gguf') ?? '', /Select Model File/);
  });
});
