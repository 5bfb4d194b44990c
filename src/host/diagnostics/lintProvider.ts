import * as vscode from 'vscode';
import { lintKind, lintText, type Diagnostic, type LintKind } from '../../core/lint';
import { readLintSettings } from '../config';
import type { Log } from '../log';
import { STRINGS } from '../strings';
import { DocumentItems, type ParsedDocument } from './documentItems';
import { LINTED_SCHEMES, matchesAnyGlob } from './globs';
import { Debouncer, scanFiles } from './lintScheduler';
import { LintActions, type LintState } from './lintActions';
import { editorSeverity, resolveRelativePath, zeroBasedRange, type EditorSeverity } from './mapping';

/*
 * The editor side of the lint (src/core/lint): a DiagnosticCollection kept current on open and
 * (debounced) edit and for matching workspace files, in file and untitled documents only;
 * quick fixes and hovers are in lintActions.ts. Nothing here throws out of a VS Code callback.
 */

const DEBOUNCE_MS = 200;
const SCAN_LIMIT = 200;
const SCAN_CHUNK = 10;
const BUILTIN_GLOBS = ['**/*.tools.json', '**/*.calls.json', '**/*.calls.jsonl', '**/*.fctest.json'];
const EXCLUDE = '**/node_modules/**';

const SEVERITIES: Record<EditorSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
};

export function toVscodeRange(range: Diagnostic['range']): vscode.Range {
  const r = zeroBasedRange(range);
  return new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
}

const isOpen = (uri: vscode.Uri): boolean => vscode.workspace.textDocuments.some((doc) => doc.uri.toString() === uri.toString());

/** The path of `uri` inside its workspace folder (how findFiles and watchers match globs). */
function workspaceRelativePath(uri: vscode.Uri): string | undefined {
  const folder = vscode.workspace.getWorkspaceFolder(uri);
  if (folder === undefined) return undefined;
  const base = folder.uri.path.endsWith('/') ? folder.uri.path : `${folder.uri.path}/`;
  return uri.path.startsWith(base) ? uri.path.slice(base.length) : undefined;
}

