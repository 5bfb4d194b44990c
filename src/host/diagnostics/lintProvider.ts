import * as vscode from 'vscode';
import { lintKind, lintText, RULES, type Diagnostic, type LintKind } from '../../core/lint';
import { readLintSettings } from '../config';
import type { Log } from '../log';
import { STRINGS } from '../strings';
import { convertToolAt } from './convertTool';
import { proposeFix } from './fixes';
import { editorSeverity, resolveRelativePath, sameDiagnostic, zeroBasedRange, type EditorSeverity } from './mapping';
import { toolHoverAt, toolHoverMarkdown } from './toolHover';

/*
 * The editor side of the lint (src/core/lint): a DiagnosticCollection kept current on open and
 * (debounced) edit and for matching workspace files, quick fixes from each diagnostic's `data`,
 * and hovers (rule docs; how a tool renders). Nothing here throws out of a VS Code callback.
 */

const DEBOUNCE_MS = 200;
const SCAN_LIMIT = 200;
const SCAN_CHUNK = 10;
const BUILTIN_GLOBS = ['**/*.tools.json', '**/*.calls.json', '**/*.calls.jsonl'];

const SEVERITIES: Record<EditorSeverity, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  information: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function toVscodeRange(range: Diagnostic['range']): vscode.Range {
  const r = zeroBasedRange(range);
  return new vscode.Range(r.startLine, r.startCharacter, r.endLine, r.endCharacter);
}

class LintService implements vscode.CodeActionProvider, vscode.HoverProvider, vscode.Disposable {
  private readonly collection = vscode.languages.createDiagnosticCollection(STRINGS.lint.collection);
  private readonly timers = new Map<string, NodeJS.Timeout>();
  /** The core diagnostics last shown per URI (for code actions and hovers). */
  private readonly results = new Map<string, Diagnostic[]>();
  /** Tools files read from disk for calls files, by URI. */
  private readonly toolsTexts = new Map<string, string>();
  private extraGlobs: string[] = [];
  private disposed = false;

  constructor(private readonly log: Log) {
    this.readSettings();
  }

  readSettings(): void {
    this.extraGlobs = readLintSettings((message) => this.log.warn(message)).extraGlobs;
  }

  /** Which linter a document calls for; undefined: not ours. */
  kindOf(uri: vscode.Uri, document?: vscode.TextDocument): LintKind | undefined {
    const byName = lintKind(uri.path);
    if (byName !== undefined) return byName;
    if (document !== undefined && this.extraGlobs.some((pattern) => vscode.languages.match({ pattern }, document) > 0)) return 'tools';
    return undefined;
  }

  schedule(document: vscode.TextDocument): void {
    if (this.kindOf(document.uri, document) === undefined) {
      // No longer ours (e.g. its glob was removed from xlam.lint.extraGlobs): drop old problems.
      this.collection.delete(document.uri);
      return;
    }
    const key = document.uri.toString();
    clearTimeout(this.timers.get(key));
    this.timers.set(
      key,
      setTimeout(() => {
        this.timers.delete(key);
        void this.lintDocument(document);
      }, DEBOUNCE_MS),
    );
  }

