import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { FORMAT_IDS, outputFamily } from '../../../src/core/formats/types';
import { buildToolsGrammar } from '../../../src/core/grammar/toolsGrammar';
import { findTooDeep, MAX_JSON_DEPTH } from '../../../src/core/json/jsonDepth';
import { parseMessagesText, parseToolsText } from '../../../src/core/loadInputs';
import { InputError } from '../../../src/core/errors';
import { leaks, runCli } from '../../support/captureCli';

/*
 * Issue 15: one depth limit for every reader of user JSON. At MAX_JSON_DEPTH every command works
 * (no recursive walk overflows); one level more is the located json-too-deep error, exit 1, at the
 * same line:col lint reports.
 */
const dir = mkdtempSync(join(tmpdir(), 'xlam-depth-'));
after(() => rmSync(dir, { recursive: true, force: true }));

/** A tools file nesting exactly `depth` levels: array(1) tool(2) parameters(3) properties(4), then `shape`. */
function toolsText(depth: number, shape: 'object' | 'array' | 'schema'): string {
  let inner: string;
  if (shape === 'schema') {
    // Every level a real schema the grammar, lint and conversion walk: items of items of … a string.
    inner = '{"type": "string"}';
    for (let level = 6; level <= depth; level++) inner = `{"type": "array", "items": ${inner}}`;
  } else {
    inner = shape === 'object' ? '{}' : '[]';
    for (let level = 6; level <= depth; level++) inner = shape === 'object' ? `{"a": ${inner}}` : `[${inner}]`;
  }
  return `[{"name": "f", "description": "d", "parameters": {"type": "object", "properties": {"x": ${inner}}}}]`;
}

function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const located = (text: string): string => {
  const offset = findTooDeep(text);
  assert.ok(offset !== undefined);
  const before = text.slice(0, offset);
  return `${before.split('\n').length}:${offset - before.lastIndexOf('\n')}`;
};

describe(`the shared depth limit (${MAX_JSON_DEPTH} levels), per command`, () => {
  for (const shape of ['object', 'array', 'schema'] as const) {
    const atLimit = file(`limit-${shape}.tools.json`, toolsText(MAX_JSON_DEPTH, shape));
    const overText = toolsText(MAX_JSON_DEPTH + 1, shape);
    const over = file(`over-${shape}.tools.json`, overText);

    it(`render (${shape}s): every format at the limit, json-too-deep one past it`, async () => {
      assert.equal(findTooDeep(toolsText(MAX_JSON_DEPTH, shape)), undefined);
      for (const format of FORMAT_IDS) {
        const ok = await runCli(['render', '--format', format, '--tools', atLimit, '--query', 'hi']);
        assert.equal(ok.code, 0, `${format}: ${ok.stderr}`);
        const bad = await runCli(['render', '--format', format, '--tools', over, '--query', 'hi']);
        assert.equal(bad.code, 1);
        assert.equal(bad.stderr, `${over}:${located(overText)}: json-too-deep: JSON nested deeper than ${MAX_JSON_DEPTH} levels: Python's json.loads raises RecursionError here\n`);
        assert.equal(leaks(bad), undefined);
      }
    });

    it(`lint (${shape}s): no json-too-deep at the limit; one past it, at the position render names`, async () => {
      const ok = await runCli(['lint', atLimit]);
      assert.doesNotMatch(ok.stdout, /json-too-deep|internal-error/);
      const bad = await runCli(['lint', over]);
      assert.equal(bad.code, 1);
      assert.match(bad.stdout, new RegExp(`^${over.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${located(overText)} error json-too-deep `));
    });

    it(`run --grammar's grammar compile (${shape}s): compiles at the limit; the tools file is refused one past it`, async () => {
      const tools = parseToolsText(toolsText(MAX_JSON_DEPTH, shape));
      for (const format of FORMAT_IDS) assert.ok(buildToolsGrammar(tools, outputFamily(format), { budgetChars: 4096 }).gbnf.length > 0);
      const bad = await runCli(['run', '--model', join(dir, 'absent.gguf'), '--format', 'xlam2-qwen', '--tools', over, '--query', 'hi', '--grammar']);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /: json-too-deep: /);
    });
  }

  it('messages files: at the limit rendered, one past it json-too-deep', async () => {
    const messages = (depth: number): string => {
      // array(1) message(2), then the content's lists.
      let inner = '"x"';
      for (let level = 3; level <= depth; level++) inner = `[${inner}]`;
      return `[{"role": "user", "content": ${inner}}]`;
    };
    assert.equal(parseMessagesText(messages(MAX_JSON_DEPTH)).length, 1);
    const tools = file('plain.tools.json', toolsText(8, 'object'));
    const ok = await runCli(['render', '--format', 'xlam2-llama', '--tools', tools, '--messages', file('limit.messages.json', messages(MAX_JSON_DEPTH))]);
    assert.equal(leaks(ok), undefined, ok.stderr);
    assert.throws(() => parseMessagesText(messages(MAX_JSON_DEPTH + 1), 'm.json'), (e: unknown) => e instanceof InputError && /^m\.json:1:\d+: json-too-deep: /.test(e.describe()));
  });

  it('parse: calls nesting to the limit are read; one past it is json-too-deep, located, exit 1', async () => {
    const output = (depth: number): string => {
      let inner = '1';
      for (let level = 4; level <= depth; level++) inner = `[${inner}]`;
      return `[{"name": "f", "arguments": {"x": ${inner}}}]`;
    };
    for (const format of FORMAT_IDS) {
      for (const strict of [[], ['--strict', 'vllm']]) {
        const ok = await runCli(['parse', '--format', format, ...strict], output(MAX_JSON_DEPTH));
        assert.equal(ok.code, 0, `${format} ${strict.join(' ')}: ${ok.stderr}`);
        assert.match(ok.stdout, /^\{"calls":\[\{"name":"f"/);
        const bad = await runCli(['parse', '--format', format, ...strict], output(MAX_JSON_DEPTH + 1));
        assert.equal(bad.code, 1, `${format} ${strict.join(' ')}`);
        assert.match(bad.stderr, new RegExp(`^<stdin>:1:${findTooDeep(output(MAX_JSON_DEPTH + 1))! + 1}: .*json-too-deep: limit ${MAX_JSON_DEPTH} levels`));
        assert.equal(leaks(bad), undefined);
      }
    }
  });
});
