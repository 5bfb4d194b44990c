/**
 * bench:suite: how fast a suite runs at scale, each part measured side by side in one run (see
 * bench/suite/*.ts). Prints every part's lines, then writes all figures to
 * test-results/bench/suite.json. `--only NAME[,NAME]` runs some parts. Asserts nothing about time.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { batchingSection } from './suite/batching';
import { inflight } from './suite/inflight';
import { replaySection } from './suite/replay';
import { reuseSection } from './suite/reuse';
import type { SuiteBenchSection } from './suite/section';

const SECTIONS: SuiteBenchSection[] = [reuseSection, inflight, batchingSection, replaySection];

async function main(): Promise<void> {
  const at = process.argv.indexOf('--only');
  const only = at >= 0 ? (process.argv[at + 1] ?? '').split(',') : undefined;
  const chosen = SECTIONS.filter((section) => only === undefined || only.includes(section.name));
  if (only !== undefined && chosen.length !== only.length) {
    throw new Error(`--only takes part names from: ${SECTIONS.map((s) => s.name).join(', ')}`);
  }
  process.stdout.write(`bench:suite on ${availableParallelism()} cores, load ${loadavg()[0]?.toFixed(2)} (1 min)\n`);
  const figures: Record<string, number> = {};
  for (const section of chosen) {
    process.stdout.write(`\n## ${section.name}\n`);
    Object.assign(figures, await section.run((line) => void process.stdout.write(`${line}\n`)));
  }
  const dir = resolve(__dirname, '../../test-results/bench');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, 'suite.json');
  writeFileSync(file, `${JSON.stringify({ measuredAt: new Date().toISOString(), cores: availableParallelism(), figures }, null, 2)}\n`);
  process.stdout.write(`\n${Object.entries(figures).map(([key, value]) => `${key}: ${value}`).join('\n')}\nwritten: ${file}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench:suite failed: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