  async lintDocument(document: vscode.TextDocument): Promise<void> {
    const version = document.version;
    await this.lintUri(document.uri, document.getText(), this.kindOf(document.uri, document), () => !document.isClosed && document.version === version);
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

  /** A tools file changed: forget its disk copy and re-lint the open calls files that may name it. */
  toolsChanged(uri: vscode.Uri): void {
    this.toolsTexts.delete(uri.toString());
    for (const document of vscode.workspace.textDocuments) {
      if (this.kindOf(document.uri, document) === 'calls') this.schedule(document);
    }
  }

  forget(uri: vscode.Uri): void {
    this.results.delete(uri.toString());
    this.collection.delete(uri);
    this.toolsTexts.delete(uri.toString());
  }

  /** Lints the open documents, then up to SCAN_LIMIT matching workspace files, in chunks. */
  async scanWorkspace(): Promise<void> {
    const started = performance.now();
    try {
      for (const document of vscode.workspace.textDocuments) if (this.kindOf(document.uri, document) !== undefined) await this.lintDocument(document);
      const globs = [...BUILTIN_GLOBS, ...this.extraGlobs];
      const files = await vscode.workspace.findFiles(`{${globs.join(',')}}`, '**/node_modules/**', SCAN_LIMIT);
      let done = 0;
      for (const uri of files) {
        if (this.disposed) return;
        const key = uri.toString();
        if (this.results.has(key) || vscode.workspace.textDocuments.some((doc) => doc.uri.toString() === key)) continue;
        try {
          const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
          await this.lintUri(uri, text, lintKind(uri.path) ?? 'tools', () => !this.results.has(key));
        } catch (error) {
          this.log.error(STRINGS.lint.lintFailed(key), error);
        }
        if (++done % SCAN_CHUNK === 0) await new Promise((resolve) => setTimeout(resolve, 0));
      }
      this.log.info(STRINGS.lint.scanned(done, Math.round(performance.now() - started)));
    } catch (error) {
      this.log.error(STRINGS.lint.lintFailed('the workspace'), error);
    }
  }

  /** A file changed on disk (not open): re-lint it. */
  async fileChanged(uri: vscode.Uri): Promise<void> {
    if (vscode.workspace.textDocuments.some((doc) => doc.uri.toString() === uri.toString())) return;
    try {
      const text = new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
      await this.lintUri(uri, text, lintKind(uri.path) ?? 'tools');
    } catch (error) {
      this.log.error(STRINGS.lint.lintFailed(uri.toString()), error);
    }
  }

  private coreFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Diagnostic | undefined {
    const code = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
    const range = { startLine: diagnostic.range.start.line, startCharacter: diagnostic.range.start.character, endLine: diagnostic.range.end.line, endCharacter: diagnostic.range.end.character };
    return this.results.get(document.uri.toString())?.find((core) => sameDiagnostic(core, code, diagnostic.message, range));
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    try {
      const options = editorOptions(document);
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== STRINGS.lint.collection) continue;
        const core = this.coreFor(document, diagnostic);
        if (core === undefined) continue;
        const fix = proposeFix(document.getText(), core, { ...options, jsonl: /\.jsonl$/i.test(document.uri.path) });
        if (fix === undefined) continue;
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of fix.edits) action.edit.replace(document.uri, new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)), edit.content);
        actions.push(action);
      }
      const wantsRefactor = context.only === undefined || context.only.contains(vscode.CodeActionKind.RefactorRewrite) || vscode.CodeActionKind.RefactorRewrite.contains(context.only);
      if (wantsRefactor && this.kindOf(document.uri, document) === 'tools') {
        const unit = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
        for (const convert of convertToolAt(document.getText(), document.offsetAt(range.start), unit, options.eol)) {
          const action = new vscode.CodeAction(convert.title, vscode.CodeActionKind.RefactorRewrite);
          action.edit = new vscode.WorkspaceEdit();
          for (const edit of convert.edits) action.edit.replace(document.uri, new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)), edit.content);
          actions.push(action);
        }
      }
    } catch (error) {
      this.log.error('quick fixes failed', error);
    }
    return actions;
  }

  provideHover(document: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    try {
      const parts: vscode.MarkdownString[] = [];
      const offset = document.offsetAt(position);
      const seen = new Set<string>();
      for (const core of this.results.get(document.uri.toString()) ?? []) {
        if (offset < core.range.start.offset || offset > core.range.end.offset || seen.has(core.code)) continue;
        seen.add(core.code);
        parts.push(new vscode.MarkdownString(`\`${core.code}\`: ${RULES[core.code].doc}`));
      }
      if (this.kindOf(document.uri, document) === 'tools') {
        const hover = toolHoverAt(document.getText(), offset);
        if (hover !== undefined) parts.push(new vscode.MarkdownString(toolHoverMarkdown(hover)));
      }
      return parts.length === 0 ? undefined : new vscode.Hover(parts);
    } catch (error) {
      this.log.error('the hover failed', error);
      return undefined;
    }
  }

  dispose(): void {
    this.disposed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    this.collection.dispose();
  }
}

function toVscodeDiagnostic(core: Diagnostic): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(toVscodeRange(core.range), core.message, SEVERITIES[editorSeverity(core)]);
  diagnostic.source = STRINGS.lint.collection;
  diagnostic.code = core.code;
  return diagnostic;
}

function editorOptions(document: vscode.TextDocument): { insertSpaces: boolean; tabSize: number; eol: string } {
  const editor = vscode.window.visibleTextEditors.find((candidate) => candidate.document === document);
  const tabSize = editor?.options.tabSize;
  return {
    insertSpaces: editor?.options.insertSpaces !== false,
    tabSize: typeof tabSize === 'number' ? tabSize : 2,
    eol: document.eol === vscode.EndOfLine.CRLF ? '\r\n' : '\n',
  };
}

/** Registers the lint's providers and listeners; the workspace scan starts after activation returns. */
export function registerLint(log: Log): vscode.Disposable[] {
  const service = new LintService(log);
  const selector: vscode.DocumentSelector = BUILTIN_GLOBS.map((pattern) => ({ pattern }));
  const watcher = vscode.workspace.createFileSystemWatcher(`{${BUILTIN_GLOBS.join(',')}}`);
  const scan = setTimeout(() => void service.scanWorkspace(), 0);
  const onFile = (uri: vscode.Uri): void => {
    if (lintKind(uri.path) === 'tools') service.toolsChanged(uri);
    void service.fileChanged(uri);
  };
  return [
    service,
    watcher,
    { dispose: () => clearTimeout(scan) },
    watcher.onDidChange(onFile),
    watcher.onDidCreate(onFile),
    watcher.onDidDelete((uri) => service.forget(uri)),
    vscode.workspace.onDidOpenTextDocument((document) => service.schedule(document)),
    vscode.workspace.onDidCloseTextDocument((document) => {
      if (service.kindOf(document.uri, document) === undefined) return;
      // Unsaved edits are gone: show what is on disk again (untitled documents have nothing there).
      if (document.isUntitled) service.forget(document.uri);
      else void service.fileChanged(document.uri);
    }),
    vscode.workspace.onDidChangeTextDocument((event) => {
      if (event.contentChanges.length === 0) return;
      service.schedule(event.document);
      if (service.kindOf(event.document.uri, event.document) === 'tools') service.toolsChanged(event.document.uri);
    }),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('xlam.lint.extraGlobs')) {
        service.readSettings();
        for (const document of vscode.workspace.textDocuments) service.schedule(document);
      }
    }),
    vscode.languages.registerCodeActionsProvider([...selector, { language: 'json' }], service, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix, vscode.CodeActionKind.RefactorRewrite] }),
    vscode.languages.registerHoverProvider([...selector, { language: 'json' }], service),
  ];
}
