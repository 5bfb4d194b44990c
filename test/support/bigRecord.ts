import { closeSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join, resolve } from 'node:path';

/**
 * A large suite and a run record of it, written as plain text (not through our record writer),
 * and the summary figures a replay must report, counted here from the same rule that chose
 * each trial's output: what the replay test and the replay bench check against.
 */
export interface BigRecordSpec {
  cases: number;
  trials: number;
}

export interface BigRecordExpected {
  cases: number;
  passedCases: number;
  trialsTotal: number;
  /** Trial-level accuracy per category: [correct, total]. */
  hotel: [number, number];
  irrelevance: [number, number];
  /** Tool names: right, called, expected. */
  toolNames: [number, number, number];
  promptTokens: number;
  completionTokens: number;
  engineErrors: number;
}

export interface BigRecord {
  suite: string;
  record: string;
  expected: BigRecordExpected;
}

type Output = 'right' | 'wrong-city' | 'none' | 'error';

/** Case i: every fourth asks something no tool answers; the rest book a hotel in Rome for 2 nights. */
const irrelevant = (i: number): boolean => i % 4 === 3;

/** What trial t of case i answered (a fixed spread of right, wrong and failed trials). */
function outputOf(i: number, t: number): Output {
  if (i % 997 === 5 && t === 0) return 'error';
  if (i % 5 === 0) return irrelevant(i) ? 'none' : 'right';
  const v = (i * 31 + t * 7) % 10;
  if (irrelevant(i)) return v < 8 ? 'none' : 'right';
  return v < 7 ? 'right' : v < 9 ? 'wrong-city' : 'none';
}

const CALLS: Record<Output, string> = {
  right: '[{"name":"book_hotel","arguments":{"city":"Rome","nights":2}}]',
  'wrong-city': '[{"name":"book_hotel","arguments":{"city":"Paris","nights":2}}]',
  none: '[]',
  error: '[]',
};

const promptTokens = (i: number): number => 100 + (i % 50);
const completionTokens = (i: number, t: number): number => 10 + ((i + t) % 7);

export function writeBigRecord(dir: string, spec: BigRecordSpec, toolsFile: string): BigRecord {
  const suite = resolve(join(dir, `big-${spec.cases}.fctest.json`));
  const cases: string[] = [];
  for (let i = 0; i < spec.cases; i++) {
    cases.push(irrelevant(i)
      ? `{"id":"c${i}","category":"irrelevance","query":"Tell me a joke ${i}","expect":"no call"}`
      : `{"id":"c${i}","category":"hotel","query":"Book a hotel in Rome for 2 nights (${i})","expect":{"calls":[{"name":"book_hotel","arguments":{"city":"Rome","nights":2}}]}}`);
  }
  writeFileSync(join(dir, 'travel.tools.json'), readFileSync(toolsFile));
  writeFileSync(suite, `{"name":"big","tools":"travel.tools.json","defaults":{"format":"xlam2-qwen","trials":${spec.trials}},"cases":[\n${cases.join(',\n')}\n]}\n`);

  const record = join(dir, `big-${spec.cases}x${spec.trials}.jsonl`);
  const fd = openSync(record, 'w');
  const settings = `{"format":"xlam2-qwen","sampling":{},"grammar":"tools","trials":${spec.trials},"checker":"default"}`;
  let chunk = `{"type":"header","version":1,"suites":[{"file":${JSON.stringify(suite)},"name":"big","sha256":"0","settings":${settings}}],"model":{"ref":"generated"},"engine":{"kind":"remote","model":"generated","backend":"none"},"versions":{},"startedAt":"2026-01-01T00:00:00.000Z"}\n`;
  const e: BigRecordExpected = { cases: spec.cases, passedCases: 0, trialsTotal: 0, hotel: [0, 0], irrelevance: [0, 0], toolNames: [0, 0, 0], promptTokens: 0, completionTokens: 0, engineErrors: 0 };
  for (let i = 0; i < spec.cases; i++) {
    let allPassed = true;
    for (let t = 0; t < spec.trials; t++) {
      const out = outputOf(i, t);
      const passed = irrelevant(i) ? out === 'none' : out === 'right';
      allPassed &&= passed;
      e.trialsTotal++;
      const tally = irrelevant(i) ? e.irrelevance : e.hotel;
      tally[1]++;
      if (passed) tally[0]++;
      const called = out === 'right' || out === 'wrong-city' ? 1 : 0;
      const expected = irrelevant(i) ? 0 : 1;
      e.toolNames[0] += Math.min(called, expected);
      e.toolNames[1] += called;
      e.toolNames[2] += expected;
      const head = `{"type":"trial","suite":${JSON.stringify(suite)},"case":"c${i}","category":"${irrelevant(i) ? 'irrelevance' : 'hotel'}","trial":${t},"promptSha256":"${'ab'.repeat(32)}"`;
      if (out === 'error') {
        e.engineErrors++;
        chunk += `${head},"raw":"","calls":[],"finishReason":"error","verdict":{"valid":false,"errorType":"engine_error:endpoint-failed","message":"HTTP 500"},"wallMs":3}\n`;
      } else {
        const calls = CALLS[out];
        const p = promptTokens(i);
        const c = completionTokens(i, t);
        e.promptTokens += p;
        e.completionTokens += c;
        chunk += `${head},"raw":${JSON.stringify(calls)},"calls":${calls},"finishReason":"stop","verdict":{"valid":true,"errorType":null,"message":""},"timings":{"promptTokens":${p},"cachedPromptTokens":0,"ttftMs":12,"tokensPerSecond":50.0,"completionTokens":${c}},"wallMs":40}\n`;
      }
      if (chunk.length > 1 << 20) {
        writeSync(fd, chunk);
        chunk = '';
      }
    }
    if (allPassed) e.passedCases++;
  }
  writeSync(fd, chunk);
  closeSync(fd);
  return { suite, record, expected: e };
}
