/**
 * "Export Code…" from the playground: the document's tools, conversation, format, grammar and
 * sampling as runnable code (src/core/export) in a new untitled editor, the language picked from
 * a list that says why a language does not fit this format.
 */
import * as vscode from 'vscode';
import { exportCode } from '../../core/export/exportCode';
import { EXPORT_LANGS, exportProblem, type ExportLang } from '../../core/export/types';
import type { FormatId } from '../../core/formats/types';
import type { PlaygroundDocument } from '../../core/playground/types';
import type { Tool } from '../../core/tools/tool';
import type { Log } from '../log';

const LANGUAGE_ID: Record<ExportLang, string> = {
  'python-prompt': 'python',
  'python-transformers': 'python',
  'python-openai': 'python',
  'ts-node-llama-cpp': 'typescript',
  curl: 'shellscript',
};

const DETAIL: Record<ExportLang, string> = {
  'python-prompt': 'Standard-library Python that builds the exact prompt (v1 families); run as a script it prints it',
  'python-transformers': 'Python with transformers: the prompt builder (v1) or apply_chat_template(tools=…) (xLAM-2), then generate',
  'python-openai': 'Python with the openai client against vLLM or another OpenAI-compatible server',
  'ts-node-llama-cpp': 'TypeScript with node-llama-cpp: our exact prompt, with the grammar when it is on',
  curl: 'curl against an OpenAI-compatible server',
};

export interface ExportSource {
  doc: PlaygroundDocument;
  tools: readonly Tool[];
  format: FormatId;
  variant: string | undefined;
}

/** Asks for a language, then opens the code beside the playground; undefined when the pick was dismissed. */
export async function exportPlaygroundCode(source: ExportSource, log: Log): Promise<vscode.TextDocument | undefined> {
  const items = EXPORT_LANGS.map((lang) => {
    const problem = exportProblem({ lang, format: source.format });
    return { label: lang, lang, detail: problem ?? DETAIL[lang], description: problem !== undefined ? `not for ${source.format}` : '', problem };
  });
  const picked = await vscode.window.showQuickPick(items, { title: `Export code (${source.format})`, placeHolder: 'The language and client to export for', matchOnDetail: true });
  if (picked === undefined) return undefined;
  if (picked.problem !== undefined) {
    void vscode.window.showWarningMessage(`xLAM: ${picked.problem}`);
    return undefined;
  }
  // A grammar with a remote client works in chat mode only: export those without it rather than fail.
  const remote = picked.lang === 'python-openai' || picked.lang === 'curl';
  const grammar = source.doc.grammar && exportProblem({ lang: picked.lang, format: source.format, grammar: true }) === undefined;
  const result = exportCode({
    lang: picked.lang,
    format: source.format,
    ...(source.variant !== undefined ? { variant: source.variant } : {}),
    tools: source.tools,
    messages: source.doc.messages,
    grammar,
    ...(source.doc.sampling.maxTokens !== undefined ? { maxTokens: source.doc.sampling.maxTokens } : {}),
    ...(source.doc.sampling.temperature !== undefined ? { temperature: source.doc.sampling.temperature } : {}),
  });
  const notes = [...result.notes, ...(remote && source.doc.grammar && !grammar ? ['the grammar is left out: a remote server takes it in chat mode only'] : [])];
  const document = await vscode.workspace.openTextDocument({ language: LANGUAGE_ID[picked.lang], content: result.code });
  await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.Beside, preview: false });
  log.info(`playground: exported ${picked.lang} code for ${source.format} (${result.code.length} characters)${notes.length > 0 ? `; ${notes.join('; ')}` : ''}`);
  if (notes.length > 0) void vscode.window.showInformationMessage(`xLAM: ${notes.join(' · ')}`);
  return document;
}
