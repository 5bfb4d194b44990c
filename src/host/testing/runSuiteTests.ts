import * as vscode from 'vscode';
import { EngineError, type GenerateRequest } from '../../core/engine/types';
import { compactJson, pyJsonDumps } from '../../core/json/pyJsonDumps';
import { planCases, type PlannedCase } from '../../core/suite/plan';
import { runCases, runConcurrency, type TrialOutcome } from '../../core/suite/runCases';
import { actualValue, expectedValue } from '../../core/suite/scoreCase';
import { casePassed, summarize } from '../../core/suite/summary';
import { caseLowestConfidence, isLowConfidence } from '../../core/suite/lowConfidence';
import { summaryText } from '../../core/suite/summaryText';
import type { Suite } from '../../core/suite/types';
import type { CommandContext } from '../commands';
import { readEngineSettings, readPromptSettings, readSuiteSettings } from '../config';
import { remoteModeOf } from '../endpointCommands';
import { messageOf } from '../engineScope';
import { STRINGS } from '../strings';
import { engineForProfile, type ProfileKind } from './engineForProfile';
import { caseRange, type SuiteTree } from './suiteTree';

const S = STRINGS.testing;

/** The suite's own defaults first, then the extension's settings for what it leaves open. */
function withSettings(suite: Suite, ctx: CommandContext, rawMode: boolean): Suite {
  const prompt = readPromptSettings((problem) => ctx.log.warn(problem));
  const run = readEngineSettings((problem) => ctx.log.warn(problem)).run;
  const d = suite.defaults;
  const format = d.format ?? prompt.format;
  const variant = d.format === undefined ? prompt.variant : d.variant;
  return {
    ...suite,
    defaults: {
      ...d,
      format,
      ...(variant !== undefined ? { variant } : {}),
      // Raw mode posts the exact prompt to /v1/completions, which takes no grammar.
      grammar: rawMode ? 'none' : d.grammar ?? (run.grammar ? 'tools' : 'none'),
      sampling: { maxTokens: run.maxTokens, temperature: run.temperature, ...d.sampling },
    },
  };
}

/** The items to run: the cases asked for (a suite means all its cases), each suite read once, afresh. */
async function collect(tree: SuiteTree, request: vscode.TestRunRequest): Promise<{ suites: Suite[]; items: Map<string, vscode.TestItem> }> {
  const roots: vscode.TestItem[] = [];
  if (request.include === undefined) tree.controller.items.forEach((item) => roots.push(item));
  else roots.push(...request.include);
  const excluded = new Set((request.exclude ?? []).map((item) => item.id));
  const wanted = new Map<vscode.TestItem, Set<string> | 'all'>();
  for (const root of roots) {
    const data = tree.data.get(root);
    const suiteItem = data?.kind === 'suite' ? root : root.parent;
    if (data === undefined || suiteItem === undefined || excluded.has(root.id)) continue;
    const ids = wanted.get(suiteItem);
    if (data.kind === 'suite') wanted.set(suiteItem, 'all');
    else if (ids !== 'all') wanted.set(suiteItem, new Set([...(ids ?? []), root.id]));
  }
  const suites: Suite[] = [];
  const items = new Map<string, vscode.TestItem>();
  for (const [suiteItem, ids] of wanted) {
    const suite = await tree.refresh(suiteItem);
    if (suite === undefined) continue;
    suites.push(suite);
    suiteItem.children.forEach((child) => {
      if ((ids === 'all' || ids.has(child.id)) && !excluded.has(child.id)) items.set(child.id, child);
    });
  }
  return { suites, items };
}

function failureMessage(planned: PlannedCase, outcomes: readonly TrialOutcome[], item: vscode.TestItem): vscode.TestMessage {
  // onCaseDone always hands over at least one trial.
  const failed = outcomes.find((o) => !o.verdict.valid) ?? outcomes[0]!;
  const passed = outcomes.filter((o) => o.verdict.valid).length;
  const text = `${failed.verdict.message}${outcomes.length > 1 ? ` (${S.trialsPassed(passed, outcomes.length)})` : ''}\n${S.rawOutput}: ${failed.raw}`;
  const expected = pyJsonDumps(expectedValue(planned.item), { indent: 2, ensureAscii: false });
  const actual = pyJsonDumps(actualValue(failed.calls), { indent: 2, ensureAscii: false });
  const message = vscode.TestMessage.diff(text, expected, actual);
  if (item.uri !== undefined) message.location = new vscode.Location(item.uri, caseRange(planned.item));
  return message;
}

