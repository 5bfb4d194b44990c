import * as vscode from 'vscode';
import { InputError } from '../../core/errors';
import type { Suite, SuiteCase } from '../../core/suite/types';
import type { Log } from '../log';
import { STRINGS } from '../strings';
import { loadSuite } from './suiteLoader';

/** What a TestItem stands for (kept beside the item, never on it). */
export type ItemData = { kind: 'suite'; uri: vscode.Uri; suite?: Suite } | { kind: 'case'; uri: vscode.Uri; item: SuiteCase };

const SUITE_GLOB = '**/*.fctest.json';

export function caseRange(item: SuiteCase): vscode.Range {
  const { start, end } = item.range;
  return new vscode.Range(start.line - 1, start.column - 1, end.line - 1, end.column - 1);
}

/**
 * The suites of the workspace as test items: one per `*.fctest.json` (found at start, followed
 * through a watcher and edits), its cases as children at their place in the file, read lazily
 * (resolveHandler) and again on each change. A suite that does not read shows the error on its item.
 */
export class SuiteTree implements vscode.Disposable {
  readonly data = new WeakMap<vscode.TestItem, ItemData>();
  private readonly disposables: vscode.Disposable[] = [];

  constructor(
    readonly controller: vscode.TestController,
    private readonly log: Log,
  ) {
    controller.resolveHandler = async (item) => {
      if (item === undefined) await this.discover();
      else await this.refresh(item);
    };
    const watcher = vscode.workspace.createFileSystemWatcher(SUITE_GLOB);
    this.disposables.push(
      watcher,
      watcher.onDidCreate((uri) => this.fileItem(uri)),
      watcher.onDidChange((uri) => void this.changed(uri)),
      watcher.onDidDelete((uri) => controller.items.delete(uri.toString())),
      vscode.workspace.onDidChangeTextDocument((event) => {
        if (event.contentChanges.length > 0 && isSuite(event.document.uri)) void this.changed(event.document.uri);
      }),
      vscode.workspace.onDidOpenTextDocument((document) => {
        if (isSuite(document.uri)) void this.changed(document.uri);
      }),
      // A suite outside the workspace is listed only while it is open: no watcher sees it change
      // or go, so it would otherwise stay in the Test Explorer (and in "Run All") after deletion.
      vscode.workspace.onDidCloseTextDocument((document) => {
        if (isSuite(document.uri) && vscode.workspace.getWorkspaceFolder(document.uri) === undefined) controller.items.delete(document.uri.toString());
      }),
    );
  }

  /** Every suite file of the workspace, as unresolved items. */
  async discover(): Promise<void> {
    for (const uri of await vscode.workspace.findFiles(SUITE_GLOB, '**/node_modules/**', 500)) this.fileItem(uri);
  }

  fileItem(uri: vscode.Uri): vscode.TestItem {
    const existing = this.controller.items.get(uri.toString());
    if (existing !== undefined) return existing;
    const item = this.controller.createTestItem(uri.toString(), uri.path.split('/').pop() ?? uri.path, uri);
    item.canResolveChildren = true;
    this.data.set(item, { kind: 'suite', uri });
    this.controller.items.add(item);
    return item;
  }

  private async changed(uri: vscode.Uri): Promise<void> {
    if (uri.scheme !== 'file') return;
    const item = this.fileItem(uri);
    // Unresolved items are read when first expanded or run; resolved ones follow each edit.
    if (!item.canResolveChildren || item.children.size > 0 || item.error !== undefined) await this.refresh(item);
  }

  /** Reads the suite again and replaces the item's children by its cases. */
  async refresh(item: vscode.TestItem): Promise<Suite | undefined> {
    const data = this.data.get(item);
    if (data?.kind !== 'suite') return undefined;
    item.busy = true;
    try {
      const suite = await loadSuite(data.uri);
      item.error = undefined;
      item.label = suite.name;
      item.canResolveChildren = false;
      this.data.set(item, { ...data, suite });
      item.children.replace(
        suite.cases.map((c) => {
          const child = this.controller.createTestItem(`${data.uri.toString()}#${c.id}`, c.id, data.uri);
          child.range = caseRange(c);
          child.description = c.category;
          this.data.set(child, { kind: 'case', uri: data.uri, item: c });
          return child;
        }),
      );
      return suite;
    } catch (error) {
      const message = error instanceof InputError ? error.describe() : error instanceof Error ? error.message : String(error);
      if (!(error instanceof InputError)) this.log.error(`reading ${data.uri.toString()} failed`, error);
      item.error = STRINGS.testing.unreadable(message);
      item.children.replace([]);
      return undefined;
    } finally {
      item.busy = false;
    }
  }

  dispose(): void {
    for (const d of this.disposables) d.dispose();
  }
}

function isSuite(uri: vscode.Uri): boolean {
  return /\.fctest\.json$/i.test(uri.path);
}
