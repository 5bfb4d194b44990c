import * as vscode from 'vscode';

/** The extension's one log channel ("xLAM Tool Lab" in the Output panel); no console anywhere. */
export interface Log {
  info(message: string): void;
  warn(message: string): void;
  error(message: string, error?: unknown): void;
  channel: vscode.LogOutputChannel;
}

export function createLog(name: string): Log & vscode.Disposable {
  const channel = vscode.window.createOutputChannel(name, { log: true });
  return {
    channel,
    info: (message) => channel.info(message),
    warn: (message) => channel.warn(message),
    error: (message, error) => channel.error(error === undefined ? message : `${message}: ${describeError(error)}`),
    dispose: () => channel.dispose(),
  };
}

function describeError(error: unknown): string {
  if (error instanceof Error) return error.stack ?? error.message;
  return typeof error === 'string' ? error : JSON.stringify(error) ?? typeof error;
}
