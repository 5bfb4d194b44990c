import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { EngineError } from '../../../src/core/engine/types';
import { writeGgufToBuffer } from '../../../src/core/gguf/ggufWriter';
import { buildTestModel } from '../../../src/core/gguf/testModel';
import { checkModelFile } from '../../../src/engines/local/ggufFile';
import { leaks, runCli } from '../../support/captureCli';

/*
 * Damaged model files are read by our own reader before node-llama-cpp sees them (issue 15): each
 * kind of damage is one sentence naming the part of the file, the byte offset and what to do.
 * Layout of the test model: 0 magic, 4 version, 8 tensor count, 16 key count, 24 first key's
 * name length, 32 its name ("general.architecture"), 52 its value type, 56 its string length.
 */
const dir = mkdtempSync(join(tmpdir(), 'xlam-gguf-load-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const good = writeGgufToBuffer(buildTestModel().document);

function damaged(name: string, edit: (bytes: Buffer) => Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, edit(Buffer.from(good)));
  return path;
}

async function failure(path: string): Promise<EngineError> {
  try {
    await checkModelFile(path);
  } catch (error) {
    assert.ok(error instanceof EngineError, String(error));
    return error;
  }
  assert.fail(`${path} was accepted`);
}

const CASES: Array<{ name: string; edit: (b: Buffer) => Buffer; message: RegExp }> = [
  { name: 'truncated header', edit: (b) => b.subarray(0, 20), message: /hdr-cut\.gguf is not a usable GGUF: its header \(magic, version and counts\), at byte 16, is cut short .* download the file again \(this copy has 20 bytes\)/ },
  { name: 'truncated metadata', edit: (b) => b.subarray(0, 1000), message: /the (name|value) of metadata key \d+ \(keys 0–\d+\).*, at byte \d+, is cut short/ },
  {
    name: 'impossible length',
    edit: (b) => {
      b.writeBigUInt64LE(0x7fffffffffffn, 24);
      return b;
    },
    message: /the name of metadata key 0 \(keys 0–\d+\), at byte 24, holds an impossible value .*download it again/,
  },
  {
    name: 'unknown value type',
    edit: (b) => {
      b.writeUInt32LE(99, 52);
      return b;
    },
    message: /the value of metadata key 0 .*"general\.architecture", at byte 52, holds an impossible value \("general\.architecture" has unknown value type 99\)/,
  },
  { name: 'truncated tensor data', edit: (b) => b.subarray(0, b.length - 100), message: new RegExp(`the data of tensor "[^"]+", at byte ${good.length - 100}, is cut short.*this copy has [\\d,]+ bytes; a complete one has ${good.length.toLocaleString('en-US')}`) },
  {
    name: 'huge tensor count',
    edit: (b) => {
      b.writeBigUInt64LE(0x7fffffffffffffffn, 8);
      return b;
    },
    message: /its header .*, at byte 8, holds an impossible value \(tensor count 9223372036854775807 is absurd\)/,
  },
  {
    name: 'tensor count past the file',
    edit: (b) => {
      b.writeBigUInt64LE(1n << 20n, 8);
      return b;
    },
    message: /its header .*, at byte 8, is cut short \(tensor count 1048576 cannot fit/,
  },
];

describe('damaged GGUF files are one located sentence (our reader, before node-llama-cpp)', () => {
  for (const [i, c] of CASES.entries()) {
    it(c.name, async () => {
      const path = damaged(i === 0 ? 'hdr-cut.gguf' : `case-${i}.gguf`, c.edit);
      const started = performance.now();
      const error = await failure(path);
      assert.equal(error.code, 'model-corrupt');
      assert.match(error.message, c.message);
      assert.doesNotMatch(error.message, /undefined|out of range|Cannot read/);
      assert.ok(performance.now() - started < 1000, 'a damaged file fails at once');
    });
  }

  it('the GGUF of a good model is accepted', async () => {
    const path = join(dir, 'good.gguf');
    writeFileSync(path, good);
    assert.ok((await checkModelFile(path)).tensors.length > 0);
  });

  it('`run` on a damaged file: exit 1, the sentence, no stack, in well under a second (huge tensor count used to hang)', async () => {
    const tools = join(dir, 't.tools.json');
    writeFileSync(tools, '[{"name": "f", "description": "d", "parameters": {}}]');
    for (const [i, c] of CASES.entries()) {
      const path = damaged(`run-${i}.gguf`, c.edit);
      const started = performance.now();
      const run = await runCli(['run', '--model', path, '--format', 'xlam2-qwen', '--tools', tools, '--query', 'hi']);
      assert.equal(run.code, 1, run.stderr);
      assert.equal(leaks(run), undefined, run.stderr);
      assert.match(run.stderr, /^xlam-lab run: model-corrupt: .*run-\d\.gguf is not a usable GGUF: .* at byte \d+/);
      assert.ok(performance.now() - started < 2000, `${c.name}: ${performance.now() - started} ms`);
    }
  });
});
