import { compactJson } from '../json/pyJsonDumps';
import type { TrialOutcome } from './runCases';
import { actualValue } from './scoreCase';
import { casePassed, groupByCase } from './summary';

/** Text as XML 1.0 content: escaped, and characters XML cannot hold (model garbage) as U+FFFD. */
export function xmlText(text: string): string {
  return text
    // eslint-disable-next-line no-control-regex -- tab, LF and CR are the control characters XML allows
    .replace(/[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '\uFFFD')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

const seconds = (ms: number): string => (ms / 1000).toFixed(3);

/** The document's first lines up to the open <testsuites>: its counts come first, so a streamed report writes it last. */
export function junitHead(tests: number, failures: number, ms: number): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="xlam-lab test" tests="${tests}" failures="${failures}" errors="0" time="${seconds(ms)}">\n`;
}

export function junitSuiteOpen(name: string, file: string, tests: number, failures: number, ms: number): string {
  return `  <testsuite name="${xmlText(name)}" file="${xmlText(file)}" tests="${tests}" failures="${failures}" errors="0" skipped="0" time="${seconds(ms)}">\n`;
}

export const JUNIT_SUITE_CLOSE = '  </testsuite>\n';
export const JUNIT_TAIL = '</testsuites>\n';

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub test reporters): one <testsuite> per
 * suite file, one <testcase> per case (classname: the suite's name), a <failure> when a trial
 * failed, with the checker's message, the expected and actual calls and the raw output.
 */
export function junitXml(outcomes: readonly TrialOutcome[], suiteNames: ReadonlyMap<string, string>, expected: (suiteFile: string, caseId: string) => string): string {
  const bySuite = new Map<string, TrialOutcome[][]>();
  const groups = groupByCase(outcomes);
  for (const group of groups) {
    const file = (group[0] as TrialOutcome).suiteFile;
    bySuite.set(file, [...(bySuite.get(file) ?? []), group]);
  }
  const totalMs = outcomes.reduce((t, o) => t + o.wallMs, 0);
  const failures = groups.filter((group) => !casePassed(group)).length;
  let out = junitHead(groups.length, failures, totalMs);
  for (const [file, mine] of bySuite) {
    const name = suiteNames.get(file) ?? file;
    const ms = mine.flat().reduce((t, o) => t + o.wallMs, 0);
    out += junitSuiteOpen(name, file, mine.length, mine.filter((group) => !casePassed(group)).length, ms);
    for (const group of mine) out += junitTestcase(name, group, () => expected(file, (group[0] as TrialOutcome).caseId));
    out += JUNIT_SUITE_CLOSE;
  }
  return out + JUNIT_TAIL;
}

/** One case's <testcase> element, its lines each ending in a newline; `expected` is asked only for a failure. */
export function junitTestcase(suiteName: string, group: readonly TrialOutcome[], expected: () => string): string {
  const first = group[0] as TrialOutcome;
  const ms = group.reduce((t, o) => t + o.wallMs, 0);
  const open = `    <testcase classname="${xmlText(suiteName)}" name="${xmlText(first.caseId)}" time="${seconds(ms)}"`;
  const failed = group.find((o) => !o.verdict.valid);
  if (failed === undefined) return `${open}/>\n`;
  const passed = group.filter((o) => o.verdict.valid).length;
  const body = [
    `${failed.verdict.message}`,
    group.length > 1 ? `${passed} of ${group.length} trials passed; trial ${failed.trial} shown` : '',
    `expected: ${expected()}`,
    `actual:   ${compactJson(actualValue(failed.calls))}`,
    `raw output:\n${failed.raw}`,
  ].filter((line) => line !== '');
  return `${open}>\n      <failure message="${xmlText(failed.verdict.message)}" type="${xmlText(failed.verdict.errorType ?? 'failure')}">${xmlText(body.join('\n'))}</failure>\n    </testcase>\n`;
}
