import type * as vscode from 'vscode';
import type { EngineScope } from './engineScope';
import type { Log } from './log';
import type { ParityDocuments } from './parityCommand';
import type { PromptPreviewProvider } from './promptPreview';
import type { RunResults } from './runQuery';

/** What every command gets: the services built once in activate(). */
export interface CommandContext {
  log: Log;
  previews: PromptPreviewProvider;
  /** The one loaded model or connected endpoint (engineScope.ts). */
  engines: EngineScope;
  runResults: RunResults;
  /** The two renderings of the last template parity check, for the diff view. */
  parityDocuments: ParityDocuments;
  /** Where downloads go, API keys (secrets only) and small remembered choices. */
  storage: Pick<vscode.ExtensionContext, 'globalStorageUri' | 'secrets' | 'globalState'>;
}
