/**
 * bench/confidence: what tool-choice confidence costs a local run. The same grammar runs (two
 * tools, greedy, so both sides write the same tokens) with `confidence` off and on, alternating A/B
 * in one process, on the tiny test model with three vocabularies: the built-in byte-level one (~260
 * tokens), deepseek-coder's (32k, xLAM-1b-fc-r's) and Qwen2's (152k, xLAM-2's), when the shared
 * vocab files are there. Confidence scores the name tokens after the run (nameProbabilities.ts), so
 * decode speed should not move; the cost is the extra wall time per run, printed beside it.
 * Asserts nothing about time.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../src/cli/main';
import type { GenerateRequest } from '../src/core/engine/types';
import { fromPlain } from '../src/core/json/jsonValue';
import { userMessage } from '../src/core/messages';
import { readTools } from '../src/core/tools/tool';
import { createLocalEngine } from '../src/engines/local/localEngine';
import { disposeRuntime } from '../src/engines/local/nodeLlamaCpp';

const DATA = resolve(__dirname, '../../../shared/data');
const VOCABS: { label: string; args: string[] }[] = [
  { label: 'byte-level vocab', args: [] },
  ...[
    ['deepseek-coder vocab (32k)', 'ggml-vocab-deepseek-coder.gguf'],
    ['qwen2 vocab (152k)', 'ggml-vocab-qwen2.gguf'],
  ]
    .filter(([, file]) => existsSync(join(DATA, file as string)))
    .map(([label, file]) => ({ label: label as string, args: ['--vocab', join(DATA, file as string)] })),
];
const ROUNDS = 6;
const quietIo = { stdout: () => undefined, stderr: (t: string) => void process.stderr.write(t), readStdin: () => Promise.resolve('') };
const { tools } = readTools(fromPlain(['get_weather', 'get_forecast'].map((name) => ({ name, description: `${name} of a city`, parameters: { type: 'object', properties: { city: { type: 'string' }, days: { type: 'integer' } }, required: ['city'] } }))));
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? (s[mid] as number) : ((s[mid - 1] as number) + (s[mid] as number)) / 2;
};

async function benchVocab(dir: string, label: string, args: string[]): Promise<void> {
  const modelPath = join(dir, `${label.replace(/\W+/g, '-')}.gguf`);
  if ((await main(['make-test-model', modelPath, ...args], quietIo)) !== 0) throw new Error(`make-test-model failed for ${label}`);
  const engine = await createLocalEngine({ modelPath, gpu: 'cpu', threads: 1 });
  try {
    const request = (confidence: boolean): GenerateRequest => ({
      format: 'xlam2-qwen',
      tools,
      messages: [userMessage('What is the weather in Oslo this week?')],
      grammar: 'tools',
      grammarLimits: { maxStringChars: 16, maxCalls: 3 },
      sampling: { temperature: 0, maxTokens: 512 },
      confidence,
    });
    await engine.generate(request(false)); // warm-up: grammar compiled, prompt prefix cached
    const speed = { off: [] as number[], on: [] as number[] };
    const wall = { off: [] as number[], on: [] as number[] };
    let tokens = 0;
    let calls = 0;
    for (let round = 0; round < ROUNDS; round++) {
      for (const side of round % 2 ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        const started = performance.now();
        const result = await engine.generate(request(side === 'on'));
        wall[side].push(performance.now() - started);
        speed[side].push(result.timings.tokensPerSecond);
        if (side === 'on') {
          tokens = result.timings.completionTokens;
          calls = result.confidence?.calls?.length ?? 0;
        }
      }
    }
    const off = median(speed.off);
    const on = median(speed.on);
    const [wallOff, wallOn] = [median(wall.off), median(wall.on)];
    console.log(`${label}: ${tokens} tokens, ${calls} calls; decode ${off.toFixed(1)} tok/s without, ${on.toFixed(1)} tok/s with confidence (${(on / off).toFixed(3)}×); run ${wallOff.toFixed(0)} ms without, ${wallOn.toFixed(0)} ms with (${(wallOn / wallOff).toFixed(3)}×, +${(wallOn - wallOff).toFixed(0)} ms); medians of ${ROUNDS} each`);
  } finally {
    await engine.dispose();
  }
}

async function run(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xlam-confidence-bench-'));
  console.log(`bench/confidence: tiny model, 1 thread, greedy grammar runs; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')} on ${availableParallelism()} cores`);
  try {
    for (const { label, args } of VOCABS) await benchVocab(dir, label, args);
  } finally {
    await disposeRuntime();
    rmSync(dir, { recursive: true, force: true });
  }
}

void run();
