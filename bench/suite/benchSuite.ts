/**
 * What the reuse and batching parts of bench:suite share: the test models (made once per process
 * into a temp dir that goes with it), a suite of cases over one travel tool set, and a suite run
 * with several cases in flight on the one suite runner.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { main } from '../../src/cli/main';
import type { Engine } from '../../src/core/engine/types';
import { planCases, type PlannedCase } from '../../src/core/suite/plan';
import { readSuite } from '../../src/core/suite/readSuite';
import { runCases, type TrialOutcome } from '../../src/core/suite/runCases';

// deepseek-coder's real tokenizer (xLAM-1b-fc-r's) when the shared data is there; else the built-in bytes.
export const VOCAB_FILE = resolve(__dirname, '../../../../shared/data/ggml-vocab-deepseek-coder.gguf');
const VOCAB = existsSync(VOCAB_FILE) ? ['--vocab', VOCAB_FILE] : [];

export interface BenchModel {
  label: string;
  path: string;
  /** CPU threads its engine gets (this machine has 2 cores). */
  threads: number;
}

const MODELS = {
  tiny: { label: 'tiny', args: VOCAB, threads: 1 },
  xlam1b: { label: 'xLAM-1b-shaped Q4_K_M', args: ['--shape', 'xlam-1b', '--type', 'q4_k', ...VOCAB], threads: 2 },
} as const;

let dir: string | undefined;
const made = new Map<keyof typeof MODELS, Promise<BenchModel>>();

/** The test model, generated on first use and deleted when the process exits. */
export function benchModel(kind: keyof typeof MODELS): Promise<BenchModel> {
  let model = made.get(kind);
  if (model === undefined) {
    if (dir === undefined) {
      const created = mkdtempSync(join(tmpdir(), 'xlam-suite-bench-'));
      dir = created;
      process.once('exit', () => rmSync(created, { recursive: true, force: true }));
    }
    const { label, args, threads } = MODELS[kind];
    const path = join(dir, `${kind}.gguf`);
    const quiet = { stdout: () => undefined, stderr: (t: string) => void process.stderr.write(t), readStdin: () => Promise.resolve('') };
    model = main(['make-test-model', path, ...args], quiet).then((code) => {
      if (code !== 0) throw new Error(`make-test-model failed for ${label}`);
      return { label, path, threads };
    });
    made.set(kind, model);
  }
  return model;
}

export const vocabNote = (): string => (VOCAB.length > 0 ? "deepseek-coder's vocabulary" : `built-in byte vocabulary (${VOCAB_FILE} not found)`);

const CITIES = ['Paris', 'Tokyo', 'Lima', 'Oslo', 'Cairo', 'Denver', 'Hanoi', 'Quito', 'Perth', 'Riga'];

/** `count` cases over one set of `toolCount` travel tools (fc v1, greedy, `maxTokens` each). */
export function travelSuite(count: number, toolCount: number, maxTokens: number): PlannedCase[] {
  const tools = Array.from({ length: toolCount }, (_, i) => ({
    name: `travel_tool_${i}`,
    description: `Searches the ${CITIES[i % 10] ?? ''} travel catalogue (section ${i}) and returns matching offers, cheapest first.`,
    parameters: {
      type: 'object',
      properties: {
        origin: { type: 'string', description: 'City or IATA code to start from' },
        destination: { type: 'string', description: 'City or IATA code to go to' },
        date: { type: 'string', description: 'Departure date, YYYY-MM-DD' },
      },
      required: ['origin', 'destination'],
    },
  }));
  const cases = Array.from({ length: count }, (_, i) => ({
    id: `case-${i}`,
    query: `${i % 2 ? 'Hotel' : 'Flight'} from ${CITIES[i % 10] ?? ''} to ${CITIES[(i * 3 + 1) % 10] ?? ''} for ${i + 1} people`,
    expect: { calls: [{ name: `travel_tool_${i % toolCount}`, arguments: { origin: CITIES[i % 10], destination: CITIES[(i * 3 + 1) % 10] } }] },
  }));
  const text = JSON.stringify({ name: 'bench', tools, defaults: { format: 'fc-v1', grammar: false, sampling: { temperature: 0, maxTokens } }, cases });
  return planCases([readSuite(text, 'bench.fctest.json', () => undefined)], {});
}

/**
 * The plan on the suite runner with `width` cases in flight: `width` lanes, each one runCases over
 * every width-th case, all on the same engine.
 */
export async function runInFlight(engine: Pick<Engine, 'generate'>, plan: readonly PlannedCase[], width: number): Promise<TrialOutcome[]> {
  const lanes = Array.from({ length: width }, (_, lane) => plan.filter((_, i) => i % width === lane));
  const results = await Promise.all(lanes.map((lane) => runCases(engine, lane)));
  return results.flatMap((r) => r.outcomes);
}
