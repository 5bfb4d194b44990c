import { proposedFormatOf } from './columnEnginePool';
import * as vscode from 'vscode';
import type { Engine } from '../../core/engine/types';
import type { FormatId } from '../../core/formats/types';
import { InputError } from '../../core/errors';
import { parseToolsText } from '../../core/loadInputs';
import type { ProposedFormat } from '../../core/playground/playgroundRequest';
import { readPlaygroundDocument } from '../../core/playground/readPlaygroundDocument';
import type { PlaygroundDocument } from '../../core/playground/types';
import type { Tool } from '../../core/tools/tool';
import type { RunResultPayload } from '../../shared/playgroundProtocol';
import type { CommandContext } from '../commandContext';
import { readPromptSettings } from '../config';
import { engineFromSettings } from '../engineCommands';
import { messageOf } from '../engineScope';
import { STRINGS } from '../strings';
import { noEnginePayload } from './runPayloads';

const S = STRINGS.playground;

/**
 * What a playground's views and runs read besides the webview: the document and its tools, the
 * engine, and the format the engine proposes. Shared by the session, its views and its runs.
 */
export class PlaygroundInputs {
  constructor(
    readonly document: vscode.TextDocument,
    private readonly ctx: CommandContext,
  ) {}

  get name(): string {
    return this.document.uri.path.split('/').pop() ?? this.document.uri.path;
  }

  /** The document's tools: inline, or read from the referenced tools file. */
  async toolsOf(doc: PlaygroundDocument): Promise<Tool[] | Error> {
    if (doc.tools.kind === 'inline') return doc.tools.tools;
    const uri = vscode.Uri.joinPath(this.document.uri, '..', doc.tools.path);
    try {
      const bytes = await vscode.workspace.fs.readFile(uri);
      return parseToolsText(new TextDecoder().decode(bytes), uri.fsPath);
    } catch (error) {
      return new Error(S.toolsFileUnreadable(doc.tools.path, error instanceof InputError ? error.describe() : messageOf(error)));
    }
  }

  /** The document and its tools, or why a run cannot use them. */
  async read(): Promise<{ doc: PlaygroundDocument; tools: Tool[] } | { error: RunResultPayload }> {
    const read = readPlaygroundDocument(this.document.getText(), this.name);
    if (!read.ok) return { error: { ok: false, error: { code: 'bad-document', message: S.fixDocumentFirst(read.problems[0]?.message ?? ''), action: null } } };
    const tools = await this.toolsOf(read.document);
    if (tools instanceof Error) return { error: { ok: false, error: { code: 'bad-tools', message: tools.message, action: null } } };
    return { doc: read.document, tools };
  }

  /** The loaded engine (or the settings' one), or the no-engine error with its action. */
  async engine(): Promise<Engine | { error: RunResultPayload }> {
    const engine = this.ctx.engines.current ?? (await engineFromSettings(this.ctx));
    return engine ?? { error: noEnginePayload(this.ctx.engines.snapshot().error ?? S.noEngine) };
  }

  proposedFormat(): ProposedFormat | undefined {
    const engine = this.ctx.engines.current;
    return engine === undefined ? undefined : proposedFormatOf(engine);
  }

  fallbackFormat(): FormatId {
    return readPromptSettings().format;
  }
}
