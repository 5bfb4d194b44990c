import { parse } from 'jsonc-parser';
import * as vscode from 'vscode';
import { readSuite } from '../../core/suite/readSuite';
import type { Suite, SuiteToolsResolver } from '../../core/suite/types';
import { resolveRelativePath } from '../diagnostics/mapping';

/** The tools references of a suite text (the suite's and each case's), for reading them first. */
function toolsRefs(text: string): string[] {
  const value = parse(text) as unknown;
  if (typeof value !== 'object' || value === null) return [];
  const root = value as { tools?: unknown; cases?: unknown };
  const refs = typeof root.tools === 'string' ? [root.tools] : [];
  if (Array.isArray(root.cases)) for (const item of root.cases as Array<{ tools?: unknown } | null>) if (typeof item?.tools === 'string') refs.push(item.tools);
  return [...new Set(refs)];
}

/** An open document's text, else the file's. */
export async function readText(uri: vscode.Uri): Promise<string> {
  const open = vscode.workspace.textDocuments.find((doc) => doc.uri.toString() === uri.toString());
  if (open !== undefined) return open.getText();
  return new TextDecoder().decode(await vscode.workspace.fs.readFile(uri));
}

/**
 * A suite as `xlam-lab test` reads it, from the editor's text when it is open: the tools files it
 * names are read first (relative to it), since the core reader is handed texts, not files.
 * Throws the core's InputError for bad input.
 */
export async function loadSuite(uri: vscode.Uri): Promise<Suite> {
  const text = await readText(uri);
  return readSuite(text, uri.fsPath, await toolsResolver(uri, text));
}

/** The tools files a suite text names, read first (relative to the suite) for the core's resolver. */
export async function toolsResolver(uri: vscode.Uri, text: string): Promise<SuiteToolsResolver> {
  const tools = new Map<string, { text: string; file: string }>();
  for (const ref of toolsRefs(text)) {
    const target = uri.with({ path: resolveRelativePath(uri.path, ref) });
    try {
      tools.set(ref, { text: await readText(target), file: target.fsPath });
    } catch {
      // readSuite says which reference could not be read.
    }
  }
  return (ref) => tools.get(ref);
}
