import * as vscode from 'vscode';
import { RULES, type Diagnostic, type LintKind } from '../../core/lint';
import type { Log } from '../log';
import { STRINGS } from '../strings';
import { convertToolAt } from './convertTool';
import type { ParsedDocument } from './documentItems';
import { proposeFix } from './fixes';
import { sameDiagnostic } from './mapping';
import { toolHoverAt, toolHoverMarkdown } from './toolHover';

/*
 * Quick fixes, refactors and hovers for the lint's documents. Each request works on the
 * document's text and top-level items cached per version (a 10 MB file is not re-parsed per
 * cursor move), and only parses the tool it is about.
 */

/** What the actions need from the lint service. */
export interface LintState {
  kindOf(uri: vscode.Uri): LintKind | undefined;
  resultsOf(uri: vscode.Uri): readonly Diagnostic[];
  documentItems(document: vscode.TextDocument): ParsedDocument;
}

export class LintActions implements vscode.CodeActionProvider, vscode.HoverProvider {
  constructor(
    private readonly state: LintState,
    private readonly log: Log,
  ) {}

  private coreFor(document: vscode.TextDocument, diagnostic: vscode.Diagnostic): Diagnostic | undefined {
    const code = typeof diagnostic.code === 'object' ? String(diagnostic.code.value) : String(diagnostic.code);
    const range = { startLine: diagnostic.range.start.line, startCharacter: diagnostic.range.start.character, endLine: diagnostic.range.end.line, endCharacter: diagnostic.range.end.character };
    return this.state.resultsOf(document.uri).find((core) => sameDiagnostic(core, code, diagnostic.message, range));
  }

  provideCodeActions(document: vscode.TextDocument, range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    try {
      const options = editorOptions(document);
      for (const diagnostic of context.diagnostics) {
        if (diagnostic.source !== STRINGS.lint.collection) continue;
        const core = this.coreFor(document, diagnostic);
        if (core === undefined) continue;
        const jsonl = /\.jsonl$/i.test(document.uri.path);
        const { text, items } = this.state.documentItems(document);
        const fix = proposeFix(text, core, { ...options, jsonl, ...(jsonl || items === undefined ? {} : { items }) });
        if (fix === undefined) continue;
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.diagnostics = [diagnostic];
        action.isPreferred = true;
        action.edit = new vscode.WorkspaceEdit();
        for (const edit of fix.edits) action.edit.replace(document.uri, new vscode.Range(document.positionAt(edit.offset), document.positionAt(edit.offset + edit.length)), edit.content);
        actions.push(action);
      }
      const wantsRefactor = context.only === undefined || context.only.contains(vscode.CodeActionKind.RefactorRewrite) || vscode.CodeActionKind.RefactorRewrite.contains(context.only);
      if (wantsRefactor && this.state.kindOf(document.uri) === 'tools') {
        const unit = options.insertSpaces ? ' '.repeat(options.tabSize) : '\t';
        const { text, items } = this.state.documentItems(document);
        for (const convert of convertToolAt(text, document.offsetAt(range.start), unit, options.eol, items)) {
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
      for (const core of this.state.resultsOf(document.uri)) {
        if (offset < core.range.start.offset || offset > core.range.end.offset || seen.has(core.code)) continue;
        seen.add(core.code);
        parts.push(new vscode.MarkdownString(`\`${core.code}\`: ${RULES[core.code].doc}`));
      }
      if (this.state.kindOf(document.uri) === 'tools') {
        const { text, items } = this.state.documentItems(document);
        const hover = toolHoverAt(text, offset, items);
        if (hover !== undefined) parts.push(new vscode.MarkdownString(toolHoverMarkdown(hover)));
      }
      return parts.length === 0 ? undefined : new vscode.Hover(parts);
    } catch (error) {
      this.log.error('the hover failed', error);
      return undefined;
    }
  }
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
