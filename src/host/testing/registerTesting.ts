import * as vscode from 'vscode';
import type { CommandContext } from '../commands';
import { STRINGS } from '../strings';
import { runSuiteTests } from './runSuiteTests';
import { SuiteTree } from './suiteTree';

/** The Test Explorer for `*.fctest.json` suites, with a run profile per engine kind. */
export function registerTesting(ctx: CommandContext): vscode.Disposable[] {
  const controller = vscode.tests.createTestController('xlamSuites', STRINGS.testing.controller);
  const tree = new SuiteTree(controller, ctx.log);
  const local = controller.createRunProfile(STRINGS.testing.runLocal, vscode.TestRunProfileKind.Run, (request, token) => runSuiteTests(ctx, tree, 'local', request, token), true);
  const remote = controller.createRunProfile(STRINGS.testing.runEndpoint, vscode.TestRunProfileKind.Run, (request, token) => runSuiteTests(ctx, tree, 'remote', request, token), false);
  return [controller, tree, local, remote];
}