class LintService implements LintState, vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(STRINGS.lint.collection);
  private readonly debouncer = new Debouncer<string>(DEBOUNCE_MS);
  /** The core diagnostics last shown per URI (for code actions and hovers). */
  private readonly results = new Map<string, Diagnostic[]>();
  /** Tools files read from disk for calls files, by URI. */
  private readonly toolsTexts = new Map<string, string>();
  /** Text and top-level items per document version, for code actions and hovers. */
  private readonly parsed = new DocumentItems();
  private extraGlobs: string[] = [];
  /** Watchers of the extra globs, one per glob and workspace folder; replaced when they change. */
  private extraWatchers: vscode.Disposable[] = [];
  private disposed = false;

  constructor(private readonly log: Log) {
    this.readSettings();
  }

  readSettings(): void {
    this.extraGlobs = readLintSettings((message) => this.log.warn(message)).extraGlobs;
  }

  /**
   * Which linter a document or file calls for; undefined: not ours. Only file and untitled
   * documents: a git: or diff view of a tools file would show its problems twice.
   */
  kindOf(uri: vscode.Uri): LintKind | undefined {
    if (!LINTED_SCHEMES.has(uri.scheme)) return undefined;
    const byName = lintKind(uri.path);
    if (byName !== undefined) return byName;
    if (this.extraGlobs.length > 0 && matchesAnyGlob(this.extraGlobs, uri.path, workspaceRelativePath(uri))) return 'tools';
    return undefined;
  }

  schedule(document: vscode.TextDocument): void {
    const key = document.uri.toString();
    if (this.kindOf(document.uri) === undefined) {
      // No longer ours (e.g. its glob was removed from xlam.lint.extraGlobs): drop old problems.
      this.debouncer.cancel(key);
      this.results.delete(key);
      this.collection.delete(document.uri);
      return;
    }
    this.debouncer.schedule(key, () => void this.lintDocument(document));
  }

  async lintDocument(document: vscode.TextDocument): Promise<void> {
    const version = document.version;
    await this.lintUri(document.uri, document.getText(), this.kindOf(document.uri), () => !document.isClosed && document.version === version);
  }

  /** Lints one text and shows the result unless `current()` says it went stale meanwhile. */
  async lintUri(uri: vscode.Uri, text: string, kind: LintKind | undefined, current: () => boolean = () => true): Promise<void> {
    if (kind === undefined || this.disposed) return;
    try {
      const file = uri.toString();
      let missing: string[] = [];
      const run = (): Diagnostic[] => {
        missing = [];
        return lintText(text, file, (ref) => this.toolsText(uri, ref, missing), { kind });
      };
      let diagnostics = run();
      if (missing.length > 0) {
        await Promise.all(missing.map((target) => this.readToolsFile(target)));
        diagnostics = run();
      }
      if (!current() || this.disposed) return;
      this.results.set(file, diagnostics);
      this.collection.set(uri, diagnostics.map(toVscodeDiagnostic));
    } catch (error) {
      this.log.error(STRINGS.lint.lintFailed(uri.toString()), error);
    }
  }

  /** A tools file named by a calls file: the open document, else what was read from disk. */
  private toolsText(callsUri: vscode.Uri, ref: string, missing: string[]): string | undefined {
    const target = callsUri.with({ path: resolveRelativePath(callsUri.path, ref) }).toString();
    const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === target);
    if (open !== undefined) return open.getText();
    const read = this.toolsTexts.get(target);
    if (read === undefined) missing.push(target);
    return read;
  }

  private async readToolsFile(target: string): Promise<void> {
    try {
      const bytes = await vscode.workspace.fs.readFile(vscode.Uri.parse(target));
      this.toolsTexts.set(target, new TextDecoder().decode(bytes));
    } catch {
      // The core reports calls-tools-unresolved.
    }
  }

  /** A tools file changed: forget its disk copy and re-lint the open calls files and suites that may name it. */
  toolsChanged(uri: vscode.Uri): void {
    this.toolsTexts.delete(uri.toString());
    for (const document of vscode.workspace.textDocuments) {
      const kind = this.kindOf(document.uri);
      if (kind === 'calls' || kind === 'suite') this.schedule(document);
    }
  }

  forget(uri: vscode.Uri): void {
    this.debouncer.cancel(uri.toString());
    this.results.delete(uri.toString());
    this.collection.delete(uri);
    this.toolsTexts.delete(uri.toString());
    this.parsed.forget(uri.toString());
  }

  /** Lints the open documents, then up to SCAN_LIMIT matching closed workspace files, in chunks. */
  async scanWorkspace(): Promise<void> {
    const started = performance.now();
    try {
      for (const document of vscode.workspace.textDocuments) if (this.kindOf(document.uri) !== undefined) await this.lintDocument(document);
      const done = await scanFiles<vscode.Uri>(
        {
          findFiles: (limit) => this.findMatchingFiles(limit),
          skip: (uri) => this.results.has(uri.toString()) || isOpen(uri) || this.kindOf(uri) === undefined,
          lintFile: (uri) => this.lintClosedFile(uri),
          yieldNow: () => new Promise((resolve) => setTimeout(resolve, 0)),
          stopped: () => this.disposed,
          onError: (uri, error) => this.log.error(STRINGS.lint.lintFailed(uri.toString()), error),
        },
        SCAN_LIMIT,
        SCAN_CHUNK,
      );
      this.log.info(STRINGS.lint.scanned(done, Math.round(performance.now() - started)));
    } catch (error) {
      this.log.error(STRINGS.lint.lintFailed('the workspace'), error);
    }
  }

  /** The built-in globs in one search, each extra glob in its own (globs may hold braces). */
  private async findMatchingFiles(limit: number): Promise<vscode.Uri[]> {
    const found = new Map<string, vscode.Uri>();
    for (const glob of [`{${BUILTIN_GLOBS.join(',')}}`, ...this.extraGlobs]) {
      if (found.size >= limit) break;
      for (const uri of await vscode.workspace.findFiles(glob, EXCLUDE, limit - found.size)) found.set(uri.toString(), uri);
    }
    return [...found.values()];
  }

  private async lintClosedFile(uri: vscode.Uri): Promise<void> {
    const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
    // If the file was opened meanwhile, the document's own lint is the one to show.
    await this.lintUri(uri, text, this.kindOf(uri), () => !isOpen(uri));
  }

  /** A file changed on disk (not open): re-lint it. */
  async fileChanged(uri: vscode.Uri): Promise<void> {
    if (isOpen(uri) || this.kindOf(uri) === undefined) return;
    try {
      await this.lintClosedFile(uri);
    } catch (error) {
      this.log.error(STRINGS.lint.lintFailed(uri.toString()), error);
    }
  }

  /** A watcher saw a file created or changed. */
  onFileEvent(uri: vscode.Uri): void {
    if (this.kindOf(uri) === 'tools') this.toolsChanged(uri);
    void this.fileChanged(uri);
  }

  /**
   * xlam.lint.extraGlobs changed: watch the new globs; re-lint open documents; drop the problems
   * of closed files that no longer match; lint the closed files that now do.
   */
  settingsChanged(): void {
    this.readSettings();
    this.watchExtraGlobs();
    for (const document of vscode.workspace.textDocuments) this.schedule(document);
    for (const key of [...this.results.keys()]) {
      const uri = vscode.Uri.parse(key);
      if (!isOpen(uri) && this.kindOf(uri) === undefined) this.forget(uri);
    }
    void this.scanWorkspace();
  }

  /** One watcher per extra glob and workspace folder (the built-in globs have their own). */
  watchExtraGlobs(): void {
    for (const watcher of this.extraWatchers) watcher.dispose();
    this.extraWatchers = [];
    if (this.disposed) return;
    for (const folder of vscode.workspace.workspaceFolders ?? []) {
      for (const glob of this.extraGlobs) {
        const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(folder, glob));
        this.extraWatchers.push(
          watcher,
          watcher.onDidChange((uri) => this.onFileEvent(uri)),
          watcher.onDidCreate((uri) => this.onFileEvent(uri)),
          watcher.onDidDelete((uri) => this.forget(uri)),
        );
      }
    }
  }

  /** The document's text and top-level items, computed once per version. */
  documentItems(document: vscode.TextDocument): ParsedDocument {
    return this.parsed.get(document.uri.toString(), document.version, () => document.getText());
  }

  /** The core diagnostics last shown for a document (code actions and hovers match against them). */
  resultsOf(uri: vscode.Uri): readonly Diagnostic[] {
    return this.results.get(uri.toString()) ?? [];
  }

  dispose(): void {
    this.disposed = true;
    this.debouncer.dispose();
    this.watchExtraGlobs();
    this.collection.dispose();
  }
}

