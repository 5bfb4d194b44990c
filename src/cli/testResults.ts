import { compactJson } from '../core/json/pyJsonDumps';
import { JUNIT_SUITE_CLOSE, JUNIT_TAIL, junitHead, junitSuiteOpen, junitTestcase } from '../core/suite/junit';
import { RESULTS_FIRST_CASE, RESULTS_NEXT_CASE, RESULTS_NO_CASES, RESULTS_TAIL, RESULTS_TAIL_AFTER_CASES, resultsCase, resultsHead } from '../core/suite/resultsJson';
import type { TrialOutcome } from '../core/suite/runCases';
import { expectedValue } from '../core/suite/scoreCase';
import { casePassed, SummaryTally, type SuiteSummary } from '../core/suite/summary';
import type { SuiteCase, SuiteInfo } from '../core/suite/types';
import { SpoolFile } from './spoolFile';

interface JunitSuite {
  name: string;
  file: string;
  tests: number;
  failures: number;
  ms: number;
  body: SpoolFile;
}

/**
 * What `xlam-lab test` keeps of a run or a replay, trial by trial: the summary's counts, and the
 * --junit / --json reports written case by case to temp files beside the targets, put together
 * (their totals come first) and moved into place at the end. Only the current case's trials
 * are held, so a 100,000-case replay runs in flat memory.
 */
export class TestResults {
  private readonly tally: SummaryTally;
  private group: TrialOutcome[] = [];
  private groupSuite: SuiteInfo | undefined;
  private groupItem: SuiteCase | undefined;
  private readonly spools: SpoolFile[] = [];
  private readonly junitSuites = new Map<string, JunitSuite>();
  private junitTotals = { tests: 0, failures: 0, ms: 0 };
  private jsonCases: SpoolFile | undefined;
  private jsonCount = 0;

  /** `minConfidence`: flag passing cases whose lowest call confidence is under it (the summary and --json). */
  constructor(private readonly files: { junit: string | undefined; json: string | undefined; minConfidence?: number }) {
    this.tally = new SummaryTally(files.minConfidence);
    if (files.json !== undefined) this.jsonCases = this.spool(files.json, 'cases');
  }

  /** Trials counted so far. */
  get trials(): number {
    return this.tally.trialCount;
  }

  add(outcome: TrialOutcome, suite: SuiteInfo, item: SuiteCase): void {
    if (this.tally.add(outcome)) this.endCase();
    this.group.push(outcome);
    this.groupSuite = suite;
    this.groupItem = item;
  }

  /** The summary, once every trial is in. */
  summary(): SuiteSummary {
    this.endCase();
    return this.tally.result();
  }

  /** Puts the reports together and moves them into place (after summary()). */
  writeReports(summary: SuiteSummary): void {
    if (this.files.junit !== undefined) this.writeJunit(this.files.junit);
    if (this.files.json !== undefined && this.jsonCases !== undefined) this.writeJson(this.files.json, this.jsonCases, summary);
    this.discard();
  }

  /** Deletes the temp files (after the reports, or when the run failed). */
  discard(): void {
    for (const spool of this.spools) spool.remove();
  }

  private endCase(): void {
    const [group, suite, item] = [this.group, this.groupSuite, this.groupItem];
    if (group.length === 0 || suite === undefined || item === undefined) return;
    this.group = [];
    if (this.files.junit !== undefined) this.junitCase(this.files.junit, group, suite, item);
    if (this.jsonCases !== undefined) {
      this.jsonCases.write(`${this.jsonCount === 0 ? '' : RESULTS_NEXT_CASE}${resultsCase(group, this.files.minConfidence)}`);
      this.jsonCount++;
    }
  }

  private junitCase(target: string, group: TrialOutcome[], suite: SuiteInfo, item: SuiteCase): void {
    let mine = this.junitSuites.get(suite.file);
    if (mine === undefined) {
      mine = { name: suite.name, file: suite.file, tests: 0, failures: 0, ms: 0, body: this.spool(target, String(this.junitSuites.size)) };
      this.junitSuites.set(suite.file, mine);
    }
    const ms = group.reduce((t, o) => t + o.wallMs, 0);
    const failed = casePassed(group) ? 0 : 1;
    mine.tests++;
    mine.failures += failed;
    mine.ms += ms;
    this.junitTotals = { tests: this.junitTotals.tests + 1, failures: this.junitTotals.failures + failed, ms: this.junitTotals.ms + ms };
    mine.body.write(junitTestcase(suite.name, group, () => compactJson(expectedValue(item))));
  }

  private writeJunit(target: string): void {
    const out = this.spool(target, 'whole');
    const { tests, failures, ms } = this.junitTotals;
    out.write(junitHead(tests, failures, ms));
    for (const suite of this.junitSuites.values()) {
      suite.body.close();
      out.write(junitSuiteOpen(suite.name, suite.file, suite.tests, suite.failures, suite.ms));
      out.append(suite.body);
      out.write(JUNIT_SUITE_CLOSE);
    }
    out.write(JUNIT_TAIL);
    out.moveTo(target);
  }

  private writeJson(target: string, cases: SpoolFile, summary: SuiteSummary): void {
    cases.close();
    const out = this.spool(target, 'whole');
    out.write(resultsHead(summary));
    if (this.jsonCount === 0) out.write(RESULTS_NO_CASES);
    else {
      out.write(RESULTS_FIRST_CASE);
      out.append(cases);
      out.write(RESULTS_TAIL_AFTER_CASES);
    }
    out.write(RESULTS_TAIL);
    out.moveTo(target);
  }

  private spool(target: string, part: string): SpoolFile {
    const spool = new SpoolFile(`${target}.${process.pid}.${part}.tmp`, target);
    this.spools.push(spool);
    return spool;
  }
}
