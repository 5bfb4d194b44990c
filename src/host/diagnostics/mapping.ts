import type { Diagnostic, Range } from '../../core/lint';

/*
 * Core diagnostics → editor terms, without `vscode` (unit-tested): 0-based ranges and severities.
 */

export type EditorSeverity = 'error' | 'warning' | 'information';

/**
 * The rule's severity as the editor shows it. Every info is Information, grammar-unenforced and
 * fc-v1-loss included: the issue asks for them "as info", and a Hint never reaches the Problems
 * panel, where users look for what the fc v1 prompt loses.
 */
export function editorSeverity(diagnostic: Pick<Diagnostic, 'code' | 'severity'>): EditorSeverity {
  if (diagnostic.severity === 'error') return 'error';
  if (diagnostic.severity === 'warning') return 'warning';
  return 'information';
}

export interface ZeroBasedRange {
  startLine: number;
  startCharacter: number;
  endLine: number;
  endCharacter: number;
}

/** The core's 1-based line/column (UTF-16, end exclusive) → VS Code's 0-based line/character. */
export function zeroBasedRange(range: Range): ZeroBasedRange {
  return {
    startLine: Math.max(0, range.start.line - 1),
    startCharacter: Math.max(0, range.start.column - 1),
    endLine: Math.max(0, range.end.line - 1),
    endCharacter: Math.max(0, range.end.column - 1),
  };
}

/** The same diagnostic: VS Code hands code-action providers copies, so match by value. */
export function sameDiagnostic(core: Diagnostic, code: string, message: string, range: ZeroBasedRange): boolean {
  const mine = zeroBasedRange(core.range);
  return (
    core.code === code &&
    core.message === message &&
    mine.startLine === range.startLine &&
    mine.startCharacter === range.startCharacter &&
    mine.endLine === range.endLine &&
    mine.endCharacter === range.endCharacter
  );
}

/** A tools file named by a calls file: `ref` relative to the calls file's directory (POSIX paths as in URIs). */
export function resolveRelativePath(callsPath: string, ref: string): string {
  if (ref.startsWith('/')) return normalizePath(ref);
  const dir = callsPath.slice(0, callsPath.lastIndexOf('/') + 1);
  return normalizePath(dir + ref);
}

function normalizePath(path: string): string {
  const out: string[] = [];
  for (const part of path.split('/')) {
    if (part === '..') {
      if (out.length > 1) out.pop();
    } else if (part !== '.') out.push(part);
  }
  return out.join('/');
}
