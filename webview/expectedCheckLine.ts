/*
 * The line under a run's calls that says whether they are the expected answer (a playground opened
 * from a suite case): pass or fail, and on a fail the checker's error type and message, as
 * `xlam-lab test` reports them. Used by the Run pane and by each Compare column.
 */
import type { ExpectedCheckPayload } from '../src/shared/playgroundProtocol';
import { h } from './dom';
import { T } from './strings';

export function expectedCheckLine(check: ExpectedCheckPayload | undefined): HTMLElement | null {
  if (check === undefined) return null;
  return h(
    'p',
    { class: `expected-check ${check.pass ? 'pass' : 'fail'}`, title: T.expectedTitle(check.mode), dataset: { pass: String(check.pass), errorType: check.errorType ?? '' } },
    h('vscode-icon', { attrs: { name: check.pass ? 'pass' : 'error' } }),
    h('span', { class: 'verdict' }, check.pass ? T.expectedPass(check.mode) : T.expectedFail(check.mode)),
    check.pass ? null : h('code', { class: 'error-type' }, check.errorType ?? ''),
    check.pass ? null : h('span', { class: 'check-message' }, check.message),
  );
}

