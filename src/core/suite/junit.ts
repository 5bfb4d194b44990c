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

/**
 * JUnit XML as CI systems read it (Jenkins, GitLab, GitHub test reporters): one <testsuite> per
 * suite file, one <testcase> per case (classname: the suite's name), a <failure> when a trial
 * failed, with the checker's message, the expected and actual calls and the raw output.
 */
export function junitXml(outcomes: readonly TrialOutcome[], suiteNames: ReadonlyMap<string, string>, expected: (suiteFile: string, caseId: string) => string): string {
  const bySuite = new Map<string, TrialOutcome[][]>();
  for (const group of groupByCase(outcomes)) {
    const file = (group[0] as TrialOutcome).suiteFile;
    bySuite.set(file, [...(bySuite.get(file) ?? []), group]);
  }
  const totalMs = outcomes.reduce((t, o) => t + o.wallMs, 0);
  const failures = groupByCase(outcomes).filter((group) => !casePassed(group)).length;
  const lines = ['<?xml version="1.0" encoding="UTF-8"?>', `<testsuites name="xlam-lab test" tests="${groupByCase(outcomes).length}" failures="${failures}" errors="0" time="${seconds(totalMs)}">`];
  for (const [file, groups] of bySuite) {
    const name = suiteNames.get(file) ?? file;
    const ms = groups.flat().reduce((t, o) => t + o.wallMs, 0);
    const failed = groups.filter((group) => !casePassed(group)).length;
    lines.push(`  <testsuite name="${xmlText(name)}" file="${xmlText(file)}" tests="${groups.length}" failures="${failed}" errors="0" skipped="0" time="${seconds(ms)}">`);
    for (const group of groups) lines.push(...testcase(name, group, expected));
    lines.push('  </testsuite>');
  }
  lines.push('</testsuites>', '');
  return lines.join('\n');
}

function testcase(suiteName: string, group: readonly TrialOutcome[], expected: (suiteFile: string, caseId: string) => string): string[] {
  const first = group[0] as TrialOutcome;
  const ms = group.reduce((t, o) => t + o.wallMs, 0);
  const open = `    <testcase classname="${xmlText(suiteName)}" name="${xmlText(first.caseId)}" time="${seconds(ms)}"`;
  const failed = group.find((o) => !o.verdict.valid);
  if (failed === undefined) return [`${open}/>`];
  const passed = group.filter((o) => o.verdict.valid).length;
  const body = [
    `${failed.verdict.message}`,
    group.length > 1 ? `${passed} of ${group.length} trials passed; trial ${failed.trial} shown` : '',
    `expected: ${expected(first.suiteFile, first.caseId)}`,
    `actual:   ${compactJson(actualValue(failed.calls))}`,
    `raw output:\n${failed.raw}`,
  ].filter((line) => line !== '');
  return [
    `${open}>`,
    `      <failure message="${xmlText(failed.verdict.message)}" type="${xmlText(failed.verdict.errorType ?? 'failure')}">${xmlText(body.join('\n'))}</failure>`,
    '    </testcase>',
  ];
}
