import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import fc from 'fast-check';
import { FORMAT_IDS } from '../../../src/core/formats/types';
import { parseGguf } from '../../../src/core/gguf/ggufReader';
import { writeGgufToBuffer } from '../../../src/core/gguf/ggufWriter';
import { buildTestModel } from '../../../src/core/gguf/testModel';
import { runCli } from '../../support/captureCli';
import { assertCleanRun, deepArb, fuzzParams, messagesTextArb, mutated, NASTY, outputArb, Tally, toolsTextArb } from '../../support/fuzzKit';

/*
 * Every CLI command on random and mutated input, through the in-process main() (issue 15): exit
 * 0/1/2, no internal error, no stack trace, errors that name a place. `FUZZ_RUNS` scales it.
 */
const dir = mkdtempSync(join(tmpdir(), 'xlam-fuzz-cli-'));
const tally = new Tally();
after(() => {
  rmSync(dir, { recursive: true, force: true });
  for (const line of tally.lines()) console.log(line);
});

function write(name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

const formatArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...FORMAT_IDS) }, { weight: 1, arbitrary: fc.constantFrom('fc-v2', '', 'xlam2') });
const variantArb = fc.oneof({ weight: 6, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom('card', 'bfcl', 'vllm', 'client', 'nope', '') });
/** Bytes that are not UTF-8, sometimes: what a file saved in Latin-1 or cut mid-character holds. */
const bytesOf = (text: string, raw: boolean): Uint8Array => (raw ? Buffer.concat([Buffer.from(text.slice(0, text.length >> 1)), Buffer.from([0xff, 0xc3]), Buffer.from(text.slice(text.length >> 1))]) : Buffer.from(text));

async function cli(command: string, argv: string[], stdin?: string, codes?: readonly number[]): Promise<void> {
  const run = await runCli(argv, stdin);
  tally.add(command, `exit ${run.code}`);
  assertCleanRun(run, `${command} ${argv.join(' ')}`, codes);
}

const good = writeGgufToBuffer(buildTestModel().document);
const dataOffset = parseGguf(good).dataOffset;
/**
 * How to damage the tiny model: byte edits in the header, a cut (always: so no file reaches
 * llama.cpp), a count overwritten. A recipe rather than bytes, so a failure prints short.
 */
const damageArb = fc.record({
  pokes: fc.array(fc.tuple(fc.nat({ max: dataOffset - 1 }), fc.nat({ max: 255 })), { maxLength: 6 }),
  cut: fc.nat({ max: good.length - 1 }),
  count: fc.option(fc.tuple(fc.constantFrom(8, 16), fc.bigInt({ min: 0n, max: (1n << 64n) - 1n })), { nil: undefined }),
});

function damaged(recipe: { pokes: Array<[number, number]>; cut: number; count: [number, bigint] | undefined }): Buffer | undefined {
  const bytes = Buffer.from(good.subarray(0, recipe.cut));
  for (const [at, value] of recipe.pokes) if (at < bytes.length) bytes[at] = value;
  if (recipe.count !== undefined && bytes.length >= recipe.count[0] + 8) bytes.writeBigUInt64LE(recipe.count[1], recipe.count[0]);
  try {
    // Edits can make a shorter header that still reads: such a file would go on to llama.cpp.
    parseGguf(bytes);
    return undefined;
  } catch {
    return bytes;
  }
}

