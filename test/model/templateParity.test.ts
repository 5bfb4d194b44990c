import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { main } from '../../src/cli/main';
import { renderQuery } from '../../src/core/formats/render';
import { X2_FORMAT, X2_SYSTEM_VLLM } from '../../src/core/formats/xlam2';
import { parseToolsText } from '../../src/core/loadInputs';
import { userMessage } from '../../src/core/messages';
import { createLocalEngine } from '../../src/engines/local/localEngine';
import { disposeRuntime } from '../../src/engines/local/nodeLlamaCpp';
import { checkTemplateParity, readTemplateSource, templateSourceOfModel, type ParityResult } from '../../src/engines/local/templateParity';

/**
 * The template parity check on real GGUF files made at test time, each carrying a chat template
 * of our own: one that reproduces our xlam2-qwen `vllm` rendering for simple conversations (system
 * turn, tools with `tojson(indent=4)`, plain turns), and variants that differ on purpose.
 */
const ROOT = resolve(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'xlam-parity-'));
const weatherPath = join(ROOT, 'examples/weather.tools.json');
const weather = parseToolsText(readFileSync(weatherPath, 'utf8'));
const QUERY = "What's the weather like in London?";

/** A Jinja string literal (JSON's escapes are a subset of Jinja's). */
const lit = (text: string): string => JSON.stringify(text);

/** Our own small template; `imEndAfterSystem` lets a test change one byte of it. */
function qwenLikeTemplate(imEndAfterSystem = '<|im_end|>\n'): string {
  return [
    `{{- '<|im_start|>system\\n' + ${lit(X2_SYSTEM_VLLM)} + '\\n' }}`,
    '{%- if tools is not none %}',
    `{{- ${lit(X2_FORMAT)} + '\\n\\n' }}`,
    "{%- for tool in tools %}{{- tool | tojson(indent=4) + '\\n\\n' }}{%- endfor %}",
    '{%- endif %}',
    `{{- ${lit(imEndAfterSystem)} }}`,
    "{%- for message in messages %}{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] | trim + '<|im_end|>\\n' }}{%- endfor %}",
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}",
  ].join('\n');
}

const quiet = () => {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { stdout: (t: string) => void out.push(t), stderr: (t: string) => void err.push(t), readStdin: () => Promise.resolve('') } };
};

async function makeModel(name: string, template: string | undefined): Promise<string> {
  const file = join(dir, name);
  const options: string[] = [];
  if (template !== undefined) {
    writeFileSync(`${file}.jinja`, template);
    options.push('--chat-template', `${file}.jinja`);
  }
  const { io, err } = quiet();
  assert.equal(await main(['make-test-model', file, ...options], io), 0, err.join(''));
  return file;
}

async function parity(model: string, ...extra: string[]): Promise<{ code: number; result: ParityResult | undefined; stderr: string }> {
  const { io, out, err } = quiet();
  const code = await main(['parity', '--model', model, '--format', 'xlam2-qwen', '--json', ...extra], io);
  const text = out.join('');
  return { code, result: text === '' ? undefined : (JSON.parse(text) as ParityResult), stderr: err.join('') };
}

