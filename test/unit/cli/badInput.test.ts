import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { leaks, runCli } from '../../support/captureCli';

/* Issue 15, item 5: what the CLI prints for input that is readable but not what it seems. */
const dir = mkdtempSync(join(tmpdir(), 'xlam-bad-'));
after(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, content: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

describe('parse prints valid JSON for numbers JSON cannot hold', () => {
  it('NaN, Infinity and 1e400 are strings, each with a warning naming the field', async () => {
    const run = await runCli(['parse', '--format', 'xlam2-qwen'], '[{"name":"a","arguments":{"x":NaN,"y":[1e400,-Infinity]}}]');
    assert.equal(run.code, 0);
    assert.deepEqual(JSON.parse(run.stdout), { calls: [{ name: 'a', arguments: { x: 'NaN', y: ['Infinity', '-Infinity'] } }], content: '', shape: 'array' });
    assert.equal(
      run.stderr,
      [
        '<stdin>: warning: calls[0].arguments.x is NaN, which JSON cannot hold: printed as the string "NaN"',
        '<stdin>: warning: calls[0].arguments.y[0] is 1e400, which JSON cannot hold: printed as the string "Infinity"',
        '<stdin>: warning: calls[0].arguments.y[1] is -Infinity, which JSON cannot hold: printed as the string "-Infinity"',
        '',
      ].join('\n'),
    );
  });
});

describe('render warns when the file is not what lint accepts, or not what the prompt can carry', () => {
  it('fields of the wrong type: exit 0 (the prompt has them as written), one located warning each', async () => {
    const tools = file('shape.tools.json', '[{"name": "f", "description": 5, "parameters": "x"},\n {"name": "g", "description": "d", "parameters": {"type": "object", "properties": []}}]');
    const run = await runCli(['render', '--format', 'xlam2-qwen', '--tools', tools, '--query', 'hi']);
    assert.equal(run.code, 0);
    const lines = run.stderr.trim().split('\n');
    assert.deepEqual(lines.map((l) => l.slice(tools.length)), [
      ':1:31: warning: tool 0: "description" must be a string, not the number 5 (lint reports this as an error; the prompt has it as written)',
      ':1:48: warning: tool 0: "parameters" must be an object (a JSON Schema, or an xlam-60k parameter map), not a string (lint reports this as an error; the prompt has it as written)',
      ':2:83: warning: tool 1: "parameters.properties" must be an object, not an array (lint reports this as an error; the prompt has it as written)',
    ]);
  });

  it('bytes that are not UTF-8 and lone surrogate escapes are located warnings', async () => {
    const tools = file('enc.tools.json', Buffer.concat([Buffer.from('[{"name": "f", "description": "a \\ud800 b '), Buffer.from([0xff, 0xfe]), Buffer.from('"}]')]));
    const run = await runCli(['render', '--format', 'xlam2-qwen', '--tools', tools, '--query', 'hi']);
    assert.equal(run.code, 0);
    assert.match(run.stderr, new RegExp(`enc\\.tools\\.json:1:43: warning: U\\+FFFD replacement character \\(2 in the file\\): the file is not valid UTF-8`));
    assert.match(run.stderr, /enc\.tools\.json:1:34: warning: "\\ud800" is a lone surrogate: UTF-8 cannot encode it/);
    // fc v1 dumps with ensure_ascii: the escape itself reaches the prompt, so no surrogate warning.
    const ascii = await runCli(['render', '--format', 'fc-v1', '--tools', tools, '--query', 'hi']);
    assert.doesNotMatch(ascii.stderr, /lone surrogate/);
  });

  it('a role that is not a string says what it is', async () => {
    const tools = file('ok.tools.json', '[{"name": "f", "description": "d", "parameters": {}}]');
    const messages = file('m.json', '[{"role": 5, "content": "x"}, {"content": "y"}]');
    const run = await runCli(['render', '--format', 'xlam2-qwen', '--tools', tools, '--messages', messages]);
    assert.equal(run.code, 1);
    assert.equal(run.stderr, `${messages}:1:11: message 0 has role the number 5; expected one of system, user, assistant, tool, ipython\n`);
    assert.equal(leaks(run), undefined);
    const missing = await runCli(['render', '--format', 'xlam2-qwen', '--tools', tools, '--messages', file('m2.json', '[{"content": "y"}]')]);
    assert.match(missing.stderr, /m2\.json:1:2: message 0 has no "role"; expected one of/);
  });
});
