import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createReadStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { main } from '../../../src/cli/main';
import { TestResults } from '../../../src/cli/testResults';
import { compactJson } from '../../../src/core/json/pyJsonDumps';
import { junitXml } from '../../../src/core/suite/junit';
import { planCases } from '../../../src/core/suite/plan';
import { resultsJson } from '../../../src/core/suite/resultsJson';
import { runCases } from '../../../src/core/suite/runCases';
import { expectedValue } from '../../../src/core/suite/scoreCase';
import { summarize } from '../../../src/core/suite/summary';
import { writeBigRecord } from '../../support/bigRecord';
import { ScriptedEngine } from '../../support/scriptedEngine';
import { capture, EXAMPLE, ROOT, suiteFrom } from './support';

const CLI = join(ROOT, 'dist/cli.js');
const TOOLS = join(ROOT, 'examples/travel.tools.json');

describe('xlam-lab test --replay streams: records, summary and reports in flat memory', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'xlam-replay-stream-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('the reports written case by case are byte for byte the ones made from every outcome at once; no temp file stays', async () => {
    const text = readFileSync(EXAMPLE, 'utf8');
    const suites = [suiteFrom(text, EXAMPLE), suiteFrom(text.replace('"name": "travel"', '"name": "travel again"'), join(ROOT, 'examples/again.fctest.json'))];
    let n = 0;
    const engine = new ScriptedEngine({ reply: () => (n++ % 3 === 0 ? 'No tool needed.' : '[{"name": "book_hotel", "arguments": {"city": "Rome", "nights": 2}}]') });
    const plan = planCases(suites, { trials: 2 });
    const { outcomes } = await runCases(engine, plan);
    const files = { junit: join(dir, 'r.xml'), json: join(dir, 'r.json') };
    const results = new TestResults(files);
    const itemOf = new Map(plan.map((p) => [`${p.suite.file}\n${p.item.id}`, p]));
    for (const o of outcomes) {
      const p = itemOf.get(`${o.suiteFile}\n${o.caseId}`);
      assert.ok(p !== undefined);
      results.add(o, p.suite, p.item);
    }
    const summary = results.summary();
    assert.deepEqual(summary, summarize(outcomes));
    assert.ok(summary.passedCases > 0 && summary.failedCases > 0, 'both kinds of case');
    results.writeReports(summary);
    const expected = (file: string, id: string): string => compactJson(expectedValue(suites.find((s) => s.file === file)!.cases.find((c) => c.id === id)!));
    assert.equal(readFileSync(files.junit, 'utf8'), junitXml(outcomes, new Map(suites.map((s) => [s.file, s.name])), expected));
    assert.equal(readFileSync(files.json, 'utf8'), resultsJson(outcomes, summary));
    assert.deepEqual(readdirSync(dir).sort(), ['r.json', 'r.xml']);

    const none = new TestResults({ junit: join(dir, 'none.xml'), json: join(dir, 'none.json') });
    none.writeReports(none.summary());
    assert.equal(readFileSync(join(dir, 'none.json'), 'utf8'), resultsJson([], summarize([])));
    assert.equal(readFileSync(join(dir, 'none.xml'), 'utf8'), junitXml([], new Map(), () => ''));
  });

  it("a case's trials must come in a row: one coming back after another case is an error at FILE:LINE, and no report is left half written", async () => {
    const small = writeBigRecord(dir, { cases: 3, trials: 2 }, TOOLS);
    const lines = readFileSync(small.record, 'utf8').trimEnd().split('\n');
    const shuffled = join(dir, 'shuffled.jsonl');
    writeFileSync(shuffled, `${[lines[0], lines[1], lines[3], lines[2], ...lines.slice(4)].join('\n')}\n`);
    const io = capture();
    assert.equal(await main(['test', '--replay', shuffled, '--json', join(dir, 'half.json')], io), 2);
    assert.match(io.err, /shuffled\.jsonl:4:1: a trial of case "c0" .* comes after other cases/);
    assert.ok(!readdirSync(dir).some((f) => f.startsWith('half.json')), 'neither the report nor its temp files');
  });

  it('replays 50,000 trials with --json and --junit in a 32 MB heap (holding them took 690 MB of RSS before) and counts them right', async () => {
    const big = writeBigRecord(dir, { cases: 1000, trials: 50 }, TOOLS);
    const e = big.expected;
    const [json, junit] = [join(dir, 'big.json'), join(dir, 'big.xml')];
    const run = spawnSync(process.execPath, ['--max-old-space-size=32', CLI, 'test', '--replay', big.record, '--json', json, '--junit', junit], { encoding: 'utf8' });
    assert.equal(run.status, 1, `exit 1 (cases failed), not a crash:\n${run.stderr.slice(-2000)}`);
    const row = (category: string, [correct, total]: [number, number]): RegExp => new RegExp(`^${category}\\s+${correct}\\s+${total}\\s+${((correct / total) * 100).toFixed(1)}%$`, 'm');
    assert.match(run.stdout, row('hotel', e.hotel));
    assert.match(run.stdout, row('irrelevance', e.irrelevance));
    assert.match(run.stdout, row('overall', [e.hotel[0] + e.irrelevance[0], e.trialsTotal]));
    assert.match(run.stdout, new RegExp(`\\(${e.toolNames[0]} right of ${e.toolNames[1]} called, ${e.toolNames[2]} expected\\)`));
    assert.match(run.stdout, new RegExp(`cases: ${e.passedCases} passed, ${e.cases - e.passedCases} failed of ${e.cases} \\(a case passes when all 50 trials pass\\); ${e.engineErrors} engine errors`));
    assert.match(run.stdout, new RegExp(`tokens: ${e.promptTokens} prompt \\(0 reused from the previous case\\), ${e.completionTokens} generated`));
    assert.ok(e.passedCases > 0 && e.engineErrors > 0);

    const xml = readFileSync(junit, 'utf8');
    assert.match(xml, new RegExp(`<testsuites name="xlam-lab test" tests="${e.cases}" failures="${e.cases - e.passedCases}"`));
    assert.equal(xml.split('<testcase ').length - 1, e.cases);
    let summaryText = '';
    let caseCount = 0;
    let trialCount = 0;
    let inSummary = true;
    for await (const line of createInterface({ input: createReadStream(json, 'utf8') })) {
      if (line === '  "cases": [') inSummary = false;
      else if (inSummary) summaryText += line;
      if (line === '    {') caseCount++;
      if (line === '          "type": "trial",') trialCount++;
    }
    const summary = JSON.parse(`${summaryText.replace(/,$/, '')}}`) as { summary: { cases: number; passed: number; engineErrors: number; promptTokens: number } };
    assert.deepEqual(summary.summary.cases, e.cases);
    assert.deepEqual([summary.summary.passed, summary.summary.engineErrors, summary.summary.promptTokens], [e.passedCases, e.engineErrors, e.promptTokens]);
    assert.equal(caseCount, e.cases);
    assert.equal(trialCount, e.trialsTotal);
  });

  it('reads the suite case by case too: 20,000 cases replay in a 32 MB heap (the suite read whole needed 64–96 MB) and count right', () => {
    const big = writeBigRecord(dir, { cases: 20_000, trials: 1 }, TOOLS);
    const e = big.expected;
    const run = spawnSync(process.execPath, ['--max-old-space-size=32', CLI, 'test', '--replay', big.record], { encoding: 'utf8' });
    assert.equal(run.status, 1, `exit 1 (cases failed), not a crash:\n${run.stderr.slice(-2000)}`);
    assert.match(run.stdout, new RegExp(`cases: ${e.passedCases} passed, ${e.cases - e.passedCases} failed of ${e.cases}; ${e.engineErrors} engine errors`));
    assert.match(run.stdout, new RegExp(`\\(${e.toolNames[0]} right of ${e.toolNames[1]} called, ${e.toolNames[2]} expected\\)`));
    assert.match(run.stdout, new RegExp(`tokens: ${e.promptTokens} prompt`));
  });

  it('a record of some cases, --filter, and trials of cases the suite lacks: the same summary and reports as from the suite read whole', async () => {
    const small = writeBigRecord(dir, { cases: 40, trials: 2 }, TOOLS);
    const [header, ...trials] = readFileSync(small.record, 'utf8').trimEnd().split('\n');
    const some = trials.filter((line) => /"case":"c(1\d|2\d)"/.test(line));
    const gone = some.slice(0, 2).map((line) => line.replace(/"case":"c\d+"/, '"case":"gone"'));
    const record = join(dir, 'some.jsonl');
    writeFileSync(record, `${[header, ...gone, ...some].join('\n')}\n`);
    // A second "cases" list (JSON keeps the last) is JSON the scan leaves to readSuite: the suite read whole.
    const whole = join(dir, 'whole', 'big-40.fctest.json');
    mkdirSync(join(dir, 'whole'));
    writeFileSync(join(dir, 'whole', 'travel.tools.json'), readFileSync(TOOLS));
    writeFileSync(whole, readFileSync(small.suite, 'utf8').replace('{"name":"big"', '{"cases":[],"name":"big"'));
    const replay = async (suite: string, tag: string): Promise<{ out: string; err: string; json: string; junit: string }> => {
      const io = capture();
      const [json, junit] = [join(dir, `${tag}.json`), join(dir, `${tag}.xml`)];
      assert.equal(await main(['test', suite, '--replay', record, '--filter', 'irrelevance', '--json', json, '--junit', junit], io), 1, io.err);
      return { out: io.out, err: io.err, json: readFileSync(json, 'utf8'), junit: readFileSync(junit, 'utf8') };
    };
    const streamed = await replay(small.suite, 'streamed');
    assert.match(streamed.out, /cases: \d+ passed, \d+ failed of 5 \(a case passes when all 2 trials pass\)/, 'c11, c15, c19, c23 and c27');
    assert.match(streamed.err, /warning: 2 recorded trials belong to no case of the suites/);
    const fromWhole = await replay(whole, 'whole');
    assert.equal(streamed.out, fromWhole.out);
    assert.equal(streamed.err, fromWhole.err);
    assert.equal(streamed.json, fromWhole.json.replaceAll(whole, small.suite));
    assert.equal(streamed.junit, fromWhole.junit.replaceAll(whole, small.suite));
  });
});