describe('template parity check', () => {
  let same: string;
  before(async () => {
    same = await makeModel('same.gguf', qwenLikeTemplate());
  });
  after(async () => {
    await disposeRuntime();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a template that renders what our renderer writes is equal (exit 0)', async () => {
    const { code, result, stderr } = await parity(same, '--tools', weatherPath, '--query', QUERY);
    assert.equal(code, 0, stderr);
    assert.ok(result);
    assert.equal(result.equal, true);
    assert.equal(result.template, renderQuery('xlam2-qwen', weather, QUERY).prompt);
    assert.deepEqual(result.knownCauses, []);
  });

  it('no tools: tools=none (as HF passes) is equal; undefined (as node-llama-cpp passes) is not', async () => {
    const empty = join(dir, 'empty.tools.json');
    writeFileSync(empty, '[]');
    const none = await parity(same, '--tools', empty, '--query', 'Hi');
    assert.equal(none.code, 0, none.stderr);
    const undef = await parity(same, '--tools', empty, '--query', 'Hi', '--no-tools-as', 'undefined');
    assert.ok(undef.result);
    assert.equal(undef.result.equal, false);
    // Python's Jinja would write the format instruction and loop over nothing; @huggingface/jinja throws.
    assert.equal(undef.code, 1);
    assert.match(undef.result.templateError ?? '', /UndefinedValue/);
    assert.match(undef.result.knownCauses.join('\n'), /cannot loop over an undefined variable/);
  });

  it('a template that differs by one byte reports the first differing offset with context (exit 3)', async () => {
    const model = await makeModel('differs.gguf', qwenLikeTemplate('<|im_end|>'));
    const { code, result } = await parity(model, '--tools', weatherPath, '--query', QUERY);
    assert.equal(code, 3);
    assert.ok(result?.firstDifference);
    const ours = renderQuery('xlam2-qwen', weather, QUERY).prompt;
    const expected = ours.indexOf('<|im_end|>') + '<|im_end|>'.length;
    assert.equal(result.firstDifference.offset, expected);
    assert.equal(result.firstDifference.block, 'roleMarker');
    assert.equal(result.firstDifference.ours, ours.slice(expected - 40, expected + 40));
    assert.ok(result.firstDifference.template.startsWith(ours.slice(expected - 40, expected)));
    assert.ok(result.firstDifference.template.slice(40).startsWith('<|im_start|>user'));
    assert.deepEqual(result.knownCauses, [], 'a difference outside JSON has no tojson causes');
    const { io, out } = quiet();
    assert.equal(await main(['parity', '--model', model, '--format', 'xlam2-qwen', '--tools', weatherPath, '--query', QUERY], io), 3);
    assert.match(out.join(''), new RegExp(`first difference at offset ${expected} \\(line \\d+, column \\d+\\), in our "roleMarker" block`));
  });

  it("a difference inside tools JSON names @huggingface/jinja's tojson causes", async () => {
    const tools = join(dir, 'floats.tools.json');
    const tool = JSON.parse(readFileSync(weatherPath, 'utf8')) as Array<{ parameters: { properties: Record<string, unknown> } }>;
    writeFileSync(tools, JSON.stringify(tool).replace('"type":"object"', '"type":"object","x-weight":1.0,"x-eps":1e-05'));
    const { code, result } = await parity(same, '--tools', tools, '--query', QUERY);
    assert.equal(code, 3);
    assert.ok(result?.firstDifference);
    assert.equal(result.firstDifference.block, 'tools');
    assert.match(result.firstDifference.ours, /"x-weight": 1\.0/);
    assert.match(result.firstDifference.template, /"x-weight": 1,/);
    const causes = result.knownCauses.join('\n');
    console.log(`# known causes: ${causes}`);
    assert.match(causes, /tool "get_weather".*float 1\.0 is written as 1 /);
    assert.match(causes, /float 1e-05 is written as 0\.00001 \(Python writes 1e-05\)/);
  });

  it('works from a loaded model too (the host path): same source, same answer', async () => {
    const engine = await createLocalEngine({ modelPath: same, gpu: 'cpu', threads: 1 });
    try {
      const source = templateSourceOfModel(engine.model);
      assert.ok(source);
      assert.deepEqual(source.chatTemplate, (await readTemplateSource(same)).chatTemplate);
      const result = await checkTemplateParity({ source, format: 'xlam2-qwen', tools: weather, messages: [userMessage(QUERY)] });
      assert.equal(result.equal, true);
    } finally {
      await engine.dispose();
    }
  });

  it('a model without a template, or a template that fails, is a clear error (exit 1)', async () => {
    const bare = await makeModel('bare.gguf', undefined);
    const missing = await parity(bare, '--tools', weatherPath, '--query', QUERY);
    assert.equal(missing.code, 1);
    assert.match(missing.stderr, /carries no chat template/);
    const failing = await makeModel('fails.gguf', "{{ raise_exception('no tools for you') }}");
    const failed = await parity(failing, '--tools', weatherPath, '--query', QUERY);
    assert.equal(failed.code, 1);
    assert.match(failed.result?.templateError ?? '', /no tools for you/);
  });
});
