import * as vscode from 'vscode';
import { userMessage } from '../core/messages';
import { LocalEngine } from '../engines/local/localEngine';
import { checkTemplateParity, templateSourceOfModel, type ParityResult } from '../engines/local/templateParity';
import type { CommandContext } from './commands';
import { readPromptSettings } from './config';
import { STRINGS } from './strings';
import { askQuery, readToolsOrReport, toolsDocument } from './toolsInput';

export const PARITY_SCHEME = 'xlam-parity';

/** The two renderings of the last parity check, as read-only documents for the diff view. */
export class ParityDocuments implements vscode.TextDocumentContentProvider {
  private readonly texts = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.texts.get(uri.path) ?? '';
  }

  set(path: string, text: string): vscode.Uri {
    this.texts.set(path, text);
    const uri = vscode.Uri.from({ scheme: PARITY_SCHEME, path });
    this.changed.fire(uri);
    return uri;
  }

  dispose(): void {
    this.changed.dispose();
  }
}

const S = {
  needsLocal: 'xLAM: the template parity check needs a local model file (xLAM: Select Model File…): it compares our prompt with the chat template inside the GGUF.',
  noTemplate: (model: string) => `xLAM: ${model} carries no chat template (tokenizer.chat_template), so there is nothing to compare with.`,
  equal: (format: string, variant: string, chars: number) => `xLAM: template parity — our ${format}/${variant} prompt equals the model's own chat template, byte for byte (${chars} characters).`,
  different: (format: string, variant: string, line: number, column: number, block: string) =>
    `xLAM: template parity — our ${format}/${variant} prompt and the model's chat template differ first at line ${line}, column ${column}${block ? ` (in the ${block} block)` : ''}.`,
  templateError: (message: string) => `xLAM: the model's chat template could not be rendered: ${message}`,
  showDiff: 'Show Diff',
};

/**
 * "xLAM: Check Template Parity": renders the conversation with the loaded GGUF's own chat template
 * and with our renderer, and says whether they are equal, where they first differ and why (known
 * Jinja engine differences), with a diff view. `(toolsUri?: Uri, query?: string)` for tests.
 */
export async function checkParity(ctx: CommandContext, uriArg?: unknown, queryArg?: unknown): Promise<ParityResult | undefined> {
  const engine = ctx.engines.current;
  if (!(engine instanceof LocalEngine)) {
    void vscode.window.showInformationMessage(S.needsLocal);
    return undefined;
  }
  const source = templateSourceOfModel(engine.model);
  if (source === undefined) {
    void vscode.window.showInformationMessage(S.noTemplate(engine.info().model));
    return undefined;
  }
  const toolsDoc = await toolsDocument(uriArg);
  if (toolsDoc === undefined) {
    void vscode.window.showInformationMessage(STRINGS.noToolsFileFor('Check Template Parity'));
    return undefined;
  }
  const query = await askQuery(queryArg);
  if (query === undefined) return undefined;
  const tools = readToolsOrReport(toolsDoc);
  if (tools === undefined) return undefined;
  const { format, variant } = readPromptSettings((problem) => ctx.log.warn(problem));
  const result = await checkTemplateParity({ source, format, variant, tools, messages: [userMessage(query)] });
  report(ctx, result);
  return result;
}

function report(ctx: CommandContext, result: ParityResult): void {
  if (result.templateError !== undefined) {
    ctx.log.warn(`template parity: ${result.templateError}`);
    void vscode.window.showErrorMessage(S.templateError(result.templateError));
    return;
  }
  if (result.equal) {
    ctx.log.info(`template parity: equal (${result.format}/${result.variant}, ${result.ours.length} chars)`);
    void vscode.window.showInformationMessage(S.equal(result.format, result.variant, result.ours.length));
    return;
  }
  const diff = result.firstDifference;
  const message = S.different(result.format, result.variant, diff?.line ?? 1, diff?.column ?? 1, diff?.block ?? '');
  ctx.log.warn(`${message}${result.knownCauses.length > 0 ? ` Known causes: ${result.knownCauses.join('; ')}` : ''}`);
  const ours = ctx.parityDocuments.set(`/ours · ${result.format} ${result.variant}.xlam-prompt`, result.ours);
  const theirs = ctx.parityDocuments.set(`/model template · ${result.format}.xlam-prompt`, result.template);
  void vscode.window.showWarningMessage(message, S.showDiff).then((choice) => {
    if (choice === S.showDiff) void vscode.commands.executeCommand('vscode.diff', theirs, ours, `xLAM: model template ↔ our ${result.format}/${result.variant} prompt`);
  });
}
