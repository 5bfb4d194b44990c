import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { apiKeySecretName, normalizeBaseUrl } from '../../../src/host/endpointUrl';

describe('normalizeBaseUrl', () => {
  it('keeps a /v1 base URL, minus trailing slashes', () => {
    assert.deepEqual(normalizeBaseUrl(' http://127.0.0.1:8000/v1/ '), { url: 'http://127.0.0.1:8000/v1' });
    assert.deepEqual(normalizeBaseUrl('https://api.example.com/openai/v1'), { url: 'https://api.example.com/openai/v1' });
  });

  it('adds /v1 to a bare host', () => {
    assert.deepEqual(normalizeBaseUrl('http://localhost:11434'), { url: 'http://localhost:11434/v1' });
    assert.deepEqual(normalizeBaseUrl('http://localhost:11434/'), { url: 'http://localhost:11434/v1' });
  });

  it('refuses what is not an http(s) base URL, saying why', () => {
    for (const [text, pattern] of [
      ['', /enter the base URL/],
      ['localhost:8000', /http:\/\/ or https:\/\//],
      ['not a url', /not a URL/],
      ['ftp://host/v1', /http:\/\/ or https:\/\//],
      ['http://user:secret@host/v1', /credentials/],
      ['http://host/v1?key=1', /query/],
    ] as const) {
      const check = normalizeBaseUrl(text);
      assert.ok('problem' in check, `${text} is refused`);
      assert.match(check.problem, pattern);
    }
  });

  it('names secrets per base URL', () => {
    assert.equal(apiKeySecretName('http://h:1/v1'), 'xlam.endpoint.apiKey:http://h:1/v1');
  });
});