describe('fuzz: every CLI command on bad input', () => {
  it('render: random and mutated tools, messages, formats and variants', async () => {
    await fc.assert(
      fc.asyncProperty(toolsTextArb, fc.option(messagesTextArb, { nil: undefined }), formatArb, variantArb, fc.boolean(), fc.oneof({ weight: 5, arbitrary: fc.constant('prompt') }, { weight: 1, arbitrary: fc.constant('content') }), async (tools, messages, format, variant, raw, part) => {
        const argv = ['render', '--format', format, '--tools', write('r.tools.json', bytesOf(tools, raw && tools.length % 3 === 0))];
        if (variant !== undefined) argv.push('--variant', variant);
        if (messages === undefined) argv.push('--query', tools.slice(0, 20));
        else argv.push('--messages', write('r.messages.json', messages));
        if (part === 'content') argv.push('--part', 'content');
        await cli('render', argv);
      }),
      fuzzParams(3),
    );
  });

  it('parse: mutated model output in every wrapper, tolerant and strict', async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof({ weight: 6, arbitrary: outputArb }, { weight: 1, arbitrary: deepArb.map((d) => `[{"name": "f", "arguments": {"x": ${d}}}]`) }, { weight: 1, arbitrary: fc.string() }), formatArb, fc.boolean(), fc.boolean(), async (output, format, strict, asFile) => {
        const argv = ['parse', '--format', format, ...(strict ? ['--strict', 'vllm'] : [])];
        if (asFile) await cli('parse', [...argv, write('out.txt', output)]);
        else await cli('parse', argv, output);
      }),
      fuzzParams(3),
    );
  });

  it('lint: tools files and calls files, as lines and --json', async () => {
    const callsArb = mutated(
      fc
        .array(fc.record({ tools: fc.constantFrom('l.tools.json', 'missing.tools.json', 5), format: formatArb, output: outputArb, calls: fc.jsonValue({ maxDepth: 3 }), expected: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }), { maxLength: 3 })
        .map((entries) => entries.map((e) => JSON.stringify(e)).join('\n')),
    );
    await fc.assert(
      fc.asyncProperty(toolsTextArb, callsArb, fc.boolean(), fc.option(formatArb, { nil: undefined }), async (tools, calls, json, format) => {
        const files = [write('l.tools.json', tools), write('l.calls.jsonl', calls)];
        await cli('lint', ['lint', ...(json ? ['--json'] : []), ...(format !== undefined ? ['--format', format] : []), ...files]);
      }),
      fuzzParams(2),
    );
  });

  it('run / serve / parity: no model file, or a damaged GGUF, with fuzzed tools', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('run', 'serve', 'parity'), fc.option(damageArb, { nil: undefined }), toolsTextArb, formatArb, fc.boolean(), async (command, damage, tools, format, grammar) => {
        const gguf = damage === undefined ? undefined : damaged(damage);
        if (damage !== undefined && gguf === undefined) return;
        const model = gguf === undefined ? join(dir, 'absent.gguf') : write('m.gguf', gguf);
        const toolsPath = write('t.tools.json', tools);
        const argv =
          command === 'serve'
            ? ['serve', '--model', model, '--port', '0', '--format', format]
            : [command, '--model', model, '--format', format, '--tools', toolsPath, '--query', 'hi', ...(grammar && command === 'run' ? ['--grammar'] : [])];
        await cli(command, argv, undefined, command === 'parity' ? [0, 1, 2, 3] : [0, 1, 2]);
      }),
      fuzzParams(2),
    );
  });

  it('argument vectors: options in any order, missing values, unknown flags', async () => {
    const tools = write('a.tools.json', '[{"name": "f", "description": "d", "parameters": {}}]');
    const words = ['render', 'parse', 'lint', 'run', 'parity', 'make-test-model', 'export', '--lang', 'curl', 'python-prompt', '--mode', 'raw', '--grammar', '--format', 'fc-v1', 'xlam2-qwen', '--tools', tools, '--query', 'q', '--messages', '--variant', 'bfcl', '--part', 'content', '--strict', 'vllm', '--json', '--rules', '--', '-x', '--model', '--port', '99999', '--max-tokens', '-1', '--temperature', 'NaN', ...NASTY.slice(0, 6)];
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('render', 'export', 'parse', 'lint', 'run', 'parity', 'serve', 'make-test-model', 'nope'), fc.array(fc.constantFrom(...words), { maxLength: 8 }), async (command, rest) => {
        // make-test-model with a path writes a model: keep its output inside the temp directory.
        const argv = command === 'make-test-model' ? [command, ...rest.filter((w) => w.startsWith('--') && w !== '--vocab'), join(dir, 'made.gguf')] : [command, ...rest];
        if (command === 'serve' && !rest.includes('--model')) await cli('argv', argv);
        else if (command !== 'serve') await cli('argv', argv, '', [0, 1, 2, 3]);
      }),
      fuzzParams(2),
    );
  });
});