/**
 * A run of the Test Explorer: the chosen cases on the profile's engine through the same runner
 * as `xlam-lab test`. Each case is started, then passed or failed (expected vs actual as a diff
 * at the case, with the raw output); a notification shows cases done/total and the pass rate and
 * cancels like the Test Explorer's own stop. `run.end()` is always called.
 */
export async function runSuiteTests(ctx: CommandContext, tree: SuiteTree, kind: ProfileKind, request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> {
  const run = tree.controller.createTestRun(request);
  const cancel = new AbortController();
  const onCancel = token.onCancellationRequested(() => cancel.abort());
  try {
    const { suites, items } = await collect(tree, request);
    for (const item of items.values()) run.enqueued(item);
    if (items.size === 0) return;
    const engine = await engineForProfile(ctx, kind);
    if (engine === undefined) {
      for (const item of items.values()) run.skipped(item);
      return;
    }
    const raw = remoteModeOf(engine) === 'raw';
    const suiteSettings = readSuiteSettings((problem) => ctx.log.warn(problem));
    const minConfidence = suiteSettings.minConfidence;
    const plan = planCases(suites.map((suite) => withSettings(suite, ctx, raw)), minConfidence !== undefined ? { confidence: true } : {}, (suite, c) => items.has(`${vscode.Uri.file(suite.file).toString()}#${c.id}`));
    const itemOf = (p: PlannedCase): vscode.TestItem | undefined => items.get(`${vscode.Uri.file(p.suite.file).toString()}#${p.item.id}`);
    // The setting, else what the engine serves side by side (an endpoint 8, a local model its sequences).
    const concurrency = runConcurrency(engine, suiteSettings.concurrency);
    let outcomes: readonly TrialOutcome[] = [];
    let done = 0;
    let passed = 0;
    await vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title: S.progressTitle(engine.info().model), cancellable: true }, async (progress, notificationToken) => {
      const stop = notificationToken.onCancellationRequested(() => cancel.abort());
      progress.report({ message: S.progress(0, plan.length, 0) });
      try {
        const result = await runCases({ generate: (r: GenerateRequest) => ctx.engines.generate(r) }, plan, {
          signal: cancel.signal,
          concurrency,
          events: {
            onTrialStart: (p, trial) => {
              const item = itemOf(p);
              if (item !== undefined && trial === 0) run.started(item);
            },
            // Trials end in any order with several in flight; each output line names its case.
            onTrial: (o, p) => {
              const item = itemOf(p);
              run.appendOutput(`${p.item.id}#${o.trial}: ${compactJson(actualValue(o.calls))}\r\n`, undefined, item);
            },
            onCaseDone: (p, mine) => {
              const item = itemOf(p);
              done++;
              const ok = casePassed(mine);
              if (ok) passed++;
              const ms = mine.reduce((t, o) => t + o.wallMs, 0);
              const lowest = caseLowestConfidence(mine);
              if (ok && minConfidence !== undefined && lowest !== undefined && isLowConfidence(lowest, minConfidence)) {
                run.appendOutput(`${S.lowConfidence(p.item.id, Number(lowest.toPrecision(3)), minConfidence)}\r\n`, undefined, item);
              }
              if (item !== undefined) {
                if (ok) run.passed(item, ms);
                else run.failed(item, failureMessage(p, mine, item), ms);
              }
              progress.report({ message: S.progress(done, plan.length, passed), increment: 100 / plan.length });
            },
          },
        });
        // In plan order, whole cases only (after a cancel too), so the summary counts no half case.
        outcomes = result.outcomes;
      } finally {
        stop.dispose();
      }
    });
    if (outcomes.length > 0) {
      ctx.log.info(`test run on ${engine.info().model} (${concurrency} in flight):\n${summaryText(summarize(outcomes, minConfidence))}`);
      void vscode.window.showInformationMessage(STRINGS.testing.summaryLogged(passed, done));
    }
  } catch (error) {
    const cancelled = error instanceof EngineError && error.code === 'cancelled';
    if (!cancelled) {
      ctx.log.error('the test run failed', error);
      void vscode.window.showErrorMessage(S.engineFailed(messageOf(error)));
    }
  } finally {
    onCancel.dispose();
    run.end();
  }
}
