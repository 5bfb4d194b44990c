import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, describe, it } from 'node:test';
import ts from 'typescript';
import { main } from '../../src/cli/main';
import { capture } from '../support/captureCli';

/**
 * The exported TypeScript run for real: transpiled as a user's tsx would, run by node with
 * node-llama-cpp on our random-weight GGUF. A random model follows nothing but the grammar, so
 * output that starts with the only tool's call shows the grammar (and the prompt) reached llama.cpp.
 */
const ROOT = resolve(__dirname, '../../..');
// Inside the worktree, so that `import 'node-llama-cpp'` resolves to our node_modules.
const runDir = join(ROOT, 'out', `export-run-${process.pid}`);
after(() => rmSync(runDir, { recursive: true, force: true }));

describe('ts-node-llama-cpp export on the tiny test model', () => {
  it('runs with the grammar: the output is the start of a call of the one tool', async () => {
    const modelPath = join(mkdtempSync(join(tmpdir(), 'xlam-model-')), 'tiny.gguf');
    assert.equal(await main(['make-test-model', modelPath], capture()), 0);
    const io = capture();
    const code = await main(['export', '--lang', 'ts-node-llama-cpp', '--format', 'xlam2-qwen', '--grammar', '--max-tokens', '16', '--tools', join(ROOT, 'examples/weather.tools.json'), '--query', 'Weather in Paris?'], io);
    assert.equal(code, 0, io.err);
    const js = ts.transpileModule(io.out, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
    mkdirSync(runDir, { recursive: true });
    const file = join(runDir, 'xlam-run.mjs');
    writeFileSync(file, js);
    const { stdout, stderr } = await new Promise<{ stdout: string; stderr: string }>((resolvePromise, reject) => {
      execFile(process.execPath, [file, modelPath], { maxBuffer: 16 * 1024 * 1024 }, (error, out, err) => (error ? reject(new Error(`the export failed: ${error.message}\n${err}`)) : resolvePromise({ stdout: out, stderr: err })));
    });
    // 16 tokens (a few seconds on a loaded CPU): enough to see the grammar's literal, not a whole call.
    const text = stdout.replace(/\n$/, '');
    assert.ok(text.length >= 12 && '[{"name": "get_weather", "arguments": {'.startsWith(text), `output: ${stdout}\nstderr: ${stderr}`);
    assert.ok(readFileSync(file, 'utf8').includes('createGrammar'));
  });
});
