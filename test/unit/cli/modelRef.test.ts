import assert from 'node:assert/strict';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { UsageError } from '../../../src/cli/args';
import { classifyModelRef, modelsDirectory } from '../../../src/cli/modelRef';

describe('--model: a file, a model to download, or an endpoint', () => {
  it('hf: URIs and .gguf URLs are downloads; other http(s) URLs are endpoints; the rest are paths', () => {
    assert.deepEqual(classifyModelRef('hf:Salesforce/xLAM-2-1b-fc-r-gguf:Q4_K_M'), { kind: 'download', uri: 'hf:Salesforce/xLAM-2-1b-fc-r-gguf:Q4_K_M' });
    assert.equal(classifyModelRef('https://huggingface.co/Salesforce/xLAM-1b-fc-r-gguf/resolve/main/xLAM-1b-fc-r.Q4_K_M.gguf?download=true').kind, 'download');
    assert.equal(classifyModelRef('http://127.0.0.1:9000/models/tiny.gguf').kind, 'download');
    assert.equal(classifyModelRef('https://h/m/resolve/main/model-00001-of-00002.gguf').kind, 'download');
    assert.deepEqual(classifyModelRef('http://127.0.0.1:8000/v1'), { kind: 'endpoint', baseURL: 'http://127.0.0.1:8000/v1' });
    assert.equal(classifyModelRef('https://api.example.com/v1/').kind, 'endpoint');
    assert.deepEqual(classifyModelRef('./models/x.gguf'), { kind: 'file', path: './models/x.gguf' });
    assert.deepEqual(classifyModelRef('C:\\models\\x.gguf'), { kind: 'file', path: 'C:\\models\\x.gguf' });
  });

  it('a URL without a host is a usage error, not a crash', () => {
    assert.throws(() => classifyModelRef('http://'), UsageError);
    assert.throws(() => classifyModelRef('https://'), UsageError);
  });

  it('downloads go to --models-dir, else $XDG_CACHE_HOME or ~/.cache under xlam-tool-lab/models', () => {
    assert.equal(modelsDirectory('/m', {}), '/m');
    assert.equal(modelsDirectory(undefined, { XDG_CACHE_HOME: '/c' }), join('/c', 'xlam-tool-lab', 'models'));
    assert.match(modelsDirectory(undefined, {}), /\.cache[\\/]xlam-tool-lab[\\/]models$/);
  });
});