function toVscodeDiagnostic(core: Diagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toVscodeRange(core.range), core.message, SEVERITIES[editorSeverity(core)]);
  diagnostic.source = STRINGS.lint.collection;
  diagnostic.code = core.code;
  return diagnostic;
}

/** Registers the lint's providers and listeners; the workspace scan starts after activation returns. */
export function registerLint(log: Log): vscode.Disposable[] {
  const service = new LintService(log);
  const actions = new LintActions(service, log);
  const selector: vscode.DocumentSelector = [...LINTED_SCHEMES].flatMap((scheme) => [...BUILTIN_GLOBS.map((pattern) => ({ scheme, pattern })), { scheme, language: 'json' }]);
  const watcher = vscode.workspace.createFileSystemWatcher(`{${BUILTIN_GLOBS.join(',')}}`);
  service.watchExtraGlobs();
  const scan = setTimeout(() => void service.scanWorkspace(), 0);
  return [
    service,
    watcher,
    { dispose: () => clearTimeout(scan) },
    watcher.onDidChange((uri) => service.onFileEvent(uri)),
    watcher.onDidCreate((uri) => service.onFileEvent(uri)),
    watcher.onDidDelete((uri) => service.forget(uri)),
    vscode.workspace.onDidOpenTextDocument((document) => service.schedule(document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (service.kindOf(document.uri) === undefined) return;
      // Unsaved edits are gone: show what is on disk again (untitled documents have nothing there).
      // A file outside the workspace is linted only while open, as VS Code's JSON service does:
      // no watcher sees it change or go, so its problems would otherwise stay after it is deleted.
      if (document.isUntitled || vscode.workspace.getWorkspaceFolder(document.uri) === undefined) service.forget(document.uri);
      else void service.fileChanged(document.uri);
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0) return;
      service.schedule(event.document);
      if (service.kindOf(event.document.uri) === 'tools') service.toolsChanged(event.document.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('xlam.lint.extraGlobs')) service.settingsChanged();
    }),
    vscode.workspace.onDidChangeWorkspaceFolders(() => {
      service.watchExtraGlobs();
      void service.scanWorkspace();
    }),
    vscode.languages.registerCodeActionsProvider(selector, actions, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite] }),
    vscode.languages.registerHoverProvider(selector, actions),
  ];
}
