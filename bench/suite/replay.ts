/**
 * bench:suite part "replay": `xlam-lab test --replay` of generated records, each in a child
 * process (node dist/cli.js) whose peak RSS it reports itself on exit (process.resourceUsage(),
 * through a --require'd file). Side by side: 10k vs 100k cases, the suite alone (a record with
 * only its header) vs suite plus record, and one 1,000-case suite with 10× more trials, which
 * isolates the record's share: streamed, it should not grow.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeBigRecord, type BigRecord } from '../../test/support/bigRecord';
import type { SuiteBenchSection } from './section';

const ROOT = resolve(__dirname, '../../..');
const CLI = join(ROOT, 'dist/cli.js');
const TOOLS = join(ROOT, 'examples/travel.tools.json');
const GOAL_RSS_MB = 300;

interface Replayed {
  seconds: number;
  rssMb: number;
}

function replay(dir: string, record: string, extra: string[] = []): Replayed {
  const rssFile = join(dir, 'rss.txt');
  const preload = join(dir, 'report-rss.js');
  writeFileSync(preload, `process.on('exit', () => require('node:fs').writeFileSync(${JSON.stringify(rssFile)}, String(process.resourceUsage().maxRSS)));\n`);
  const started = performance.now();
  const run = spawnSync(process.execPath, ['--require', preload, CLI, 'test', '--replay', record, ...extra], { encoding: 'utf8', maxBuffer: 1 << 24 });
  const seconds = (performance.now() - started) / 1000;
  if (run.status !== 0 && run.status !== 1) throw new Error(`replay of ${record} failed (${run.status}): ${run.stderr.slice(-1000)}`);
  return { seconds, rssMb: Math.round(Number(readFileSync(rssFile, 'utf8')) / 1024) };
}

/** The same suite with a record of its header only: what reading the suite alone costs. */
function headerOnly(dir: string, big: BigRecord): string {
  const file = join(dir, 'header-only.jsonl');
  const text = readFileSync(big.record, 'utf8');
  writeFileSync(file, text.slice(0, text.indexOf('\n') + 1));
  return file;
}

const row = (label: string, r: Replayed, units: number, unit: string): string =>
  `${label.padEnd(44)} ${r.rssMb.toString().padStart(5)} MB  ${r.seconds.toFixed(1).padStart(6)} s  ${Math.round(units / r.seconds).toString().padStart(7)} ${unit}/s`;

export const replaySection: SuiteBenchSection = {
  name: 'replay',
  run(log) {
    const dir = mkdtempSync(join(tmpdir(), 'xlam-bench-replay-'));
    try {
      log(`child: node dist/cli.js test --replay FILE; peak RSS from the child's process.resourceUsage().maxRSS (goal < ${GOAL_RSS_MB} MB at 100k cases)`);
      log(`${'run'.padEnd(44)}  peak RSS     wall    throughput`);
      const sizes = [10_000, 100_000];
      const byCases = new Map<number, { full: Replayed; suite: Replayed }>();
      let largest: BigRecord | undefined;
      for (const cases of sizes) {
        const big = writeBigRecord(dir, { cases, trials: 1 }, TOOLS);
        largest = big;
        const suite = replay(dir, headerOnly(dir, big));
        const full = replay(dir, big.record);
        byCases.set(cases, { full, suite });
        log(row(`${cases} cases × 1 trial: suite alone`, suite, cases, 'cases'));
        log(row(`${cases} cases × 1 trial: suite + record`, full, cases, 'cases'));
      }
      const reports = replay(dir, (largest as BigRecord).record, ['--json', join(dir, 'r.json'), '--junit', join(dir, 'r.xml')]);
      log(row('100000 cases, with --json and --junit', reports, 100_000, 'cases'));

      const [few, many] = [10, 100].map((trials) => {
        const rec = writeBigRecord(dir, { cases: 1000, trials }, TOOLS);
        const r = replay(dir, rec.record);
        log(row(`1000 cases × ${trials} trials (${1000 * trials} lines)`, r, 1000 * trials, 'trials'));
        return r;
      }) as [Replayed, Replayed];

      const small = byCases.get(10_000) as { full: Replayed; suite: Replayed };
      const large = byCases.get(100_000) as { full: Replayed; suite: Replayed };
      const recordShare = (x: { full: Replayed; suite: Replayed }): number => x.full.rssMb - x.suite.rssMb;
      log('');
      log(`peak RSS, 10k vs 100k cases: ${small.full.rssMb} MB vs ${large.full.rssMb} MB (×${(large.full.rssMb / small.full.rssMb).toFixed(2)}); the suite alone: ${small.suite.rssMb} vs ${large.suite.rssMb} MB; above the suite: ${recordShare(small)} vs ${recordShare(large)} MB`);
      log(`peak RSS, 10k vs 100k trials of one 1,000-case suite: ${few.rssMb} MB vs ${many.rssMb} MB (×${(many.rssMb / few.rssMb).toFixed(2)})`);
      log(`100k cases: ${large.full.rssMb} MB ${large.full.rssMb < GOAL_RSS_MB ? 'meets' : 'misses'} the ${GOAL_RSS_MB} MB goal; with both reports ${reports.rssMb} MB`);
      return Promise.resolve({
        'replay.casesPerSecond': Math.round(100_000 / large.full.seconds),
        'replay.peakRssMb': large.full.rssMb,
        'replay.peakRssMb10k': small.full.rssMb,
        'replay.suiteOnlyPeakRssMb': large.suite.rssMb,
        'replay.withReportsPeakRssMb': reports.rssMb,
        'replay.trialsPerSecond': Math.round(100_000 / many.seconds),
        'replay.peakRssMb1kx10': few.rssMb,
        'replay.peakRssMb1kx100': many.rssMb,
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  },
};
